// Nexus start-to-ready with three Keepers (issue 4; goal ≤ 1.5 s), with the compiled programs as production runs
// them: `npm run build` once, then `node dist/keeper/main.js` x3 and `node dist/nexus/main.js` as real processes, on
// a dev issuer and a fresh database on the machine's PostgreSQL. After one bootstrap, Nexus is killed with SIGKILL
// and started again `restarts` times; each time we measure, from spawn:
//   - "listening": its "Nexus is listening" log line reaches us (process start, config, SVID, TLS bind);
//   - "database ready": its "database ready" log line reaches us (connected, schema checked);
//   - "ready": a Pilot superuser client in this process, polling Operator.Status every 20 ms, first sees
//     READINESS_READY (database open, shares fetched from the Keepers, key rebuilt and checked);
//   - "readyTime": the readyTime Nexus itself reports, against our wall clock at spawn (no polling granularity);
// and, in turns with those, a bare `node -e ''` spawn-to-exit, so Node's own start cost is visible beside ours.
//
// Called by bench/run.ts as its last section; also runs alone: `node --import tsx bench/start-to-ready.ts`.
// Every process, the temp dir and the database are released through `defer`, even on failure or interrupt.
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createLogger } from "../lib/log.js";
import { fromTimestamp } from "../lib/timestamp.js";
import { connectNexus, unary, type NexusConnection } from "../pilot/client/connect.js";
import type { OperatorStatusResponse__Output } from "../proto/types/spike/v1/OperatorStatusResponse.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../spiffe/dev-issuer.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import type { X509Source } from "../spiffe/x509-source.js";
import { freePort } from "../test/harness/postgres.js";
import { throwawayDatabase } from "./throwaway-database.js";

export const START_TO_READY_SETTINGS = {
  /** SIGKILL + start of Nexus, each one measured. */
  restarts: 5,
  pollIntervalMs: 20,
  /** Issue 4: Nexus start to ready with three Keepers up. */
  goalMs: 1500,
  keepers: 3,
  /** Give up on one start after this long. */
  readyTimeoutMs: 30_000,
  trustDomain: "spike.ist",
  postgresUri: "postgres://postgres@127.0.0.1:5432/postgres",
} as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = join(ROOT, "dist");

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export interface RestartRun {
  /** `node -e ''`, spawn to exit, measured just before this restart. */
  readonly nodeBareMs: number;
  readonly listeningMs: number;
  /** Its "database ready" log line reaches us (connected, schema checked). */
  readonly databaseReadyMs: number;
  /** First poll that saw READINESS_READY (its answer's arrival). */
  readonly readyMs: number;
  /** Nexus's reported readyTime minus our wall clock at spawn (millisecond clocks). */
  readonly reportedReadyMs: number;
  readonly listeningToReadyMs: number;
  /** From "database ready" to the reported readyTime: fetching the shares, rebuilding and checking the key. */
  readonly databaseToReadyMs: number;
  /** How long the poll that first saw READY took (a busy Nexus answers late). */
  readonly readyPollMs: number;
  /** The readiness answers seen in order, without repeats ("no answer" while nothing listened). */
  readonly seen: readonly string[];
}

export interface StartToReadyReport {
  readonly description: string;
  readonly commands: { readonly nexus: string; readonly keeper: string; readonly bare: string };
  readonly settings: typeof START_TO_READY_SETTINGS;
  readonly node: string;
  readonly buildMs: number;
  readonly runs: readonly RestartRun[];
  readonly summary: {
    readonly nodeBareMs: Spread;
    readonly listeningMs: Spread;
    readonly databaseReadyMs: Spread;
    readonly readyMs: Spread;
    readonly reportedReadyMs: Spread;
    readonly listeningToReadyMs: Spread;
    readonly databaseToReadyMs: Spread;
  };
  /** The goal is met when every restart was ready (as polled) within goalMs. */
  readonly goal: { readonly maxMs: number; readonly runsWithin: number; readonly runs: number; readonly met: boolean };
}

