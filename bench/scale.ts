// Nexus at 1k, 10k and 100k secrets: its resident memory and what one read costs (issue 8: RSS ≤ 150 MB at 100k;
// cost per read flat from 1k to 100k).
//
// The secrets are written by this process straight through Nexus's own secrets service and keyring (the same
// encryption and SQL a put runs, minus gRPC), on a connection with synchronous_commit off, because 100k puts
// through gRPC would take minutes and measure nothing this section is about. A real Nexus child, sharing the root
// key, serves the reads. At each size: reads at concurrency 16 over random paths among all secrets; the child's CPU
// time per read (from /proc), p50/p99, throughput, and its RSS afterwards; and the same reads on a second Nexus
// with the read cache off, whose cost per read is what "flat" is judged on (every read takes the database path).
//
// Called by bench/run.ts; also runs alone: `node --import tsx bench/scale.ts [--max 100000]`.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLogger } from "../lib/log.js";
import { NEXUS_NODE_FLAGS } from "../lib/programs.js";
import { InMemoryRootKeyProvider } from "../nexus/crypto/in-memory-root-key.js";
import { KeyringCipher } from "../nexus/secrets/keyring-cipher.js";
import { SecretsService } from "../nexus/secrets/service.js";
import { createPool } from "../nexus/store/database.js";
import { KeyringRepository } from "../nexus/store/keyring-repository.js";
import { migrate } from "../nexus/store/migrate.js";
import { SecretsRepository } from "../nexus/store/secrets-repository.js";
import { connectNexus, unary } from "../pilot/client/connect.js";
import type { SecretsGetResponse__Output } from "../proto/types/spike/v1/SecretsGetResponse.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../spiffe/dev-issuer.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import type { ChildProcess } from "node:child_process";
import { forkChild, stopChild } from "./child.js";
import { processCpuMs } from "./cpu.js";
import { throwawayDatabase } from "./throwaway-database.js";
import { measure } from "./measure.js";

export const SCALE_SETTINGS = {
  sizes: [1_000, 10_000, 100_000],
  concurrency: 16,
  warmupMs: 1000,
  durationMs: 4000,
  valueBytes: 1024,
  loaderConcurrency: 32,
  trustDomain: "spike.ist",
  postgresUri: "postgres://postgres@127.0.0.1:5432/postgres",
  /** Issue 8. */
  goalRssMiB: 150,
} as const;

export interface ScaleRow {
  readonly secrets: number;
  readonly loadSeconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  /** The Nexus process's user + system CPU per successful read. */
  readonly nexusCpuMicrosPerRead: number;
  /**
   * The same reads on a second Nexus with the read cache off (SPIKE_NEXUS_SECRET_CACHE_BYTES=0): every read takes
   * the database path at every size, so this is what "flat" is judged on. The first Nexus's default cache (32 MiB)
   * serves only paths read before: every 1k path after the warm-up, part of 10k within the window, and at most a
   * fifth of 100k secrets of 1 KiB, which do not fit; its cost per read grows with the share of misses.
   */
  readonly uncached?: { readonly rps: number; readonly p50Ms: number; readonly p99Ms: number; readonly errors: number; readonly nexusCpuMicrosPerRead: number };
  readonly nexusRssMiB: number;
  /** The RSS split: anonymous memory (heaps, malloc) and file-backed pages (the node binary's code, libraries). */
  readonly nexusRssAnonMiB?: number;
  readonly nexusRssFileMiB?: number;
  /** What the RSS is made of: V8 heap (used/total), external and array buffers, and V8's spaces, in MiB. */
  readonly memory?: NexusMemory;
}

export interface NexusMemory {
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
  readonly externalMiB: number;
  readonly arrayBuffersMiB: number;
  readonly spacesMiB: Record<string, number>;
}

