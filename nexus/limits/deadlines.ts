// The server's deadline for unary calls (SPIKE_NEXUS_RPC_DEADLINE), kept without a timer per call. Every call has
// the same deadline, so calls expire in arrival order: they wait in a queue, a finished call only settles its entry,
// and one unref'd interval ends the expired ones from the front. A call ends between its deadline and one sweep
// later (a quarter of the deadline, between 5 ms and 1 s). Cost per call: one small object and an array push;
// setTimeout + clearTimeout costs several times more (bench/limits-overhead.ts).
import { performance } from "node:perf_hooks";

/**
 * A call waiting for its deadline. Settling it (the call answered) also lets go of `expire`, and with it of the
 * call: entries stay queued until a sweep reaches them, up to a second later or, behind a call still running, until
 * that one ends, and a queue holding every finished call's state would carry thousands of them into the old
 * generation at load.
 */
export class Pending {
  private expireFn: (() => void) | undefined;

  constructor(readonly at: number, expire: () => void) {
    this.expireFn = expire;
  }

  /** Whether the call has answered or expired. */
  get done(): boolean {
    return this.expireFn === undefined;
  }

  /** The call answered: it will not expire, and this entry no longer holds it. */
  settle(): void {
    this.expireFn = undefined;
  }

  /** Ends the call with its deadline, once, unless it has settled. */
  expire(): void {
    const fn = this.expireFn;
    this.expireFn = undefined;
    fn?.();
  }
}

export class Deadlines {
  private queue: Pending[] = [];
  private head = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(readonly ms: number) {
    this.timer = setInterval(() => this.sweep(), Math.min(1000, Math.max(5, Math.floor(ms / 4))));
    this.timer.unref();
  }

  /** `expire` runs once the deadline has passed, unless the returned entry is settled first. */
  add(expire: () => void): Pending {
    const p = new Pending(performance.now() + this.ms, expire);
    this.queue.push(p);
    return p;
  }

  private sweep(): void {
    const now = performance.now();
    const q = this.queue;
    while (this.head < q.length) {
      const p = q[this.head] as Pending;
      if (!p.done && p.at > now) break;
      this.head += 1;
      p.expire();
    }
    // Drop the consumed front now and then, not on every sweep.
    if (this.head > 1024 && this.head * 2 > q.length) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
