// `npm run bench`: every scenario at every concurrency in one run, each figure beside its baseline. At each
// concurrency the scenarios take turns in short windows, so a baseline and what is compared with it see the same
// machine state. Writes bench/results/<timestamp>.json and latest.json, and prints a table.
//
// Adding a scenario is one function returning a Target (see `scenarios` below): the Bench gives it a temp dir, a dev
// issuer, forked children, a fresh PostgreSQL database (spike_bench_<pid> on the machine's server), a Nexus on it
// and cleanup hooks, and everything it starts is stopped (the database dropped) at the end, even on failure.
import * as grpc from "@grpc/grpc-js";
import { execFileSync, type Serializable } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "../lib/log.js";
import { NEXUS_NODE_FLAGS } from "../lib/programs.js";
import { createPool, parseConnectionUri, type Db } from "../nexus/store/database.js";
import { connectNexus, unary, type NexusConnection } from "../pilot/client/connect.js";
import type { HealthCheckResponse__Output } from "../proto/types/grpc/health/v1/HealthCheckResponse.js";
import type { SecretsGetResponse__Output } from "../proto/types/spike/v1/SecretsGetResponse.js";
import type { SecretsListResponse__Output } from "../proto/types/spike/v1/SecretsListResponse.js";
import type { SecretsPutResponse__Output } from "../proto/types/spike/v1/SecretsPutResponse.js";
import { createCertificateAuthority, issueX509Svid } from "../spiffe/ca.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../spiffe/dev-issuer.js";
import { TRANSPORT_OPTIONS } from "../spiffe/tls.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import { CpuMeter, type CpuShare } from "./cpu.js";
import { forkChild, stopChild, type Child } from "./child.js";
import { echoClient, type EchoServerInit } from "./echo-server.js";
import { sample, summarize, type LoadResult, type Sample } from "./measure.js";
import { authzTable, measureAuthz } from "./authz.js";
import { measureScale, scaleTable } from "./scale.js";
import { measureStartToReady, startToReadyTable } from "./start-to-ready.js";
import { coldCliTable, measureColdCli } from "./cold-cli.js";
import { measurePipeline, pipelineTable, readCeiling } from "./pipeline.js";

const SETTINGS = {
  concurrencies: [1, 16],
  /** Per scenario and concurrency: the measured time, split into `slices` windows taken in turns (A B B A A B). */
  durationMs: 3000,
  slices: 6,
  /**
   * Before the first slice of each scenario at each concurrency; later slices get `sliceWarmupMs`. Long enough for
   * V8 to finish optimizing a server's hot paths: a Nexus child read at c=16 costs ~780 µs of its CPU per call in
   * its first second of load and settles at 200–300 µs after about two (an echo settles within half a second). A
   * shorter warm-up measured part of Nexus's start, not the steady state a long-running server serves in.
   */
  warmupMs: 2500,
  sliceWarmupMs: 100,
  /** Per scenario and concurrency, over all its slices. */
  maxRequests: 200_000,
  callTimeoutMs: 5000,
  echoPayloadBytes: 64,
  trustDomain: "spike.ist",
  /** The machine's PostgreSQL (trust auth); the bench creates and drops its own database there. */
  postgresUri: "postgres://postgres@127.0.0.1:5432/postgres",
  /** Secret get/put and their baselines: values of this size, spread round-robin over this many paths. */
  secretBytes: 1024,
  secretPaths: 1000,
  rawPoolSize: 10,
} as const;

/** A row is flagged when the rest of the machine used this much of a core while it was measured (rows that use
 * PostgreSQL are not: its CPU counts as "other"). */
const NOISY_OTHER_CPU_PCT = 25;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS_DIR = join(ROOT, "bench", "results");
const here = (file: string): string => join(ROOT, "bench", file);

/** What a scenario hands back: one call to put under load (it rejects on any failure) and how to release it. */
interface Target {
  call(): Promise<unknown>;
  close(): void | Promise<void>;
  /** The process serving the calls, for its CPU share. */
  readonly serverPid?: number;
  /** The bench database it uses, when not the main one (a Nexus variant's). */
  readonly database?: string;
}

interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The scenario whose throughput at the same concurrency this one is compared with. */
  readonly baseline?: string;
  /** More scenarios it is compared with, for reference only (the issue's targets use `baseline`). */
  readonly references?: readonly string[];
  /**
   * A server that does the least this scenario must do (answer only once its record or its write is committed): a
   * target above what it reaches is out of reach for any server that keeps the same guarantee here. Also compared
   * with, like a reference.
   */
  readonly floor?: string;
  /** Its server work is (partly) PostgreSQL's, which the CPU meter counts as "other". */
  readonly usesPostgres?: boolean;
  /** A target from issue 8, printed beside the figures (informational, not pass/fail). */
  readonly goal?: Goal;
  start(bench: Bench): Promise<Target>;
}

interface Goal {
  readonly concurrency: number;
  /** Minimum throughput as a share of the baseline's. */
  readonly minRatio: number;
  readonly maxP50Ms?: number;
  readonly maxP99Ms?: number;
}

