// A token bucket per SPIFFE ID (ADR 0023). Each caller may make `rate` calls a second on average and `burst` at
// once; a call beyond that is refused with how long to wait. One Map lookup and a little arithmetic per call.
import { performance } from "node:perf_hooks";

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly rate: number, private readonly burst: number, sweepMs = 60_000) {
    this.perMs = rate / 1000;
    // Forget callers whose bucket has refilled: they would start full anyway, so the map only holds the active.
    this.sweeper = setInterval(() => this.sweep(), sweepMs);
    this.sweeper.unref();
  }

  /** Takes one token for `caller`: 0 when the call may go on, else the milliseconds until a token is due. */
  take(caller: string): number {
    const now = performance.now();
    let b = this.buckets.get(caller);
    if (b === undefined) {
      b = { tokens: this.burst, at: now };
      this.buckets.set(caller, b);
    } else {
      b.tokens = Math.min(this.burst, b.tokens + (now - b.at) * this.perMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perMs));
  }

  /** How many callers are being tracked (tests, metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(): void {
    const now = performance.now();
    for (const [caller, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) this.buckets.delete(caller);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  describe(): string {
    return `${this.rate} calls/s, burst ${this.burst}`;
  }
}

/** Counts holders of a bounded resource (long-lived streams); `acquire` is false when all are taken. */
export class Slots {
  private used = 0;
  constructor(readonly capacity: number) {}

  acquire(): boolean {
    if (this.used >= this.capacity) return false;
    this.used += 1;
    return true;
  }

  release(): void {
    if (this.used > 0) this.used -= 1;
  }

  get inUse(): number {
    return this.used;
  }
}