/** Asks the Nexus child what its memory is made of (bench/nexus-child.ts answers "memory"). */
function askMemory(child: ChildProcess): Promise<NexusMemory | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), 2000);
    const onMessage = (m: unknown): void => {
      const r = m as { type?: string; usage?: NodeJS.MemoryUsage; spaces?: Record<string, number> };
      if (r.type !== "memory" || r.usage === undefined) return;
      const mib = (n: number): number => Math.round(n / 2 ** 20);
      done({ heapUsedMiB: mib(r.usage.heapUsed), heapTotalMiB: mib(r.usage.heapTotal), externalMiB: mib(r.usage.external), arrayBuffersMiB: mib(r.usage.arrayBuffers), spacesMiB: r.spaces ?? {} });
    };
    function done(v: NexusMemory | undefined): void {
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(v);
    }
    child.on("message", onMessage);
    child.send("memory");
  });
}

export interface ScaleReport {
  readonly rows: readonly ScaleRow[];
  /** Cost per read at the largest size over the smallest (1.0 = flat), on the Nexus without a read cache. */
  readonly costRatio: number | null;
  /** The same ratio for the Nexus with its default read cache (it grows with the share of reads that miss). */
  readonly cachedCostRatio: number | null;
  readonly goalRssMiB: number;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m === null ? 0 : Math.round(Number(m[1]) / 102.4) / 10;
}

/** Anonymous and file-backed resident memory (/proc/<pid>/status RssAnon, RssFile), in MiB. */
function rssSplitMiB(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { anon: Math.round(kib("RssAnon") / 102.4) / 10, file: Math.round(kib("RssFile") / 102.4) / 10 };
}

