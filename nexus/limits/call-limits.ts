// The limits every Nexus call passes before its guard: the caller's rate limit, and the server's deadline for
// unary calls (ADR 0023). Rate-limited calls are refused before anything else runs and are not written to the
// audit log one by one (a flood must not become a flood of database writes): the metric counts them and the log
// says so once a minute per caller.
import type { Log } from "../../lib/log.js";
import type { PeerIdentities } from "../../spiffe/tls.js";
import type { CallLimits } from "../rpc/define.js";
import { Deadlines } from "./deadlines.js";
import { RateLimiter } from "./rate-limit.js";
import { rateLimitedStatus } from "./retry-info.js";

export interface LimitsConfig {
  /** Calls per second per SPIFFE ID; 0 turns the rate limit off. */
  readonly rate: number;
  readonly burst: number;
  readonly unaryDeadlineMs: number;
}

const WARN_EVERY_MS = 60_000;

export function callLimits(cfg: LimitsConfig, peers: PeerIdentities, log: Log, counted: () => void): CallLimits & { close(): void } {
  const deadline = new Deadlines(cfg.unaryDeadlineMs);
  if (cfg.rate === 0) return { deadline, refuse: () => undefined, close: () => deadline.close() };
  const limiter = new RateLimiter(cfg.rate, cfg.burst);
  const warned = new Map<string, number>();
  return {
    deadline,
    refuse: (call) => {
      let caller: string;
      try {
        caller = peers.of(call).text;
      } catch {
        return undefined; // no valid identity: the guard refuses the call, and audits it
      }
      const waitMs = limiter.take(caller);
      if (waitMs === 0) return undefined;
      counted();
      const now = Date.now();
      if ((warned.get(caller) ?? 0) + WARN_EVERY_MS < now) {
        if (warned.size > 10_000) warned.clear();
        warned.set(caller, now);
        log.warn("caller is over its rate limit; its calls are refused RESOURCE_EXHAUSTED", { caller, limit: limiter.describe() });
      }
      return rateLimitedStatus(caller, waitMs, limiter.describe());
    },
    close: () => {
      limiter.close();
      deadline.close();
    },
  };
}
