// When the SDK sends a call again. Only UNAVAILABLE is retried (Nexus restarting, not ready yet, its database
// down), with exponential backoff and jitter. A call that could apply twice is resent only when the first attempt
// certainly never reached Nexus; see adr/0026-workload-sdk.md.
import { Backoff, sleep } from "../../lib/backoff.js";
import { neverSent, toNexusError, transient, NexusError } from "./errors.js";

export interface RetryPolicy {
  /** Attempts in all, the first included; 1 turns retrying off. */
  readonly maxAttempts: number;
  /** The first wait; each later one doubles, up to maxBackoffMs, each drawn from [d/2, d]. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

/** Eight attempts over roughly 10 to 20 seconds: long enough for a Nexus restart or a rolling upgrade. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, initialBackoffMs: 200, maxBackoffMs: 5_000 };

/**
 * "idempotent": sending it twice has the effect of sending it once (reads, CAS writes, deletes of named versions).
 * "once": a second copy could apply again (a put without CAS makes a new version each time).
 */
export type Repeatable = "idempotent" | "once";

export async function withRetry<T>(attempt: () => Promise<T>, kind: Repeatable, policy: RetryPolicy, closed: () => boolean): Promise<T> {
  const backoff = new Backoff({ initialMs: policy.initialBackoffMs, maxMs: policy.maxBackoffMs });
  for (let n = 1; ; n++) {
    if (closed()) throw new NexusError("unavailable", "the Nexus client is closed", undefined, n - 1);
    try {
      return await attempt();
    } catch (err) {
      const again = kind === "idempotent" ? transient(err) : neverSent(err);
      if (!again || n >= policy.maxAttempts) throw toNexusError(err, n);
    }
    await sleep(backoff.next());
  }
}
