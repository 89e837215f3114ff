// What a secret read costs Nexus itself, with no transport: Secrets.Get's pipeline (admit -> guard -> validate ->
// act -> audit) called in-process on a real Nexus and PostgreSQL (bench/pipeline-child.ts), at concurrency 16.
//
// The load rows measure a read end to end, where client, Nexus and PostgreSQL share the machine's cores and every
// figure moves with the machine's load. These rounds leave out gRPC, HTTP/2 and TLS, which a raw echo already
// measures, so what remains is Nexus's own work per read and the PostgreSQL work its audit record costs. Added to the
// echo's own CPU per call from the same run, that is a floor for a read's CPU, and so a ceiling for its share of the
// echo's throughput on a machine whose cores are all busy: the read target is checked against it.
//
// Rounds alternate between a superuser's reads (the full pipeline) and reads by an identity no policy allows (admit,
// guard and the audit record of a denial, no value): their difference is the value's own work (cache, decryption,
// decoding). Called by bench/run.ts; also runs alone: `node --import tsx bench/pipeline.ts`.
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { createLogger } from "../lib/log.js";
import { NEXUS_NODE_FLAGS } from "../lib/programs.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../spiffe/dev-issuer.js";
import { forkChild, stopChild } from "./child.js";
import { postgresCpuBetween, postgresCpuByPid } from "./cpu.js";
import { throwawayDatabase } from "./throwaway-database.js";
import type { PipelineRound, PipelineRoundResult } from "./pipeline-child.js";

export const PIPELINE_SETTINGS = {
  concurrency: 16,
  callsPerRound: 20_000,
  /** Rounds of each kind, taken in turns; the median round is reported. */
  rounds: 5,
  warmupCalls: 5_000,
  trustDomain: "spike.ist",
  postgresUri: "postgres://postgres@127.0.0.1:5432/postgres",
} as const;

export interface PipelineCost {
  /** Nexus's CPU (user + system) per call, µs: the median round. */
  readonly nexusMicros: number;
  /** The CPU of PostgreSQL's backends of the bench database per call, µs (the audit record's insert and seal). */
  readonly postgresMicros: number;
  /** In-process calls per second of the median round (one process, no network). */
  readonly callsPerSecond: number;
  /** Every round's Nexus CPU per call, for the spread. */
  readonly roundsNexusMicros: readonly number[];
  readonly errors: number;
}

export interface PipelineReport {
  readonly concurrency: number;
  /** A superuser's Secrets.Get of a 1 KiB secret: the whole pipeline. */
  readonly read: PipelineCost;
  /** Secrets.Get refused by the guard: admit, guard, the audit record, no value. */
  readonly denied: PipelineCost;
}