/** A Nexus child on the bench database, and a Pilot superuser connection to it (shared by the Nexus scenarios). */
interface BenchNexus {
  readonly connection: NexusConnection;
  readonly pid: number | undefined;
  /** The database it serves, whose PostgreSQL backends' CPU is its share. */
  readonly database: string;
}

interface PostgresSettings {
  readonly version: string;
  readonly fsync: string;
  readonly synchronousCommit: string;
  readonly walSyncMethod: string;
}

/** Shared resources for scenarios; `cleanup` releases everything, last acquired first. */
class Bench {
  readonly dir = mkdtempSync(join(tmpdir(), "spike-bench-"));
  private readonly cleanups: (() => void | Promise<void>)[] = [() => rmSync(this.dir, { recursive: true, force: true })];
  private issuerStarted: Promise<DevIssuer> | undefined;
  private readonly databasesCreated = new Map<string, Promise<string>>();
  private readonly nexusStarted = new Map<string, Promise<BenchNexus>>();
  private readonly rootKeyHex = randomBytes(32).toString("hex");
  private rawPoolOpened: Promise<Db> | undefined;
  private readonly log = createLogger("bench", { level: 5 });
  /** The bench database's name (created on first use). */
  readonly databaseName = `spike_bench_${process.pid}`;
  /** The server's durability settings, read when the database is created. */
  postgres: PostgresSettings | undefined;

  defer(fn: () => void | Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** The dev issuer for `trustDomain`, started on first use, with the default registrations (nexus, pilot, ...). */
  issuer(): Promise<DevIssuer> {
    this.issuerStarted ??= DevIssuer.start({
      devDir: join(this.dir, "dev"),
      trustDomain: SETTINGS.trustDomain,
      registrations: defaultRegistrations(SETTINGS.trustDomain),
    }).then((issuer) => {
      this.defer(() => issuer.stop());
      return issuer;
    });
    return this.issuerStarted;
  }

  /**
   * The URI of a fresh database spike_bench_<pid><suffix> on the machine's PostgreSQL, created on first use and
   * dropped at cleanup (after everything that uses it, which is acquired later and so released first).
   */
  database(suffix = ""): Promise<string> {
    let created = this.databasesCreated.get(suffix);
    if (created === undefined) {
      created = (async () => {
        const t = parseConnectionUri(SETTINGS.postgresUri);
        const admin = createPool({ host: t.host, port: t.port, user: t.user, database: t.database, max: 1 }, "bench-admin", this.log);
        this.defer(() => admin.$pool.end());
        const name = this.databaseName + suffix;
        await admin.none("CREATE DATABASE $1:name", [name]);
        this.defer(async () => {
          await admin.none("DROP DATABASE IF EXISTS $1:name WITH (FORCE)", [name]);
        });
        this.postgres = await admin.one<PostgresSettings>(
          `SELECT current_setting('server_version') AS version, current_setting('fsync') AS fsync,
                  current_setting('synchronous_commit') AS "synchronousCommit", current_setting('wal_sync_method') AS "walSyncMethod"`,
        );
        const uri = new URL(SETTINGS.postgresUri);
        uri.pathname = `/${name}`;
        return uri.toString();
      })();
      this.databasesCreated.set(suffix, created);
    }
    return created;
  }

  /**
   * A pg-promise pool of its own on the bench database, with table bench_raw (path, version, 1 KiB value) holding
   * version 0 of each of `secretPaths` paths.
   */
  rawPool(): Promise<Db> {
    this.rawPoolOpened ??= (async () => {
      const t = parseConnectionUri(await this.database());
      const db = createPool({ host: t.host, port: t.port, user: t.user, database: t.database, max: SETTINGS.rawPoolSize }, "bench-raw", this.log);
      this.defer(() => db.$pool.end());
      await db.none("CREATE TABLE bench_raw (path text NOT NULL, version integer NOT NULL, value bytea NOT NULL, PRIMARY KEY (path, version))");
      await db.none("INSERT INTO bench_raw SELECT 'p' || i, 0, $1 FROM generate_series(0, $2::int - 1) AS i", [
        randomBytes(SETTINGS.secretBytes),
        SETTINGS.secretPaths,
      ]);
      return db;
    })();
    return this.rawPoolOpened;
  }

  /**
   * The real Nexus in a child, on the bench database, with a Pilot superuser connection; started on first use.
   * `env` (e.g. SPIKE_NEXUS_AUDIT_READ_COMMIT) makes a variant: one more Nexus, on a database of its own, so that
   * the main Nexus is measured as a lone instance (several on one database announce secret changes to each other,
   * ADR 0032).
   */
  nexus(env: Readonly<Record<string, string>> = {}): Promise<BenchNexus> {
    const key = JSON.stringify(env);
    let started = this.nexusStarted.get(key);
    if (started === undefined) {
      started = (async () => {
        const database = key === "{}" ? "" : `_v${this.nexusStarted.size}`;
        const [, uri] = await Promise.all([this.issuer(), this.database(database)]);
        // Every Nexus of the bench holds the same root key, as several Nexus of one deployment do.
        const child = await this.fork("nexus-child.ts", { args: [this.socket("nexus"), uri, "--root-key-ipc"], init: this.rootKeyHex, env, nodeArgs: NEXUS_NODE_FLAGS });
        const source = workloadApiSource(`unix://${this.socket("pilot")}`);
        this.defer(() => source.close());
        await source.ready(10_000);
        const connection = connectNexus(`127.0.0.1:${child.port}`, source, [SETTINGS.trustDomain]);
        this.defer(() => connection.close());
        return { connection, pid: child.process.pid, database: this.databaseName + database };
      })();
      this.nexusStarted.set(key, started);
    }
    return started;
  }

  socket(name: string): string {
    return devSocketPath(join(this.dir, "dev"), name);
  }

  /** Forks a child server (bench/<file>) and registers its stop, even if it never becomes ready. */
  fork(file: string, opts: { args?: string[]; init?: Serializable; env?: Readonly<Record<string, string>>; nodeArgs?: readonly string[] } = {}): Promise<Child> {
    return forkChild(here(file), {
      ...opts,
      onSpawn: (child) => this.defer(() => stopChild(child)),
    });
  }

  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`bench cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Scenarios

/** Raw grpc-js mTLS unary echo of `bytes`: certificates from our dev CA, but none of our SPIFFE credential code. */
/** `lean`: both ends with the grpc-js options Nexus and its clients run with (spiffe/tls.ts TRANSPORT_OPTIONS). */
async function rawEcho(bench: Bench, bytes: number, opts: { lean?: boolean; record?: "read" | "durable" } = {}): Promise<Target> {
  const lean = opts.lean === true;
  const ca = await createCertificateAuthority({ trustDomain: SETTINGS.trustDomain });
  const [server, client] = await Promise.all([
    issueX509Svid(ca, { spiffeId: `spiffe://${SETTINGS.trustDomain}/bench/echo-server`, ttlMs: 3_600_000 }),
    issueX509Svid(ca, { spiffeId: `spiffe://${SETTINGS.trustDomain}/bench/echo-client`, ttlMs: 3_600_000 }),
  ]);
  const init: EchoServerInit = {
    caPem: ca.certPem,
    certPem: server.certPem,
    keyPem: server.keyPem,
    ...(lean ? { serverOptions: { ...TRANSPORT_OPTIONS } } : {}),
    ...(opts.record === undefined ? {} : { record: { uri: await bench.database(), kind: opts.record } }),
  };
  const child = await bench.fork("echo-server.ts", { init });
  const creds = grpc.credentials.createSsl(Buffer.from(ca.certPem), Buffer.from(client.keyPem), Buffer.from(client.certPem), {
    checkServerIdentity: () => undefined,
  });
  const echo = echoClient(`127.0.0.1:${child.port}`, creds, { "grpc.ssl_target_name_override": "spiffe", "grpc.default_authority": "spiffe", ...(lean ? TRANSPORT_OPTIONS : {}) });
  const payload = Buffer.alloc(bytes, 0x61);
  return {
    call: async () => {
      const res = await echo.call(payload, SETTINGS.callTimeoutMs);
      if (res.payload.length !== payload.length) throw new Error(`echo returned ${res.payload.length} bytes, sent ${payload.length}`);
    },
    close: () => echo.close(),
    ...(child.process.pid === undefined ? {} : { serverPid: child.process.pid }),
  };
}

