// Exponential backoff with jitter, for every client that reconnects or retries (the Workload API watcher, the
// Nexus SDK). Each wait is drawn from [d/2, d] ("equal jitter"): never zero, so a fleet restarting together
// spreads out, and never more than the cap.
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

export class Backoff {
  private delay: number;

  constructor(private readonly policy: BackoffPolicy) {
    this.delay = policy.initialMs;
  }

  /** The next wait, in ms; each call doubles the base up to the cap. */
  next(): number {
    const wait = this.delay / 2 + Math.random() * (this.delay / 2);
    this.delay = Math.min(this.delay * 2, this.policy.maxMs);
    return wait;
  }

  reset(): void {
    this.delay = this.policy.initialMs;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