function round(child: ChildProcess, as: PipelineRound["as"], calls: number, database: string): Promise<{ result: PipelineRoundResult; postgresMs: number }> {
  return new Promise((resolve, reject) => {
    const pgBefore = postgresCpuByPid(database);
    const onMessage = (m: unknown): void => {
      const r = m as Partial<PipelineRoundResult>;
      if (r.type !== "round") return;
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve({ result: r as PipelineRoundResult, postgresMs: postgresCpuBetween(pgBefore, postgresCpuByPid(database)) });
    };
    const onExit = (): void => reject(new Error("the pipeline child exited during a round"));
    child.on("message", onMessage);
    child.once("exit", onExit);
    const ask: PipelineRound = { type: "round", as, calls, concurrency: PIPELINE_SETTINGS.concurrency };
    child.send(ask);
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

function summarize(rounds: ReadonlyArray<{ result: PipelineRoundResult; postgresMs: number }>, calls: number): PipelineCost {
  const nexus = rounds.map((r) => r.result.cpuMicros / calls);
  const mid = median(nexus);
  const at = rounds[nexus.indexOf(mid)] ?? rounds[0];
  return {
    nexusMicros: Math.round(mid * 10) / 10,
    postgresMicros: Math.round(median(rounds.map((r) => (r.postgresMs * 1000) / calls)) * 10) / 10,
    callsPerSecond: at === undefined ? 0 : Math.round(calls / (at.result.wallMs / 1000)),
    roundsNexusMicros: nexus.map((x) => Math.round(x * 10) / 10),
    errors: rounds.reduce((n, r) => n + r.result.errors, 0),
  };
}

export async function measurePipeline(opts: { defer: (fn: () => void | Promise<void>) => void; signal?: AbortSignal }): Promise<PipelineReport> {
  const log = createLogger("bench-pipeline", { level: 5 });
  const dir = mkdtempSync(join(tmpdir(), "spike-pipeline-"));
  opts.defer(() => rmSync(dir, { recursive: true, force: true }));
  const { name, uri } = await throwawayDatabase(PIPELINE_SETTINGS.postgresUri, `spike_pipeline_${process.pid}`, opts.defer, log);

  const devDir = join(dir, "dev");
  const issuer = await DevIssuer.start({ devDir, trustDomain: PIPELINE_SETTINGS.trustDomain, registrations: defaultRegistrations(PIPELINE_SETTINGS.trustDomain) });
  opts.defer(() => issuer.stop());
  // "pilot" is the superuser; "pilot-recover" may run the recovery ceremony only, so its reads are denied.
  const child = await forkChild(fileURLToPath(new URL("./pipeline-child.ts", import.meta.url)), {
    args: [devSocketPath(devDir, "nexus"), devSocketPath(devDir, "pilot"), devSocketPath(devDir, "pilot-recover"), uri.toString()],
    nodeArgs: NEXUS_NODE_FLAGS,
    onSpawn: (c) => opts.defer(() => stopChild(c)),
  });

  await round(child.process, "reader", PIPELINE_SETTINGS.warmupCalls, name);
  await round(child.process, "denied", PIPELINE_SETTINGS.warmupCalls, name);
  const reads: Array<{ result: PipelineRoundResult; postgresMs: number }> = [];
  const denials: Array<{ result: PipelineRoundResult; postgresMs: number }> = [];
  for (let i = 0; i < PIPELINE_SETTINGS.rounds && opts.signal?.aborted !== true; i++) {
    reads.push(await round(child.process, "reader", PIPELINE_SETTINGS.callsPerRound, name));
    denials.push(await round(child.process, "denied", PIPELINE_SETTINGS.callsPerRound, name));
  }
  const report = {
    concurrency: PIPELINE_SETTINGS.concurrency,
    read: summarize(reads, PIPELINE_SETTINGS.callsPerRound),
    denied: summarize(denials, PIPELINE_SETTINGS.callsPerRound),
  };
  // A read that failed or a denial that was let through measures something else: no figure then.
  const wrong = report.read.errors + report.denied.errors;
  if (wrong > 0) throw new Error(`${wrong} pipeline calls ended otherwise than expected (reads must answer, denied reads must be refused)`);
  return report;
}

/**
 * The floor of a read's CPU and the ceiling it puts on the read target: the echo's client and server CPU per call
 * (the transport, measured in the load rows of the same run) plus Nexus's and PostgreSQL's pipeline cost.
 */
export function readCeiling(r: PipelineReport, echo: { clientMicros: number; serverMicros: number } | undefined): { floorMicros: number; maxRatio: number } | undefined {
  if (echo === undefined) return undefined;
  const transport = echo.clientMicros + echo.serverMicros;
  const floorMicros = Math.round(transport + r.read.nexusMicros + r.read.postgresMicros);
  return { floorMicros, maxRatio: Math.round((transport / floorMicros) * 100) / 100 };
}

export function pipelineTable(r: PipelineReport, echo?: { name: string; clientMicros: number; serverMicros: number }): string {
  const row = (label: string, c: PipelineCost): string =>
    `  ${label.padEnd(34)} ${c.nexusMicros.toFixed(1).padStart(8)} ${c.postgresMicros.toFixed(1).padStart(8)} ${String(c.callsPerSecond).padStart(9)}   ${c.roundsNexusMicros.join(" ")}`;
  const value = Math.round((r.read.nexusMicros - r.denied.nexusMicros) * 10) / 10;
  const lines = [
    `Nexus's own cost per read, no transport (Secrets.Get handlers called in-process, c=${r.concurrency}; median of rounds)`,
    `  ${"".padEnd(34)} ${"nexus µs".padStart(8)} ${"pg µs".padStart(8)} ${"calls/s".padStart(9)}   nexus µs per round`,
    row("read (superuser, 1 KiB)", r.read),
    row("denied (guard + audit, no value)", r.denied),
    `  the value itself (cache, decrypt, decode, answer): about ${value} µs; the rest is admitting, the guard and the audit record`,
  ];
  const ceiling = readCeiling(r, echo);
  if (echo !== undefined && ceiling !== undefined) {
    lines.push(
      `  floor of a read's CPU here: ${echo.name}'s client + server ${echo.clientMicros} + ${echo.serverMicros} µs + this pipeline ${r.read.nexusMicros} + ${r.read.postgresMicros} µs = ${ceiling.floorMicros} µs,`,
      `  so with every core busy a read can reach at most about ${Math.round(ceiling.maxRatio * 100)} % of that echo's throughput (before any cost that load adds)`,
    );
  }
  return lines.join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cleanups: Array<() => void | Promise<void>> = [];
  measurePipeline({ defer: (fn) => cleanups.push(fn) })
    .then((r) => process.stdout.write(`${pipelineTable(r)}\n${JSON.stringify(r)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });
}