export interface StartToReadyOptions {
  /** Registers a release; the caller runs them all, last registered first, even when this throws. */
  readonly defer: (fn: () => void | Promise<void>) => void;
  readonly signal?: AbortSignal;
  /** Progress lines (stderr by default). */
  readonly progress?: (line: string) => void;
}

type Status = OperatorStatusResponse__Output;

const round = (ms: number): number => Math.round(ms * 10) / 10;

function spread(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { min: 0, median: 0, max: 0 };
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { min: round(s[0] as number), median: round(median), max: round(s[s.length - 1] as number) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The caller's environment without anything of ours (or NODE_OPTIONS), plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("SPIKE_") && !k.startsWith("DB_") && k !== "SPIFFE_ENDPOINT_SOCKET" && k !== "NODE_OPTIONS") env[k] = v;
  }
  return { ...env, ...extra };
}

/** One of our programs as a child process: its output kept (the last 64 KiB), and when given lines first arrived. */
class Program {
  readonly child: ChildProcess;
  /** performance.now() and Date.now() just before spawn. */
  readonly spawnedAt: number;
  readonly spawnedWall: number;
  readonly exited: Promise<void>;
  private out = "";
  private readonly marks = new Map<string, number>();
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: string,
    args: readonly string[],
    env: NodeJS.ProcessEnv,
    private readonly watch: Readonly<Record<string, RegExp>> = {},
  ) {
    this.spawnedWall = Date.now();
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const onData = (d: Buffer): void => {
      const now = performance.now();
      this.out = (this.out + d.toString()).slice(-65_536);
      for (const [mark, re] of Object.entries(this.watch)) if (!this.marks.has(mark) && re.test(this.out)) this.marks.set(mark, now);
      for (const w of this.waiters) w();
    };
    this.child.stdout?.on("data", onData);
    this.child.stderr?.on("data", onData);
    this.exited = new Promise((resolve) =>
      this.child.once("exit", () => {
        for (const w of this.waiters) w();
        resolve();
      }),
    );
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  tail(lines = 15): string {
    return this.out.trimEnd().split("\n").slice(-lines).join("\n");
  }

  /** When `mark` (a key of `watch`) first appeared, as ms after spawn; rejects if the process exits or time runs out. */
  waitFor(mark: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const at = this.marks.get(mark);
        if (at !== undefined) {
          done();
          resolve(at - this.spawnedAt);
        } else if (!this.running) {
          done();
          reject(new Error(`${this.name} exited (${this.child.signalCode ?? `code ${this.child.exitCode}`}) before "${mark}":\n${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no "${mark}" after ${timeoutMs} ms:\n${this.tail()}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends `signal` (if it still runs) and resolves once it has exited; SIGKILL after 5 s. */
  async stop(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (this.running) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs a command to its end; resolves with its wall time, rejects with its output when it fails. */
function runToEnd(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<number> {
  const started = performance.now();
  const child = spawn(command, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-16_384)));
  child.stderr.on("data", (d: Buffer) => (out = (out + d.toString()).slice(-16_384)));
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `code ${code}`}):\n${out.trimEnd()}`));
    });
  });
}

/**
 * Operator.Status through the Pilot client path. A channel that could not connect (nothing listening yet) is
 * dropped and a new one made for the next poll: grpc-js would otherwise wait out its reconnect backoff (1 s and up)
 * and the figure would measure that backoff, not Nexus.
 */
class StatusPoller {
  private connection: NexusConnection | undefined;

  constructor(
    private readonly address: string,
    private readonly source: X509Source,
    private readonly trustDomains: readonly string[],
  ) {}

