// What the limits and metrics add to every Nexus call, measured in isolation (ADR 0023, 0024): the rate-limit
// token take, the unary deadline timer (set and cleared), and the metrics observation (histogram + counter).
//   node --import tsx bench/limits-overhead.ts
import { performance } from "node:perf_hooks";
import { Deadlines } from "../nexus/limits/deadlines.js";
import { RateLimiter } from "../nexus/limits/rate-limit.js";
import { NexusMetrics } from "../nexus/metrics/metrics.js";

const N = 1_000_000;

function time(label: string, fn: (i: number) => void): number {
  for (let i = 0; i < 50_000; i++) fn(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fn(i);
  const ns = ((performance.now() - t0) * 1e6) / N;
  process.stdout.write(`${label.padEnd(52)} ${ns.toFixed(0).padStart(5)} ns/call\n`);
  return ns;
}

const limiter = new RateLimiter(1e9, 1e9);
const deadlines = new Deadlines(20); // sweeps every 5 ms, as a busy server's queue would be swept

/** The deadline queue, timed in slices with a pause between them so its sweep runs as it does in a server. */
async function timeDeadlines(): Promise<number> {
  let spent = 0;
  for (let slice = 0; slice < 100; slice++) {
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) deadlines.add(() => undefined).settle();
    spent += performance.now() - t0;
    await new Promise((r) => setTimeout(r, 6));
  }
  const ns = (spent * 1e6) / 1_000_000;
  process.stdout.write(`${"deadline: queued and settled (Deadlines)".padEnd(52)} ${ns.toFixed(0).padStart(5)} ns/call\n`);
  return ns;
}
const metrics = new NexusMetrics({ ready: () => true, keepers: () => [], pool: () => undefined, followStreams: () => 0 }, { defaultMetrics: false });
const callers = ["spiffe://spike.ist/workload/a", "spiffe://spike.ist/workload/b", "spiffe://spike.ist/spike/pilot/role/superuser"];
const methods = ["/spike.v1.Secrets/Get", "/spike.v1.Secrets/Put", "/spike.v1.Secrets/List"];

const parts = [
  await timeDeadlines(),
  time("rate limit: take a token", (i) => limiter.take(callers[i % 3] as string)),
  time("metrics: performance.now + histogram + counter", (i) => metrics.ended(methods[i % 3] as string, i % 7 === 0 ? 5 : 0, performance.now())),
];
process.stdout.write(`${"total added per unary call".padEnd(52)} ${parts.reduce((a, b) => a + b, 0).toFixed(0).padStart(5)} ns/call\n`);
time("(for comparison) setTimeout + clearTimeout", () => clearTimeout(setTimeout(() => undefined, 30_000)));
deadlines.close();
limiter.close();
