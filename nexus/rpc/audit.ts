// spike.v1.Audit: read, verify, export and prune the hash-chained audit log (ADR 0016). Every call here is itself
// audited by the pipeline (define.ts), Prune included.
import { invalidArgument } from "../../lib/errors.js";
import { fromTimestamp, toTimestamp } from "../../lib/timestamp.js";
import type { AuditDefinition } from "../../proto/types/spike/v1/Audit.js";
import type { AuditAnchor } from "../../proto/types/spike/v1/AuditAnchor.js";
import type { AuditRecord } from "../../proto/types/spike/v1/AuditRecord.js";
import type { AuditChainBreak } from "../../proto/types/spike/v1/AuditChainBreak.js";
import type { AuditRow } from "../audit/chain.js";
import type { ChainBreak } from "../audit/log.js";
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

function range(from: number, to: number): { from: number; to: number } {
  if (to !== 0 && from > to) throw invalidArgument(`from_sequence ${from} is above to_sequence ${to}`);
  return { from, to };
}

export function auditRpcs(ctx: NexusRpcContext): ServiceRpcs<AuditDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Tail: serverStream({
      guard: superuser,
      validate: (req) => {
        if (req.last > MAX_LAST) throw invalidArgument(`last ${req.last} is above ${MAX_LAST}`);
        return { since: req.sinceSequence, last: req.last === 0 ? 20 : req.last, follow: req.follow };
      },
      act: async (input, _call, send, signal) => {
        const log = ctx.audit();
        let seen: number;
        if (input.since > 0) {
          const head = await log.head();
          // OUT_OF_RANGE in the contract; lib/errors has no such code yet, so INVALID_ARGUMENT says the same.
          if (input.since > head.sequence) throw invalidArgument(`since_sequence ${input.since} is beyond the newest record (${head.sequence})`);
          seen = input.since;
        } else {
          const rows = await log.newest(input.last);
          for (const row of rows) send({ record: auditRecordMessage(row) });
          seen = rows.at(-1)?.sequence ?? (await log.head()).sequence;
        }
        for (;;) {
          if (signal.aborted) return;
          const rows = await log.range({ from: seen + 1, to: Number.MAX_SAFE_INTEGER }, BATCH);
          for (const row of rows) send({ record: auditRecordMessage(row) });
          seen = rows.at(-1)?.sequence ?? seen;
          if (rows.length === BATCH) continue;
          if (!input.follow) return;
          await pause(FOLLOW_POLL_MS, signal);
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
        const startTime = fromTimestamp(req.startTime);
        const endTime = fromTimestamp(req.endTime);
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
          for (const row of rows) send({ record: auditRecordMessage(row) });
          const last = rows.at(-1);
          if (last === undefined || rows.length < BATCH) break;
          from = last.sequence + 1;
        }
      },
    }),

    Prune: unary({
      guard: superuser,
      validate: (req) => {
        const before = fromTimestamp(req.before);
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