  /** Nexus's status, or undefined when nothing answered. */
  async status(timeoutMs = 1000): Promise<Status | undefined> {
    const conn = (this.connection ??= connectNexus(this.address, this.source, this.trustDomains));
    try {
      return await unary<Status>((md, o, cb) => conn.operator.Status({}, md, o, cb), timeoutMs);
    } catch (err) {
      const code = (err as Partial<grpc.ServiceError>).code;
      if (code !== grpc.status.UNAVAILABLE && code !== grpc.status.DEADLINE_EXCEEDED) throw err;
      this.close();
      return undefined;
    }
  }

  close(): void {
    this.connection?.close();
    this.connection = undefined;
  }
}

const readinessName = (s: Status | undefined): string => (s === undefined ? "no answer" : s.readiness.replace(/^READINESS_/, ""));

/**
 * Polls every `intervalMs` (from the start of one poll to the next) until `want` holds. Resolves with that status
 * and the arrival time of its answer; rejects when `nexus` exits, time runs out, or the signal aborts.
 */
async function pollUntil(
  poller: StatusPoller,
  nexus: Program,
  want: (s: Status) => boolean,
  opts: { intervalMs: number; timeoutMs: number; signal?: AbortSignal | undefined; seen?: string[] },
): Promise<{ status: Status; at: number; tookMs: number }> {
  const deadline = performance.now() + opts.timeoutMs;
  let last: Status | undefined;
  for (;;) {
    if (opts.signal?.aborted) throw new Error("interrupted");
    const started = performance.now();
    last = await poller.status();
    const at = performance.now();
    const name = readinessName(last);
    if (opts.seen !== undefined && opts.seen[opts.seen.length - 1] !== name) opts.seen.push(name);
    if (last !== undefined && want(last)) return { status: last, at, tookMs: at - started };
    if (!nexus.running) throw new Error(`${nexus.name} exited (${nexus.child.signalCode ?? `code ${nexus.child.exitCode}`}):\n${nexus.tail()}`);
    if (at > deadline) throw new Error(`timed out after ${opts.timeoutMs} ms; last status: ${name}${last?.reason ? ` (${last.reason})` : ""}\n${nexus.tail()}`);
    await sleep(Math.max(0, opts.intervalMs - (performance.now() - started)));
  }
}