export async function measureScale(opts: { defer: (fn: () => void | Promise<void>) => void; signal?: AbortSignal; max?: number }): Promise<ScaleReport> {
  const log = createLogger("bench-scale", { level: 5 });
  const sizes = SCALE_SETTINGS.sizes.filter((n) => n <= (opts.max ?? Infinity));
  const dir = mkdtempSync(join(tmpdir(), "spike-scale-"));
  opts.defer(() => rmSync(dir, { recursive: true, force: true }));

  const { uri } = await throwawayDatabase(SCALE_SETTINGS.postgresUri, `spike_scale_${process.pid}`, opts.defer, log);

  // The loader: Nexus's own service on its own pool, commits not waited for (this is setup, not measurement).
  const loaderDb = createPool(
    { connectionString: `${uri.toString()}?options=${encodeURIComponent("-c synchronous_commit=off")}`, max: 8 },
    "scale-loader",
    log,
  );
  opts.defer(() => loaderDb.$pool.end());
  await migrate(loaderDb, log);
  const rootKey = randomBytes(32);
  const rootKeys = new InMemoryRootKeyProvider(rootKey);
  const cipher = new KeyringCipher(rootKeys, () => new KeyringRepository(loaderDb));
  opts.defer(() => cipher.close());
  const secrets = new SecretsService(new SecretsRepository(loaderDb), cipher, { maxBytes: 1 << 20, maxKeys: 100, defaultMaxVersions: 10 });
  const value = randomBytes((SCALE_SETTINGS.valueBytes * 3) / 4).toString("base64");
  let written = 0;
  const loadTo = async (n: number): Promise<void> => {
    const worker = async (): Promise<void> => {
      for (let i = written++; i < n; i = written++) await secrets.put(`scale/${i}`, [["value", value]], {});
    };
    await Promise.all(Array.from({ length: SCALE_SETTINGS.loaderConcurrency }, worker));
    written = n;
  };

  const issuer = await DevIssuer.start({ devDir: join(dir, "dev"), trustDomain: SCALE_SETTINGS.trustDomain, registrations: defaultRegistrations(SCALE_SETTINGS.trustDomain) });
  opts.defer(() => issuer.stop());
  const first = sizes[0] ?? 1000;
  await loadTo(first);
  // A Nexus child on the loaded database, sharing the root key; `env` makes the variant.
  const nexusChild = (env: Readonly<Record<string, string>>) =>
    forkChild(fileURLToPath(new URL("./nexus-child.ts", import.meta.url)), {
      args: [devSocketPath(join(dir, "dev"), "nexus"), uri.toString(), "--root-key-ipc"],
      init: rootKey.toString("hex"),
      env,
      nodeArgs: NEXUS_NODE_FLAGS,
      onSpawn: (c) => opts.defer(() => stopChild(c)),
    });
  const child = await nexusChild({});
  const uncachedChild = await nexusChild({ SPIKE_NEXUS_SECRET_CACHE_BYTES: "0" });
  rootKey.fill(0);
  const pid = child.process.pid ?? 0;
  const uncachedPid = uncachedChild.process.pid ?? 0;
  const source = workloadApiSource(`unix://${devSocketPath(join(dir, "dev"), "pilot")}`);
  opts.defer(() => source.close());
  await source.ready(10_000);
  const connection = connectNexus(`127.0.0.1:${child.port}`, source, [SCALE_SETTINGS.trustDomain]);
  opts.defer(() => connection.close());
  const uncachedConnection = connectNexus(`127.0.0.1:${uncachedChild.port}`, source, [SCALE_SETTINGS.trustDomain]);
  opts.defer(() => uncachedConnection.close());

  /** Reads at c=16 over random paths among `n` through `conn`; the CPU per read of process `serverPid`. */
  const readLoad = async (conn: typeof connection, serverPid: number, n: number) => {
    const read = async (): Promise<void> => {
      const path = `scale/${Math.floor(Math.random() * n)}`;
      const res = await unary<SecretsGetResponse__Output>((md, o, cb) => conn.secrets.Get({ path }, md, o, cb), 5000);
      if (res.data.value?.length !== SCALE_SETTINGS.valueBytes) throw new Error(`${path}: wrong value`);
    };
    let cpuAtStart = 0;
    let cpuAtEnd = 0;
    const result = await measure(read, {
      concurrency: SCALE_SETTINGS.concurrency,
      durationMs: SCALE_SETTINGS.durationMs,
      warmupMs: SCALE_SETTINGS.warmupMs,
      onWindow: (edge) => {
        if (edge === "start") cpuAtStart = processCpuMs(serverPid);
        else cpuAtEnd = processCpuMs(serverPid);
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { result, cpuMicrosPerRead: result.requests > 0 ? Math.round(((cpuAtEnd - cpuAtStart) * 1000) / result.requests) : 0 };
  };

  // Both children warm up first (JIT, pools, caches): otherwise the first size pays for it and looks dearest.
  await readLoad(connection, pid, first);
  await readLoad(uncachedConnection, uncachedPid, first);

  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    if (opts.signal?.aborted) break;
    const started = performance.now();
    await loadTo(n);
    const loadSeconds = Math.round((performance.now() - started) / 100) / 10;
    // A bulk load leaves autovacuum to run during the reads (a database that has held its secrets a while has long
    // been vacuumed): vacuum and analyze now, so the reads share the machine with nothing but their own work.
    await loaderDb.none("VACUUM (ANALYZE) secrets, secret_metadata");
    const { result, cpuMicrosPerRead } = await readLoad(connection, pid, n);
    const uncached = await readLoad(uncachedConnection, uncachedPid, n);
    const memory = await askMemory(child.process);
    const split = rssSplitMiB(pid);
    rows.push({
      secrets: n,
      loadSeconds,
      rps: result.rps,
      p50Ms: result.p50Ms,
      p99Ms: result.p99Ms,
      errors: result.errors,
      nexusCpuMicrosPerRead: cpuMicrosPerRead,
      uncached: { rps: uncached.result.rps, p50Ms: uncached.result.p50Ms, p99Ms: uncached.result.p99Ms, errors: uncached.result.errors, nexusCpuMicrosPerRead: uncached.cpuMicrosPerRead },
      nexusRssMiB: rssMiB(pid),
      nexusRssAnonMiB: split.anon,
      nexusRssFileMiB: split.file,
      ...(memory === undefined ? {} : { memory }),
    });
    process.stderr.write(`scale: ${n} secrets measured\n`);
  }
  const firstRow = rows[0];
  const lastRow = rows.at(-1);
  const ratio = (first: number | undefined, last: number | undefined): number | null =>
    first !== undefined && last !== undefined && first > 0 ? Math.round((last / first) * 100) / 100 : null;
  return {
    rows,
    costRatio: ratio(firstRow?.uncached?.nexusCpuMicrosPerRead, lastRow?.uncached?.nexusCpuMicrosPerRead),
    cachedCostRatio: ratio(firstRow?.nexusCpuMicrosPerRead, lastRow?.nexusCpuMicrosPerRead),
    goalRssMiB: SCALE_SETTINGS.goalRssMiB,
  };
}

export function scaleTable(r: ScaleReport): string {
  const lines = [
    "Nexus at scale (reads at c=16 over random paths; CPU of the Nexus process only)",
    "secrets    load s      rps   p50 ms   p99 ms   nexus µs CPU/read   RSS MiB   (anon + file)    no cache: rps   p50 ms   µs CPU/read",
    ...r.rows.map((row) =>
      `${String(row.secrets).padStart(7)} ${row.loadSeconds.toFixed(1).padStart(9)} ${row.rps.toFixed(0).padStart(8)} ${row.p50Ms.toFixed(2).padStart(8)} ${row.p99Ms.toFixed(2).padStart(8)} ${String(row.nexusCpuMicrosPerRead).padStart(19)} ${row.nexusRssMiB.toFixed(1).padStart(9)}   ${(row.nexusRssAnonMiB === undefined ? "" : `(${row.nexusRssAnonMiB} + ${row.nexusRssFileMiB ?? "?"})`).padEnd(15)}` +
      (row.uncached === undefined ? "" : `${row.uncached.rps.toFixed(0).padStart(16)} ${row.uncached.p50Ms.toFixed(2).padStart(8)} ${String(row.uncached.nexusCpuMicrosPerRead).padStart(13)}`),
    ),
    ...r.rows.flatMap((row) => (row.memory === undefined ? [] : [
      `  ${row.secrets}: heap ${row.memory.heapUsedMiB}/${row.memory.heapTotalMiB} MiB used/total (${Object.entries(row.memory.spacesMiB).filter(([, v]) => v > 0).map(([k, v]) => `${k.replace(/_space$/, "")} ${v}`).join(", ")}), external ${row.memory.externalMiB} MiB (array buffers ${row.memory.arrayBuffersMiB})`,
    ])),
    `cost per read, largest over smallest, every read from the database (no cache): ${r.costRatio ?? "?"} (1.0 is flat); ` +
      `with the default 32 MiB cache: ${r.cachedCostRatio ?? "?"} (a read hits only a path read before: every 1k path after the warm-up, ` +
      `part of 10k within the window, at most a fifth of 100k, which do not fit); RSS goal ≤ ${r.goalRssMiB} MiB at 100k`,
    rssAgainstGoal(r),
  ];
  return lines.join("\n");
}

/**
 * The largest size's RSS in both units: the issue writes "150 MB", which the bench reads as MiB; read as decimal
 * megabytes it is 143 MiB, and a figure between the two is met one way and missed the other.
 */
function rssAgainstGoal(r: ScaleReport): string {
  const largest = r.rows.at(-1);
  if (largest === undefined) return "";
  const mb = (largest.nexusRssMiB * 2 ** 20) / 1e6;
  const decimalGoalMiB = (r.goalRssMiB * 1e6) / 2 ** 20;
  return `RSS at ${largest.secrets} secrets: ${largest.nexusRssMiB.toFixed(1)} MiB = ${mb.toFixed(1)} MB; ` +
    `goal ${r.goalRssMiB} MiB ${largest.nexusRssMiB <= r.goalRssMiB ? "met" : "MISSED"}, ` +
    `${r.goalRssMiB} MB (${decimalGoalMiB.toFixed(1)} MiB) ${mb <= r.goalRssMiB ? "met" : "MISSED"}`;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cleanups: Array<() => void | Promise<void>> = [];
  const maxArg = process.argv.indexOf("--max");
  const max = maxArg > 0 ? Number(process.argv[maxArg + 1]) : undefined;
  measureScale({ defer: (fn) => cleanups.push(fn), ...(max !== undefined ? { max } : {}) })
    .then((r) => process.stdout.write(`${scaleTable(r)}\n${JSON.stringify(r)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`scale failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => undefined);
    });
}
