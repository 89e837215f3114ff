// A closed-loop load generator: `concurrency` workers each keep exactly one call in flight. After a warm-up, the
// completions that land inside the measurement window are counted (successes go into a latency histogram), so calls
// in flight at either edge of the window neither inflate nor deflate the rate. Several short windows of the same
// call can be merged, so that two calls compared with each other can take turns on a noisy machine.
import { performance } from "node:perf_hooks";

export interface LoadOptions {
  readonly concurrency: number;
  /** Length of the measurement window. */
  readonly durationMs: number;
  /** Calls run but are not counted for this long first (connections, JIT, caches). */
  readonly warmupMs: number;
  /** The window closes early once this many calls have succeeded in it. */
  readonly maxRequests?: number;
  /** Told when the window opens and closes (at the first completion past each edge), e.g. to meter CPU. */
  readonly onWindow?: (edge: "start" | "end") => void;
  /** Stops issuing calls (the sample is then partial). */
  readonly signal?: AbortSignal;
}

export interface LoadResult {
  readonly concurrency: number;
  /** Successful calls completed inside the window. */
  readonly requests: number;
  /** Failed calls completed inside the window. */
  readonly errors: number;
  readonly firstError: string | null;
  readonly windowMs: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
}

/**
 * Latencies in logarithmic buckets 1 % wide from 1 µs (about 2,000 buckets up to 7 minutes): constant memory,
 * and a percentile is never more than 1 % above the true value.
 */
export class LatencyHistogram {
  private static readonly GROWTH = 1.01;
  private static readonly LOG_GROWTH = Math.log(LatencyHistogram.GROWTH);
  private readonly counts = new Uint32Array(2000);
  private total = 0;
  private sumMs = 0;
  private maxMs = 0;

  record(ms: number): void {
    const us = Math.max(ms * 1000, 1);
    const i = Math.min(Math.ceil(Math.log(us) / LatencyHistogram.LOG_GROWTH), this.counts.length - 1);
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.total++;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /** Adds every value recorded in `other` to this histogram. */
  add(other: LatencyHistogram): void {
    other.counts.forEach((n, i) => {
      this.counts[i] = (this.counts[i] ?? 0) + n;
    });
    this.total += other.total;
    this.sumMs += other.sumMs;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
  }

  get count(): number {
    return this.total;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sumMs / this.total;
  }

  get max(): number {
    return this.maxMs;
  }

  /** The p-th percentile in ms (the upper edge of its bucket, capped at the largest value seen); 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(LatencyHistogram.GROWTH ** i / 1000, this.maxMs);
    }
    return this.maxMs;
  }
}

/** One measurement window's raw figures; samples of the same call and concurrency merge into one result. */
export interface Sample {
  readonly concurrency: number;
  readonly histogram: LatencyHistogram;
  readonly errors: number;
  readonly firstError: string | null;
  readonly windowMs: number;
}

/** Runs `call` in a closed loop for one window. A rejected call is an error; the call should carry a deadline. */
export async function sample(call: () => Promise<unknown>, opts: LoadOptions): Promise<Sample> {
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${opts.concurrency}`);
  const maxRequests = opts.maxRequests ?? Number.POSITIVE_INFINITY;
  const histogram = new LatencyHistogram();
  const windowStart = performance.now() + opts.warmupMs;
  let windowEnd = windowStart + opts.durationMs;
  let errors = 0;
  let firstError: string | null = null;
  let edge: "before" | "open" | "closed" = "before";
  const signal = (to: "open" | "closed"): void => {
    if (edge === "before") opts.onWindow?.("start");
    if (to === "closed" && edge !== "closed") opts.onWindow?.("end");
    edge = to;
  };

  const worker = async (): Promise<void> => {
    while (performance.now() < windowEnd && opts.signal?.aborted !== true) {
      const started = performance.now();
      let failure: { error: unknown } | undefined;
      try {
        await call();
      } catch (error) {
        failure = { error };
      }
      const ended = performance.now();
      // A call that fails at once (closed channel, refused connection) must not starve timers and I/O.
      if (failure !== undefined) await new Promise((resolve) => setImmediate(resolve));
      if (ended < windowStart) continue;
      if (ended > windowEnd) {
        signal("closed");
        continue;
      }
      if (edge === "before") signal("open");
      if (failure !== undefined) {
        errors++;
        firstError ??= failure.error instanceof Error ? failure.error.message : String(failure.error);
        continue;
      }
      histogram.record(ended - started);
      if (histogram.count >= maxRequests) {
        windowEnd = ended;
        signal("closed");
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  signal("closed");
  return { concurrency: opts.concurrency, histogram, errors, firstError, windowMs: windowEnd - windowStart };
}

/** Merges samples (same call, same concurrency) into one result: totals over the summed windows. */
export function summarize(samples: readonly Sample[]): LoadResult {
  const first = samples[0];
  if (first === undefined) throw new Error("summarize needs at least one sample");
  const histogram = new LatencyHistogram();
  let errors = 0;
  let windowMs = 0;
  for (const s of samples) {
    if (s.concurrency !== first.concurrency) throw new Error("samples of different concurrency cannot be merged");
    histogram.add(s.histogram);
    errors += s.errors;
    windowMs += s.windowMs;
  }
  return {
    concurrency: first.concurrency,
    requests: histogram.count,
    errors,
    firstError: samples.find((s) => s.firstError !== null)?.firstError ?? null,
    windowMs: round(windowMs, 1),
    rps: windowMs > 0 ? round((histogram.count * 1000) / windowMs, 1) : 0,
    p50Ms: round(histogram.percentile(50), 3),
    p99Ms: round(histogram.percentile(99), 3),
    meanMs: round(histogram.mean, 3),
    maxMs: round(histogram.max, 3),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** One window, summarized. */
export async function measure(call: () => Promise<unknown>, opts: LoadOptions): Promise<LoadResult> {
  return summarize([await sample(call, opts)]);
}
