// `npm run bench`: every scenario at every concurrency in one run, each figure beside its baseline. At each
// concurrency the scenarios take turns in short windows, so a baseline and what is compared with it see the same
// machine state. Writes bench/results/<timestamp>.json and latest.json, and prints a table.
//
// Adding a scenario is one function returning a Target (see `scenarios` below): the Bench gives it a temp dir, a dev
// issuer, forked children and cleanup hooks, and everything it starts is stopped at the end, even on failure.
import * as grpc from "@grpc/grpc-js";
import { execFileSync, type Serializable } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectNexus, unary } from "../pilot/client/connect.js";
import type { HealthCheckResponse__Output } from "../proto/types/grpc/health/v1/HealthCheckResponse.js";
import { createCertificateAuthority, issueX509Svid } from "../spiffe/ca.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../spiffe/dev-issuer.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import { CpuMeter, type CpuShare } from "./cpu.js";
import { forkChild, stopChild, type Child } from "./child.js";
import { echoClient, type EchoServerInit } from "./echo-server.js";
import { sample, summarize, type LoadResult, type Sample } from "./measure.js";

const SETTINGS = {
  concurrencies: [1, 16],
  /** Per scenario and concurrency: the measured time, split into `slices` windows taken in turns (A B B A A B). */
  durationMs: 3000,
  slices: 6,
  /** Before the first slice of each scenario at each concurrency; later slices get `sliceWarmupMs`. */
  warmupMs: 500,
  sliceWarmupMs: 100,
  /** Per scenario and concurrency, over all its slices. */
  maxRequests: 200_000,
  callTimeoutMs: 5000,
  echoPayloadBytes: 64,
  trustDomain: "spike.ist",
} as const;

/** A row is flagged when the rest of the machine used this much of a core while it was measured. */
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
}

interface Scenario {
  readonly name: string;
  readonly description: string;
  /** The scenario whose throughput at the same concurrency this one is compared with. */
  readonly baseline?: string;
  start(bench: Bench): Promise<Target>;
}

/** Shared resources for scenarios; `cleanup` releases everything, last acquired first. */
class Bench {
  readonly dir = mkdtempSync(join(tmpdir(), "spike-bench-"));
  private readonly cleanups: (() => void | Promise<void>)[] = [() => rmSync(this.dir, { recursive: true, force: true })];
  private issuerStarted: Promise<DevIssuer> | undefined;

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

  socket(name: string): string {
    return devSocketPath(join(this.dir, "dev"), name);
  }

