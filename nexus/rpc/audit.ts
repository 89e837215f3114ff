// spike.v1.Audit: read, verify, export and prune the hash-chained audit log (ADR 0016). Every call here is itself
// audited by the pipeline (define.ts), Prune included.
import { SpikeError, invalidArgument } from "../../lib/errors.js";
import { checkedTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { AuditDefinition } from "../../proto/types/spike/v1/Audit.js";
import type { AuditAnchor } from "../../proto/types/spike/v1/AuditAnchor.js";
import type { AuditRecord } from "../../proto/types/spike/v1/AuditRecord.js";
import type { AuditTailResponse } from "../../proto/types/spike/v1/AuditTailResponse.js";
import type { AuditChainBreak } from "../../proto/types/spike/v1/AuditChainBreak.js";
import type { AuditRow } from "../audit/chain.js";
import type { AuditLog, ChainBreak } from "../audit/log.js";
import type { AuditAnchorRow } from "../store/audit-repository.js";
import type { NexusRpcContext } from "./context.js";
import { serverStream, unary, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";

const MAX_LAST = 10_000;
const BATCH = 1000;
const FOLLOW_POLL_MS = 250;

export function auditRecordMessage(row: AuditRow): AuditRecord {
  return {
    sequence: row.sequence,
    time: toTimestamp(row.time),
    callerSpiffeId: row.caller,
    action: row.action,
    resource: row.resource,
    outcome: row.outcome === "ok" ? "AUDIT_OUTCOME_OK" : row.outcome === "denied" ? "AUDIT_OUTCOME_DENIED" : "AUDIT_OUTCOME_ERROR",
    statusCode: row.outcome === "ok" ? "OK" : row.outcome === "denied" ? "PERMISSION_DENIED" : row.outcome,
    requestId: row.requestId,
    durationMicros: Math.min(row.durationMicros, 0xffff_ffff),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

const anchorMessage = (a: AuditAnchorRow): AuditAnchor => ({ sequence: a.sequence, hash: a.hash, time: toTimestamp(a.time) });

const BREAKS: Record<ChainBreak, AuditChainBreak> = {
  edited: "AUDIT_CHAIN_BREAK_EDITED",
  relinked: "AUDIT_CHAIN_BREAK_RELINKED",
  missing: "AUDIT_CHAIN_BREAK_MISSING",
  anchor: "AUDIT_CHAIN_BREAK_ANCHOR",
};

/** Waits `ms`, or less when the call is cancelled. */
const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });

/** A request's sequence number: a JS number above 2^53 is no longer exact, and the database's bigint stops at 2^63. */
function sequence(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(`${field} ${value} is out of range (0 to ${Number.MAX_SAFE_INTEGER})`);
  return value;
}

/** A timestamp of the request, refused INVALID_ARGUMENT when out of the Timestamp range. */
function timestamp(ts: Parameters<typeof checkedTimestamp>[0], field: string): Date | null {
  try {
    return checkedTimestamp(ts, field);
  } catch (err) {
    throw invalidArgument((err as Error).message);
  }
}

function range(fromValue: number, toValue: number): { from: number; to: number } {
  const from = sequence(fromValue, "from_sequence");
  const to = sequence(toValue, "to_sequence");
  if (to !== 0 && from > to) throw invalidArgument(`from_sequence ${from} is above to_sequence ${to}`);
  return { from, to };
}

interface TailInput {
  readonly since: number;
  readonly last: number;
  readonly follow: boolean;
}

/** Audit.Tail's stream: the newest records (or those after `since`), then, when following, each new one. */
async function tail(log: AuditLog, input: TailInput, send: (m: AuditTailResponse) => Promise<void> | undefined, signal: AbortSignal): Promise<void> {
  let seen: number;
  if (input.since > 0) {
    const head = await log.head();
    // OUT_OF_RANGE in the contract; lib/errors has no such code yet, so INVALID_ARGUMENT says the same.
    if (input.since > head.sequence) throw invalidArgument(`since_sequence ${input.since} is beyond the newest record (${head.sequence})`);
    seen = input.since;
  } else {
    const rows = await log.newest(input.last);
    for (const row of rows) await send({ record: auditRecordMessage(row) });
    seen = rows.at(-1)?.sequence ?? (await log.head()).sequence;
  }
  for (;;) {
    if (signal.aborted) return;
    const rows = await log.range({ from: seen + 1, to: Number.MAX_SAFE_INTEGER }, BATCH);
    for (const row of rows) await send({ record: auditRecordMessage(row) });
    seen = rows.at(-1)?.sequence ?? seen;
    if (rows.length === BATCH) continue;
    if (!input.follow) return;
    await pause(FOLLOW_POLL_MS, signal);
  }
}

export function auditRpcs(ctx: NexusRpcContext): ServiceRpcs<AuditDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Tail: serverStream({
      guard: superuser,
      validate: (req) => {
        if (req.last > MAX_LAST) throw invalidArgument(`last ${req.last} is above ${MAX_LAST}`);
        return { since: sequence(req.sinceSequence, "since_sequence"), last: req.last === 0 ? 20 : req.last, follow: req.follow };
      },
      act: async (input, call, send, signal) => {
        // A follower holds its stream open indefinitely: their number is bounded (SPIKE_NEXUS_MAX_FOLLOW_STREAMS).
        if (input.follow && !ctx.followStreams.acquire()) {
          throw new SpikeError("resource_exhausted", `${ctx.followStreams.capacity} audit tail --follow streams are open already (SPIKE_NEXUS_MAX_FOLLOW_STREAMS); ${call.peer.text} may retry later`);
        }
        try {
          await tail(ctx.audit(), input, send, signal);
        } finally {
          if (input.follow) ctx.followStreams.release();
        }
      },
    }),

    Verify: serverStream({
      guard: superuser,
      validate: (req) => range(req.fromSequence, req.toSequence),
      act: async (input, _call, send) => {
        const r = await ctx.audit().verify(input.from, input.to, (done, total) =>
          send({ progress: { stage: "verifying", done, total, unit: "records" } }));
        send({
          result: {
            ok: r.ok,
            checked: r.checked,
            firstSequence: r.firstSequence,
            lastSequence: r.lastSequence,
            brokenSequence: r.broken?.sequence ?? 0,
            reason: r.broken !== undefined ? BREAKS[r.broken.reason] : "AUDIT_CHAIN_BREAK_UNSPECIFIED",
            detail: r.broken?.detail ?? "",
            anchor: anchorMessage(r.anchor),
          },
        });
      },
    }),

    Export: serverStream({
      guard: superuser,
      validate: (req) => {
        const startTime = timestamp(req.startTime, "start_time");
        const endTime = timestamp(req.endTime, "end_time");
        if (startTime !== null && endTime !== null && endTime < startTime) throw invalidArgument("end_time is before start_time");
        return { ...range(req.fromSequence, req.toSequence), startTime, endTime };
      },
      act: async (input, _call, send, signal) => {
        const log = ctx.audit();
        const head = await log.head();
        send({ anchor: anchorMessage(head.anchor) });
        const to = input.to === 0 ? head.sequence : input.to;
        let from = Math.max(input.from, head.anchor.sequence + 1);
        while (from <= to && !signal.aborted) {
          const rows = await log.range({ from, to, ...(input.startTime ? { startTime: input.startTime } : {}), ...(input.endTime ? { endTime: input.endTime } : {}) }, BATCH);
          for (const row of rows) await send({ record: auditRecordMessage(row) });
          const last = rows.at(-1);
          if (last === undefined || rows.length < BATCH) break;
          from = last.sequence + 1;
        }
      },
    }),

    Prune: unary({
      guard: superuser,
      validate: (req) => {
        const before = timestamp(req.before, "before");
        if (before === null) throw invalidArgument("before is required");
        if (before.getTime() > Date.now()) throw invalidArgument("before is in the future");
        return { adminToken: req.adminToken, before, dryRun: req.dryRun };
      },
      act: async (input) => {
        await ctx.adminTokens().verify(input.adminToken);
        const r = await ctx.audit().prune(input.before, input.dryRun);
        return { pruned: r.pruned, anchor: anchorMessage(r.anchor) };
      },
    }),
  };
}