export async function measureStartToReady(opts: StartToReadyOptions): Promise<StartToReadyReport> {
  const S = START_TO_READY_SETTINGS;
  const say = opts.progress ?? ((line: string) => process.stderr.write(`${line}\n`));
  const abortable = (): void => {
    if (opts.signal?.aborted) throw new Error("interrupted");
  };

  say("start-to-ready: npm run build (so the figures are the compiled programs', not tsx's)...");
  const buildMs = await runToEnd("npm", ["run", "build", "--silent"], { cwd: ROOT, timeoutMs: 180_000 });
  abortable();
  const program = (name: "nexus" | "keeper" | "pilot"): string => join(DIST, name, "main.js");

  const dir = mkdtempSync(join(tmpdir(), "spike-bench-ready-"));
  opts.defer(() => rmSync(dir, { recursive: true, force: true }));
  const devDir = join(dir, "dev");
  const socket = (name: string): string => `unix://${devSocketPath(devDir, name)}`;

  const issuer = await DevIssuer.start({ devDir, trustDomain: S.trustDomain, registrations: defaultRegistrations(S.trustDomain, S.keepers) });
  opts.defer(() => issuer.stop());

  // A fresh database, dropped at the end (after every process using it is gone: those are deferred later).
  const log = createLogger("bench", { level: 5 });
  const { uri: dbUri } = await throwawayDatabase(S.postgresUri, `spike_bench_ready_${process.pid}`, opts.defer, log);

  // Every process we start is stopped at cleanup, whatever state it is in.
  const started = new Set<Program>();
  opts.defer(() => Promise.all([...started].map((p) => p.stop("SIGKILL"))).then(() => undefined));
  const start = (p: Program): Program => {
    started.add(p);
    void p.exited.then(() => started.delete(p));
    return p;
  };

  const keeperPorts = await Promise.all(Array.from({ length: S.keepers }, () => freePort()));
  const nexusPort = await freePort();
  const keepers = keeperPorts.map((port, i) =>
    start(
      new Program(
        `spike-keeper ${i + 1}`,
        [program("keeper")],
        childEnv({ SPIFFE_ENDPOINT_SOCKET: socket(`keeper-${i + 1}`), SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${port}`, SPIKE_TRUST_ROOT: S.trustDomain, SPIKE_LOG_FORMAT: "json" }),
        { listening: /Keeper is listening/ },
      ),
    ),
  );
  await Promise.all(keepers.map((k) => k.waitFor("listening", S.readyTimeoutMs)));
  abortable();

  const nexusEnv = childEnv({
    SPIFFE_ENDPOINT_SOCKET: socket("nexus"),
    SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${nexusPort}`,
    SPIKE_TRUST_ROOT: S.trustDomain,
    DB_CONNECTION_URI: dbUri.toString(),
    SPIKE_NEXUS_DATA_DIR: join(dir, "data"),
    SPIKE_NEXUS_KEEPER_PEERS: keeperPorts.map((p, i) => `127.0.0.1:${p}=spiffe://${S.trustDomain}/spike/keeper/${i + 1}`).join(","),
    SPIKE_LOG_FORMAT: "json",
  });
  const startNexus = (): Program => start(new Program("spike-nexus", [program("nexus")], nexusEnv, { listening: /Nexus is listening/, database: /"database ready"/ }));

  const source = workloadApiSource(socket("pilot"));
  opts.defer(() => source.close());
  await source.ready(10_000);
  const poller = new StatusPoller(`127.0.0.1:${nexusPort}`, source, [S.trustDomain]);
  opts.defer(() => poller.close());
  const poll = { intervalMs: S.pollIntervalMs, timeoutMs: S.readyTimeoutMs, signal: opts.signal };

  // First start and the bootstrap ceremony, through the real CLI (the admin token goes to a file in the temp dir).
  let nexus = startNexus();
  await nexus.waitFor("listening", S.readyTimeoutMs);
  await pollUntil(poller, nexus, (s) => s.readiness === "READINESS_NOT_BOOTSTRAPPED", poll);
  say("start-to-ready: spike operator bootstrap...");
  await runToEnd(process.execPath, [program("pilot"), "operator", "bootstrap", "--token-file", join(dir, "admin-token"), "--format", "json"], {
    env: childEnv({ SPIFFE_ENDPOINT_SOCKET: socket("pilot"), SPIKE_NEXUS_API_URL: `127.0.0.1:${nexusPort}`, SPIKE_TRUST_ROOT: S.trustDomain }),
    timeoutMs: 60_000,
  });
  await pollUntil(poller, nexus, (s) => s.readiness === "READINESS_READY" && s.keepers.every((k) => k.hasShare), poll);

  const runs: RestartRun[] = [];
  for (let i = 1; i <= S.restarts; i++) {
    abortable();
    // In turns with each restart, so both see the same machine state.
    const nodeBareMs = await runToEnd(process.execPath, ["-e", ""], { env: childEnv({}), timeoutMs: 10_000 });
    await nexus.stop("SIGKILL");
    poller.close();
    nexus = startNexus();
    const seen: string[] = [];
    const { status, at, tookMs } = await pollUntil(poller, nexus, (s) => s.readiness === "READINESS_READY", { ...poll, seen });
    const listeningMs = await nexus.waitFor("listening", 1000);
    const databaseReadyMs = await nexus.waitFor("database", 1000);
    const readyMs = at - nexus.spawnedAt;
    const readyTime = fromTimestamp(status.readyTime);
    if (readyTime === null) throw new Error("Nexus is ready but reports no readyTime");
    const reportedReadyMs = readyTime.getTime() - nexus.spawnedWall;
    const run: RestartRun = {
      nodeBareMs: round(nodeBareMs),
      listeningMs: round(listeningMs),
      databaseReadyMs: round(databaseReadyMs),
      readyMs: round(readyMs),
      reportedReadyMs: round(reportedReadyMs),
      listeningToReadyMs: round(readyMs - listeningMs),
      databaseToReadyMs: round(reportedReadyMs - databaseReadyMs),
      readyPollMs: round(tookMs),
      seen,
    };
    runs.push(run);
    say(`start-to-ready: restart ${i}/${S.restarts}: listening ${run.listeningMs} ms, database ${run.databaseReadyMs} ms, ready ${run.readyMs} ms (Nexus says ${run.reportedReadyMs} ms, that poll took ${run.readyPollMs} ms); seen ${seen.join(" → ")}`);
  }

  const ready = spread(runs.map((r) => r.readyMs));
  const within = runs.filter((r) => r.readyMs <= S.goalMs).length;
  return {
    description: `spike-nexus start-to-ready with ${S.keepers} Keepers up: SIGKILL, start again, poll Operator.Status every ${S.pollIntervalMs} ms`,
    commands: { nexus: "node dist/nexus/main.js", keeper: "node dist/keeper/main.js", bare: "node -e ''" },
    settings: S,
    node: process.version,
    buildMs: round(buildMs),
    runs,
    summary: {
      nodeBareMs: spread(runs.map((r) => r.nodeBareMs)),
      listeningMs: spread(runs.map((r) => r.listeningMs)),
      databaseReadyMs: spread(runs.map((r) => r.databaseReadyMs)),
      readyMs: ready,
      reportedReadyMs: spread(runs.map((r) => r.reportedReadyMs)),
      listeningToReadyMs: spread(runs.map((r) => r.listeningToReadyMs)),
      databaseToReadyMs: spread(runs.map((r) => r.databaseToReadyMs)),
    },
    goal: { maxMs: S.goalMs, runsWithin: within, runs: runs.length, met: runs.length > 0 && within === runs.length },
  };
}

/** The printed section: one row per measure, min / median / max in ms, and the goal beside the ready row. */
export function startToReadyTable(r: StartToReadyReport): string {
  const s = r.summary;
  const goal = `≤ ${r.goal.maxMs} ms: ${r.goal.met ? "met" : "MISSED"} (${r.goal.runsWithin} of ${r.goal.runs} restarts)`;
  const head = ["measure (ms, spawn = t0)", "min", "median", "max", "issue 4 goal"];
  const row = (name: string, v: Spread, g = ""): string[] => [name, v.min.toFixed(1), v.median.toFixed(1), v.max.toFixed(1), g];
  const rows = [
    row("node -e '' spawn → exit (reference)", s.nodeBareMs),
    row("spike-nexus spawn → listening (start-up)", s.listeningMs),
    row("spike-nexus spawn → database ready", s.databaseReadyMs),
    row(`spike-nexus spawn → READY (polled every ${r.settings.pollIntervalMs} ms)`, s.readyMs, goal),
    row("spike-nexus spawn → readyTime it reports", s.reportedReadyMs),
    row("spike-nexus listening → READY", s.listeningToReadyMs),
    row("spike-nexus database ready → readyTime (key recovery)", s.databaseToReadyMs),
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  return [
    `Nexus start-to-ready, ${r.settings.keepers} Keepers up, ${r.runs.length} restarts after SIGKILL (${r.commands.nexus}, node ${r.node}; build ${Math.round(r.buildMs / 100) / 10} s)`,
    line(head),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ].join("\n");
}

// Alone: `node --import tsx bench/start-to-ready.ts` prints the table and the JSON (writes no results file).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cleanups: (() => void | Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  };
  const abort = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      abort.abort();
      void cleanup().finally(() => process.exit(130));
    });
  }
  measureStartToReady({ defer: (fn) => cleanups.push(fn), signal: abort.signal })
    .then((report) => process.stdout.write(`${startToReadyTable(report)}\n\n${JSON.stringify(report, null, 2)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`start-to-ready failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(() => void cleanup());
}