/** A Target on the shared Nexus (whose connection the Bench closes). */
function onNexus(nexus: BenchNexus, call: () => Promise<unknown>): Target {
  return { call, close: () => undefined, database: nexus.database, ...(nexus.pid === undefined ? {} : { serverPid: nexus.pid }) };
}

/** A secret value of `secretBytes` characters (base64 of random bytes), as the map { value }. */
function secretData(): Record<string, string> {
  return { value: randomBytes((SETTINGS.secretBytes * 3) / 4).toString("base64") };
}

/** One Secrets.Put through the Pilot client path; resolves with the version written. */
async function putSecret(nexus: BenchNexus, path: string, data: Record<string, string>): Promise<number> {
  const res = await unary<SecretsPutResponse__Output>((md, o, cb) => nexus.connection.secrets.Put({ path, data }, md, o, cb), SETTINGS.callTimeoutMs);
  return res.version;
}

/** `secretPaths` paths under `prefix`, each with one version written (16 at a time). */
async function prewrite(nexus: BenchNexus, prefix: string): Promise<string[]> {
  const paths = Array.from({ length: SETTINGS.secretPaths }, (_, i) => `${prefix}/${i}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < paths.length; i = next++) await putSecret(nexus, paths[i] as string, secretData());
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return paths;
}

/** Nexus's health.Check through the Pilot client path: dev issuer SVIDs, SPIFFE credentials, server ID check. */
async function nexusHealth(bench: Bench): Promise<Target> {
  const nexus = await bench.nexus();
  return onNexus(nexus, async () => {
    const res = await unary<HealthCheckResponse__Output>((md, o, cb) => nexus.connection.health.Check({ service: "" }, md, o, cb), SETTINGS.callTimeoutMs);
    if (res.status !== "SERVING") throw new Error(`Nexus health is ${res.status}`);
  });
}

/**
 * Nexus Secrets.Get of the current version of pre-written 1 KiB secrets, round-robin over the paths; `env` picks a
 * Nexus variant (its own child on the same database).
 */
async function nexusSecretGet(bench: Bench, env: Readonly<Record<string, string>> = {}): Promise<Target> {
  const nexus = await bench.nexus(env);
  const paths = await prewrite(nexus, Object.keys(env).length === 0 ? "bench/get" : "bench/get-variant");
  let n = 0;
  return onNexus(nexus, async () => {
    const path = paths[n++ % paths.length] as string;
    const res = await unary<SecretsGetResponse__Output>((md, o, cb) => nexus.connection.secrets.Get({ path }, md, o, cb), SETTINGS.callTimeoutMs);
    if (res.data.value?.length !== SETTINGS.secretBytes) throw new Error(`${path}: got ${res.data.value?.length ?? "no"} value characters`);
  });
}

/** Nexus Secrets.Put of a new 1 KiB version of existing secrets (older versions pruned), round-robin over the paths. */
async function nexusSecretPut(bench: Bench): Promise<Target> {
  const nexus = await bench.nexus();
  const paths = await prewrite(nexus, "bench/put");
  const data = secretData();
  let n = 0;
  return onNexus(nexus, () => putSecret(nexus, paths[n++ % paths.length] as string, data));
}

/** Nexus Secrets.List of one 1,000-path page (the superuser: no per-path filtering cost hides here). */
async function nexusList(bench: Bench): Promise<Target> {
  const nexus = await bench.nexus();
  await prewrite(nexus, "bench/list");
  return onNexus(nexus, async () => {
    const res = await unary<SecretsListResponse__Output>((md, o, cb) => nexus.connection.secrets.List({ prefix: "bench/list/", limit: SETTINGS.secretPaths }, md, o, cb), SETTINGS.callTimeoutMs);
    if (res.paths.length !== SETTINGS.secretPaths) throw new Error(`listed ${res.paths.length} paths`);
  });
}

/** Raw pg-promise: SELECT (prepared) of 1,000 paths in order, the query a list page needs at least. */
async function rawList(bench: Bench): Promise<Target> {
  const db = await bench.rawPool();
  return {
    call: async () => {
      const rows = await db.any<{ path: string }>({ name: "bench-list", text: "SELECT path FROM bench_raw WHERE version = 0 ORDER BY path LIMIT $1", values: [SETTINGS.secretPaths] });
      if (rows.length !== SETTINGS.secretPaths) throw new Error(`got ${rows.length} rows`);
    },
    close: () => undefined,
  };
}

/** Raw pg-promise: one committed single-row INSERT (prepared) of a new 1 KiB version, round-robin over the paths. */
async function rawInsert(bench: Bench): Promise<Target> {
  const db = await bench.rawPool();
  const value = randomBytes(SETTINGS.secretBytes);
  let n = 0;
  return {
    call: () => {
      const i = n++;
      return db.none({
        name: "bench-insert",
        text: "INSERT INTO bench_raw (path, version, value) VALUES ($1, $2, $3)",
        values: [`p${i % SETTINGS.secretPaths}`, Math.floor(i / SETTINGS.secretPaths) + 1, value],
      });
    },
    close: () => undefined,
  };
}

/** Raw pg-promise: SELECT (prepared) of one 1 KiB row by primary key, round-robin over the paths. */
async function rawSelect(bench: Bench): Promise<Target> {
  const db = await bench.rawPool();
  let n = 0;
  return {
    call: async () => {
      const row = await db.one<{ value: Buffer }>({
        name: "bench-select",
        text: "SELECT value FROM bench_raw WHERE path = $1 AND version = 0",
        values: [`p${n++ % SETTINGS.secretPaths}`],
      });
      if (row.value.length !== SETTINGS.secretBytes) throw new Error(`got ${row.value.length} bytes`);
    },
    close: () => undefined,
  };
}

const KIB = SETTINGS.secretBytes;
const scenarios: readonly Scenario[] = [
  { name: "grpc-echo", description: `raw grpc-js mTLS unary echo, ${SETTINGS.echoPayloadBytes} B`, start: (b) => rawEcho(b, SETTINGS.echoPayloadBytes) },
  { name: "nexus-health", description: "Nexus grpc.health.v1 Check via the Pilot client", baseline: "grpc-echo", start: nexusHealth },
  { name: "grpc-echo-1k", description: `raw grpc-js mTLS unary echo, ${KIB} B`, start: (b) => rawEcho(b, KIB) },
  {
    name: "grpc-echo-1k-lean",
    description: `grpc-echo-1k with channelz off on both ends, as Nexus and its clients run (TRANSPORT_OPTIONS); for reference: the transport ceiling Nexus actually has`,
    start: (b) => rawEcho(b, KIB, { lean: true }),
  },
  {
    name: "grpc-echo-1k-recorded",
    description:
      "grpc-echo-1k-lean whose every answer waits for a one-row record of its call, grouped and committed as Nexus's read records are " +
      "(one INSERT per group, synchronous_commit off, two groups in flight; ADR 0031): for reference, the least any server that records each read before answering can do here",
    baseline: "grpc-echo-1k",
    usesPostgres: true,
    start: (b) => rawEcho(b, KIB, { lean: true, record: "read" }),
  },
  {
    name: "grpc-echo-1k-durable",
    description:
      "grpc-echo-1k-lean whose every answer waits for its payload stored durably: one INSERT per group of calls, committed with its WAL " +
      "flush, two groups in flight (as a put group is, ADR 0033): for reference, the least any server that stores each write before answering can do here",
    baseline: "pg-insert",
    usesPostgres: true,
    start: (b) => rawEcho(b, KIB, { lean: true, record: "durable" }),
  },
  {
    name: "nexus-get",
    description: `Nexus Secrets.Get via the Pilot client, ${KIB} B value, round-robin over ${SETTINGS.secretPaths} paths`,
    baseline: "grpc-echo-1k",
    references: ["grpc-echo-1k-lean"],
    floor: "grpc-echo-1k-recorded",
    usesPostgres: true,
    goal: { concurrency: 16, minRatio: 0.8, maxP50Ms: 1.5, maxP99Ms: 15 },
    start: (b) => nexusSecretGet(b),
  },
  {
    name: "nexus-get-sync",
    description: "nexus-get on a Nexus with SPIKE_NEXUS_AUDIT_READ_COMMIT=sync (each read's audit group commit waits for its WAL flush; ADR 0031)",
    baseline: "grpc-echo-1k",
    usesPostgres: true,
    start: (b) => nexusSecretGet(b, { SPIKE_NEXUS_AUDIT_READ_COMMIT: "sync" }),
  },
  {
    name: "pg-insert",
    description: `raw pg-promise single-row INSERT (prepared, committed, pool ${SETTINGS.rawPoolSize}), ${KIB} B bytea`,
    usesPostgres: true,
    start: rawInsert,
  },
  {
    name: "nexus-put",
    description: `Nexus Secrets.Put (new version) via the Pilot client, ${KIB} B value, round-robin over ${SETTINGS.secretPaths} paths`,
    baseline: "pg-insert",
    floor: "grpc-echo-1k-durable",
    usesPostgres: true,
    goal: { concurrency: 16, minRatio: 0.6 },
    start: nexusSecretPut,
  },
  {
    name: "pg-list",
    description: `raw pg-promise SELECT of ${SETTINGS.secretPaths} paths in order (prepared)`,
    usesPostgres: true,
    start: rawList,
  },
  {
    name: "nexus-list",
    description: `Nexus Secrets.List of one ${SETTINGS.secretPaths}-path page via the Pilot client`,
    baseline: "pg-list",
    usesPostgres: true,
    start: nexusList,
  },
  {
    name: "pg-select",
    description: `raw pg-promise SELECT by primary key (prepared, pool ${SETTINGS.rawPoolSize}), ${KIB} B bytea; for reference`,
    usesPostgres: true,
    start: rawSelect,
  },
];

for (const s of scenarios) {
  if (s.baseline !== undefined && !scenarios.some((b) => b.name === s.baseline)) throw new Error(`scenario ${s.name}: no baseline named ${s.baseline}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Run and report

interface ScenarioResult extends LoadResult {
  readonly scenario: string;
  readonly baseline: string | null;
  /** rps / baseline rps at the same concurrency. */
  readonly ratioToBaseline: number | null;
  /** rps / each reference's rps at the same concurrency. */
  readonly references: ReadonlyArray<{ readonly scenario: string; readonly ratio: number | null }>;
  readonly cpu: CpuShare;
  /** The issue-8 target for this row and whether each part of it was met (informational). */
  readonly goal: (Goal & { readonly met: { readonly ratio: boolean; readonly p50: boolean; readonly p99: boolean } }) | null;
}

function checkGoal(scenario: Scenario, result: LoadResult, ratio: number | null): ScenarioResult["goal"] {
  const goal = scenario.goal;
  if (goal === undefined || goal.concurrency !== result.concurrency) return null;
  return {
    ...goal,
    met: {
      ratio: ratio !== null && ratio >= goal.minRatio,
      p50: goal.maxP50Ms === undefined || result.p50Ms <= goal.maxP50Ms,
      p99: goal.maxP99Ms === undefined || result.p99Ms <= goal.maxP99Ms,
    },
  };
}

function describeGoal(r: ScenarioResult): string {
  const g = r.goal;
  if (g === null) return "";
  const mark = (ok: boolean): string => (ok ? "met" : "MISSED");
  const parts = [`≥ ${Math.round(g.minRatio * 100)} % ${mark(g.met.ratio)}`];
  if (g.maxP50Ms !== undefined) parts.push(`p50 ≤ ${g.maxP50Ms} ${mark(g.met.p50)}`);
  if (g.maxP99Ms !== undefined) parts.push(`p99 ≤ ${g.maxP99Ms} ${mark(g.met.p99)}`);
  return parts.join(", ");
}

/**
 * Whether a goal can be reached on this machine at all: no server answers faster than an echo that does nothing,
 * so a throughput target above the fastest echo measured in the same run at the same concurrency, or a latency
 * target below that echo's own, is out of reach here, whatever the server does.
 */
interface Reach {
  readonly scenario: string;
  readonly concurrency: number;
  readonly targetRps: number;
  /** The fastest echo (default or lean) at this concurrency: the transport's ceiling on this machine. */
  readonly ceiling: { readonly scenario: string; readonly rps: number; readonly p50Ms: number; readonly p99Ms: number };
  readonly rpsReachable: boolean;
  /** The scenario's floor server (Scenario.floor) in the same run, and whether the target is within its throughput. */
  readonly floor: { readonly scenario: string; readonly rps: number; readonly rpsReachable: boolean } | null;
  readonly p50Reachable: boolean | null;
  readonly p99Reachable: boolean | null;
}

const ECHOES = ["grpc-echo-1k", "grpc-echo-1k-lean"];

function reach(results: readonly ScenarioResult[]): Reach[] {
  const out: Reach[] = [];
  for (const r of results) {
    const g = r.goal;
    const base = results.find((b) => b.scenario === r.baseline && b.concurrency === r.concurrency);
    const echoes = results.filter((e) => ECHOES.includes(e.scenario) && e.concurrency === r.concurrency).sort((a, b) => b.rps - a.rps);
    const top = echoes[0];
    if (g === null || base === undefined || top === undefined) continue;
    const targetRps = Math.round(g.minRatio * base.rps);
    const floorName = scenarios.find((s) => s.name === r.scenario)?.floor;
    const floor = results.find((f) => f.scenario === floorName && f.concurrency === r.concurrency);
    out.push({
      scenario: r.scenario,
      concurrency: r.concurrency,
      targetRps,
      ceiling: { scenario: top.scenario, rps: Math.round(top.rps), p50Ms: top.p50Ms, p99Ms: top.p99Ms },
      rpsReachable: targetRps <= top.rps,
      floor: floor === undefined ? null : { scenario: floor.scenario, rps: Math.round(floor.rps), rpsReachable: targetRps <= floor.rps },
      p50Reachable: g.maxP50Ms === undefined ? null : Math.min(...echoes.map((e) => e.p50Ms)) <= g.maxP50Ms,
      p99Reachable: g.maxP99Ms === undefined ? null : Math.min(...echoes.map((e) => e.p99Ms)) <= g.maxP99Ms,
    });
  }
  return out;
}

function reachTable(rows: readonly Reach[]): string {
  if (rows.length === 0) return "";
  const word = (ok: boolean | null): string => (ok === null ? "" : ok ? "reachable" : "OUT OF REACH on this machine");
  return [
    "Can the targets be reached here? (the fastest echo in this run is the ceiling for any gRPC server)",
    ...rows.map((r) =>
      `  ${r.scenario} c=${r.concurrency}: target ${r.targetRps} req/s vs ${r.ceiling.scenario} ${r.ceiling.rps} req/s: ${word(r.rpsReachable)}` +
      (r.floor === null ? "" : `; vs ${r.floor.scenario} ${r.floor.rps} req/s (the same guarantee, nothing else): ${word(r.floor.rpsReachable)}`) +
      (r.p50Reachable === null ? "" : `; p50 target vs echo p50 ${r.ceiling.p50Ms.toFixed(2)} ms: ${word(r.p50Reachable)}`) +
      (r.p99Reachable === null ? "" : `; p99 target vs echo p99 ${r.ceiling.p99Ms.toFixed(2)} ms: ${word(r.p99Reachable)}`),
    ),
  ].join("\n");
}

interface Machine {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly totalMemMiB: number;
  readonly grpcJs: string | null;
  readonly commit: string | null;
  readonly dirty: boolean;
}

function machine(): Machine {
  const cpu = cpus();
  const git = (args: string[]): string | null => {
    try {
      return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return null;
    }
  };
  const grpcJs: unknown = JSON.parse(readFileSync(join(ROOT, "node_modules", "@grpc", "grpc-js", "package.json"), "utf8"));
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? "unknown",
    totalMemMiB: Math.round(totalmem() / 2 ** 20),
    grpcJs: typeof grpcJs === "object" && grpcJs !== null && "version" in grpcJs && typeof grpcJs.version === "string" ? grpcJs.version : null,
    commit: git(["rev-parse", "--short", "HEAD"]),
    dirty: git(["status", "--porcelain"]) !== "",
  };
}

function table(results: readonly ScenarioResult[]): string {
  const usesPostgres = new Set(scenarios.filter((s) => s.usesPostgres === true).map((s) => s.name));
  const head = ["scenario", "conc", "req/s", "p50 ms", "p99 ms", "errors", "cpu µs/call client/server/pg", "other cpu", "vs baseline", "issue 8 target"];
  const rows = results.map((r) => [
    r.scenario,
    String(r.concurrency),
    r.rps.toFixed(0),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    String(r.errors),
    `${r.cpu.clientUsPerCall} / ${r.cpu.serverUsPerCall}${usesPostgres.has(r.scenario) ? ` / ${r.cpu.postgresUsPerCall}` : ""}`,
    `${r.cpu.otherPct} %${usesPostgres.has(r.scenario) ? "*" : ""}`,
    (r.ratioToBaseline === null ? "" : `${(r.ratioToBaseline * 100).toFixed(0)} % of ${r.baseline}`) +
      r.references.map((ref) => (ref.ratio === null ? "" : ` (${(ref.ratio * 100).toFixed(0)} % of ${ref.scenario})`)).join(""),
    describeGoal(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 || i >= cells.length - 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * `--only a,b`: just these load scenarios (their baselines are added) and sections (start-to-ready, authz, scale),
 * for focused runs while working on one figure. The full run (no flag) is the one that is reported.
 */
function selection(): { scenarios: readonly Scenario[]; section(name: string): boolean } {
  const at = process.argv.indexOf("--only");
  if (at < 0) return { scenarios, section: () => true };
  const names = new Set((process.argv[at + 1] ?? "").split(",").filter((n) => n !== ""));
  for (const s of scenarios) {
    if (names.has(s.name) && s.baseline !== undefined) names.add(s.baseline);
    if (names.has(s.name)) for (const ref of comparedWith(s)) names.add(ref);
  }
  return { scenarios: scenarios.filter((s) => names.has(s.name)), section: (name) => names.has(name) };
}

/** The scenarios a row is compared with besides its baseline: its references, then its floor. */
const comparedWith = (s: Scenario): string[] => [...(s.references ?? []), ...(s.floor === undefined ? [] : [s.floor])];

/** `--concurrency 16`: only this concurrency (a focused run, e.g. under a profiler); by default every one. */
function concurrencies(): readonly number[] {
  const at = process.argv.indexOf("--concurrency");
  if (at < 0) return SETTINGS.concurrencies;
  const c = Number(process.argv[at + 1]);
  if (!Number.isInteger(c) || c < 1) throw new Error(`--concurrency wants a positive integer, not ${String(process.argv[at + 1])}`);
  return [c];
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const only = selection();
  const levels = concurrencies();
  const loadBefore = loadavg();
  const bench = new Bench();
  const abort = new AbortController();
  const interrupted = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n${signal}: stopping the bench\n`);
    abort.abort();
    void bench.cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  const results: ScenarioResult[] = [];
  try {
    const started: { scenario: Scenario; target: Target }[] = [];
    for (const scenario of only.scenarios) {
      const target = await scenario.start(bench);
      bench.defer(() => target.close());
      await target.call(); // connected and answering before any load
      started.push({ scenario, target });
    }
    for (const concurrency of levels) {
      process.stderr.write(`concurrency ${concurrency}: ${only.scenarios.map((s) => s.name).join(", ")}...\n`);
      const database = bench.databaseName;
      const rows = started.map((run) => ({ ...run, samples: [] as Sample[], meter: new CpuMeter(run.target.serverPid, run.scenario.usesPostgres === true ? (run.target.database ?? database) : undefined) }));
      for (let slice = 0; slice < SETTINGS.slices; slice++) {
        // Taking turns (A B B A A B) spreads whatever else the machine does over every scenario alike.
        for (const row of slice % 2 === 0 ? rows : [...rows].reverse()) {
          const got = await sample(() => row.target.call(), {
            concurrency,
            durationMs: SETTINGS.durationMs / SETTINGS.slices,
            warmupMs: slice === 0 ? SETTINGS.warmupMs : SETTINGS.sliceWarmupMs,
            maxRequests: Math.ceil(SETTINGS.maxRequests / SETTINGS.slices),
            onWindow: row.meter.onWindow,
            signal: abort.signal,
          });
          if (abort.signal.aborted) return;
          row.samples.push(got);
        }
      }
      const summed = rows.map((row) => ({ ...row, result: summarize(row.samples) }));
      for (const { scenario, result, meter } of summed) {
        const ratioTo = (name: string | undefined): number | null => {
          const base = summed.find((b) => b.scenario.name === name)?.result;
          return base !== undefined && base.rps > 0 ? Math.round((result.rps / base.rps) * 1000) / 1000 : null;
        };
        const ratio = ratioTo(scenario.baseline);
        results.push({
          scenario: scenario.name,
          baseline: scenario.baseline ?? null,
          ratioToBaseline: ratio,
          references: comparedWith(scenario).map((ref) => ({ scenario: ref, ratio: ratioTo(ref) })),
          ...result,
          cpu: meter.share(result.requests),
          goal: checkGoal(scenario, result, ratio),
        });
      }
    }
  } finally {
    await bench.cleanup();
  }

  /** Runs one extra section after the load scenarios: a failure is reported in its place, its processes stopped. */
  const section = async <T>(enabled: boolean, measure: () => Promise<T>): Promise<T | { readonly error: string } | null> => {
    if (abort.signal.aborted || !enabled) return null;
    try {
      return await measure();
    } catch (err) {
      process.exitCode = 1;
      return { error: err instanceof Error ? err.message : String(err) };
    } finally {
      await bench.cleanup();
    }
  };

  // Extra section, after the load scenarios (their servers are gone): Nexus start-to-ready with three Keepers, as
  // real processes from dist/ (bench/start-to-ready.ts). Its releases go through the Bench, so an interrupt (which
  // runs bench.cleanup) stops them too.
  const startToReady = await section(only.section("start-to-ready"), () => measureStartToReady({ defer: (fn) => bench.defer(fn), signal: abort.signal }));
  if (abort.signal.aborted) return;

  // Authorization decisions with 1,000 policies (bench/authz.ts), in this process: no server involved.
  const authz = abort.signal.aborted || !only.section("authz") ? null : await measureAuthz();

  // Nexus at 1k, 10k and 100k secrets (bench/scale.ts): RSS and CPU per read. `--quick` stops at 10k.
  const scale = await section(only.section("scale"), () =>
    measureScale({ defer: (fn) => bench.defer(fn), signal: abort.signal, ...(process.argv.includes("--quick") ? { max: 10_000 } : {}) }),
  );
  if (abort.signal.aborted) return;

  // Nexus's own cost per read with no transport (bench/pipeline.ts), and the ceiling it puts on the read target.
  const pipeline = await section(only.section("pipeline"), () => measurePipeline({ defer: (fn) => bench.defer(fn), signal: abort.signal }));
  if (abort.signal.aborted) return;
  // The issue's baseline at c=16: the transport's own CPU per call, to which the pipeline's cost adds.
  const echoRow = results.find((r) => r.scenario === "grpc-echo-1k" && r.concurrency === 16);
  const echoCost = echoRow === undefined ? undefined : { name: "grpc-echo-1k c=16", clientMicros: echoRow.cpu.clientUsPerCall, serverMicros: echoRow.cpu.serverUsPerCall };

  // A cold `spike secret get` beside `node -e ''` (bench/cold-cli.ts), against a Nexus in this process.
  const coldCli = await section(true, () => measureColdCli({ defer: (fn) => bench.defer(fn) }));
  if (abort.signal.aborted) return;

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine(), loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    postgres: bench.postgres ?? null,
    settings: SETTINGS,
    scenarios: scenarios.map(({ name, description, baseline, references, goal }) => ({ name, description, baseline: baseline ?? null, references: references ?? [], goal: goal ?? null })),
    results,
    reach: reach(results),
    startToReady,
    authz,
    scale,
    pipeline: pipeline === null || "error" in pipeline ? pipeline : { ...pipeline, readCeiling: readCeiling(pipeline, echoCost) ?? null },
    coldCli,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(RESULTS_DIR, `${report.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, json);
  if (!process.argv.includes("--only")) writeFileSync(join(RESULTS_DIR, "latest.json"), json);

  const m = report.machine;
  const pg = report.postgres;
  const load = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(" ");
  process.stdout.write(
    `\nnode ${m.node}, ${m.cpus} x ${m.cpuModel}, grpc-js ${m.grpcJs ?? "?"}, loadavg before ${load(loadBefore)}, after ${load(m.loadavgAfter)}\n` +
      (pg === null ? "" : `PostgreSQL ${pg.version}: fsync ${pg.fsync}, synchronous_commit ${pg.synchronousCommit}, wal_sync_method ${pg.walSyncMethod}\n`) +
      `closed loop; per row ${SETTINGS.durationMs} ms measured in ${SETTINGS.slices} turns, after ${SETTINGS.warmupMs} ms warm-up\n\n` +
      `${table(results)}\n\n` +
      "* other cpu includes PostgreSQL, which serves these rows; pg: the backends of the bench database only\n" +
      "issue 8 targets (informational): at c=16, secret read ≥ 80 % of the raw echo with p50 ≤ 1.5 ms and p99 ≤ 15 ms; " +
      "write ≥ 60 % of the raw insert\n" +
      (report.reach.length === 0 ? "" : `\n${reachTable(report.reach)}\n`) +
      (startToReady === null ? "" : `\n${"error" in startToReady ? `Nexus start-to-ready FAILED: ${startToReady.error}` : startToReadyTable(startToReady)}\n`) +
      (authz === null ? "" : `\n${authzTable(authz)}\n`) +
      (scale === null ? "" : `\n${"error" in scale ? `Nexus at scale FAILED: ${scale.error}` : scaleTable(scale)}\n`) +
      (pipeline === null ? "" : `\n${"error" in pipeline ? `pipeline FAILED: ${pipeline.error}` : pipelineTable(pipeline, echoCost)}\n`) +
      (coldCli === null ? "" : `\n${"error" in coldCli ? `cold CLI FAILED: ${coldCli.error}` : coldCliTable(coldCli)}\n`) +
      `\nwritten to ${file}\n`,
  );
  const noisyRows = new Set(scenarios.filter((s) => s.usesPostgres !== true).map((s) => s.name));
  const noisy = results.filter((r) => noisyRows.has(r.scenario) && r.cpu.otherPct >= NOISY_OTHER_CPU_PCT);
  if (noisy.length > 0) {
    process.stdout.write(
      `note: other processes kept up to ${Math.max(...noisy.map((r) => r.cpu.otherPct))} % of a core busy during ${noisy.length} of ${noisyRows.size * levels.length} rows without PostgreSQL; ` +
        "absolute figures are low on a busy machine (the ratios, measured in turns, suffer less)\n",
    );
  }
  const failed = results.filter((r) => r.errors > 0);
  for (const r of failed) process.stderr.write(`${r.scenario} c=${r.concurrency}: ${r.errors} errors, first: ${r.firstError ?? "?"}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