  /** Forks a child server (bench/<file>) and registers its stop, even if it never becomes ready. */
  fork(file: string, opts: { args?: string[]; init?: Serializable } = {}): Promise<Child> {
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

/** Raw grpc-js mTLS unary echo: certificates from our dev CA, but none of our SPIFFE credential code. */
async function rawEcho(bench: Bench): Promise<Target> {
  const ca = await createCertificateAuthority({ trustDomain: SETTINGS.trustDomain });
  const [server, client] = await Promise.all([
    issueX509Svid(ca, { spiffeId: `spiffe://${SETTINGS.trustDomain}/bench/echo-server`, ttlMs: 3_600_000 }),
    issueX509Svid(ca, { spiffeId: `spiffe://${SETTINGS.trustDomain}/bench/echo-client`, ttlMs: 3_600_000 }),
  ]);
  const init: EchoServerInit = { caPem: ca.certPem, certPem: server.certPem, keyPem: server.keyPem };
  const child = await bench.fork("echo-server.ts", { init });
  const creds = grpc.credentials.createSsl(Buffer.from(ca.certPem), Buffer.from(client.keyPem), Buffer.from(client.certPem), {
    checkServerIdentity: () => undefined,
  });
  const echo = echoClient(`127.0.0.1:${child.port}`, creds, { "grpc.ssl_target_name_override": "spiffe", "grpc.default_authority": "spiffe" });
  const payload = Buffer.alloc(SETTINGS.echoPayloadBytes, 0x61);
  return {
    call: async () => {
      const res = await echo.call(payload, SETTINGS.callTimeoutMs);
      if (res.payload.length !== payload.length) throw new Error(`echo returned ${res.payload.length} bytes, sent ${payload.length}`);
    },
    close: () => echo.close(),
    ...(child.process.pid === undefined ? {} : { serverPid: child.process.pid }),
  };
}

/** Nexus's health.Check through the Pilot client path: dev issuer SVIDs, SPIFFE credentials, server ID check. */
async function nexusHealth(bench: Bench): Promise<Target> {
  await bench.issuer();
  const child = await bench.fork("nexus-child.ts", { args: [bench.socket("nexus")] });
  const source = workloadApiSource(`unix://${bench.socket("pilot")}`);
  bench.defer(() => source.close());
  await source.ready(10_000);
  const nexus = connectNexus(`127.0.0.1:${child.port}`, source, [SETTINGS.trustDomain]);
  return {
    call: async () => {
      const res = await unary<HealthCheckResponse__Output>((md, o, cb) => nexus.health.Check({ service: "" }, md, o, cb), SETTINGS.callTimeoutMs);
      if (res.status !== "SERVING") throw new Error(`Nexus health is ${res.status}`);
    },
    close: () => nexus.close(),
    ...(child.process.pid === undefined ? {} : { serverPid: child.process.pid }),
  };
}

const scenarios: readonly Scenario[] = [
  { name: "grpc-echo", description: `raw grpc-js mTLS unary echo, ${SETTINGS.echoPayloadBytes} B`, start: rawEcho },
  { name: "nexus-health", description: "Nexus grpc.health.v1 Check via the Pilot client", baseline: "grpc-echo", start: nexusHealth },
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
  readonly cpu: CpuShare;
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
  const head = ["scenario", "conc", "req/s", "p50 ms", "p99 ms", "errors", "cpu µs/call client/server", "other cpu", "vs baseline"];
  const rows = results.map((r) => [
    r.scenario,
    String(r.concurrency),
    r.rps.toFixed(0),
    r.p50Ms.toFixed(2),
    r.p99Ms.toFixed(2),
    String(r.errors),
    `${r.cpu.clientUsPerCall} / ${r.cpu.serverUsPerCall}`,
    `${r.cpu.otherPct} %`,
    r.ratioToBaseline === null ? "" : `${(r.ratioToBaseline * 100).toFixed(0)} % of ${r.baseline}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const startedAt = new Date();
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
    for (const scenario of scenarios) {
      const target = await scenario.start(bench);
      bench.defer(() => target.close());
      await target.call(); // connected and answering before any load
      started.push({ scenario, target });
    }
    for (const concurrency of SETTINGS.concurrencies) {
      process.stderr.write(`concurrency ${concurrency}: ${scenarios.map((s) => s.name).join(", ")}...\n`);
      const rows = started.map((run) => ({ ...run, samples: [] as Sample[], meter: new CpuMeter(run.target.serverPid) }));
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
        const base = summed.find((b) => b.scenario.name === scenario.baseline)?.result;
        results.push({
          scenario: scenario.name,
          baseline: scenario.baseline ?? null,
          ratioToBaseline: base !== undefined && base.rps > 0 ? Math.round((result.rps / base.rps) * 1000) / 1000 : null,
          ...result,
          cpu: meter.share(result.requests),
        });
      }
    }
  } finally {
    await bench.cleanup();
  }

  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...machine(), loadavgBefore: loadBefore, loadavgAfter: loadavg() },
    settings: SETTINGS,
    scenarios: scenarios.map(({ name, description, baseline }) => ({ name, description, baseline: baseline ?? null })),
    results,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const file = join(RESULTS_DIR, `${report.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, "latest.json"), json);

  const m = report.machine;
  process.stdout.write(
    `\nnode ${m.node}, ${m.cpus} x ${m.cpuModel}, grpc-js ${m.grpcJs ?? "?"}, loadavg ${loadBefore.map((l) => l.toFixed(2)).join(" ")}\n` +
      `closed loop; per row ${SETTINGS.durationMs} ms measured in ${SETTINGS.slices} turns, after ${SETTINGS.warmupMs} ms warm-up\n\n` +
      `${table(results)}\n\nwritten to ${file}\n`,
  );
  const noisy = results.filter((r) => r.cpu.otherPct >= NOISY_OTHER_CPU_PCT);
  if (noisy.length > 0) {
    process.stdout.write(
      `note: other processes kept up to ${Math.max(...noisy.map((r) => r.cpu.otherPct))} % of a core busy during ${noisy.length} of ${results.length} rows; ` +
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
