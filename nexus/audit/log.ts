// The audit log as Nexus uses it: append one record per call (the RPC pipeline's audit step), and read it back for
// Tail, Verify, Export and Prune. Verification recomputes every hash and link from the anchor; it reports the first
// sequence where the chain breaks and why.
import type { AuditAnchorRow, AuditEntry, AuditHeadRow, AuditRepository } from "../store/audit-repository.js";
import { chainHash, type AuditRow } from "./chain.js";

export type { AuditEntry } from "../store/audit-repository.js";

/** Where the pipeline's audit step writes. */
export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
}

export type ChainBreak = "edited" | "relinked" | "missing" | "anchor";

export interface VerifyResult {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly broken?: { readonly sequence: number; readonly reason: ChainBreak; readonly detail: string };
  readonly anchor: AuditAnchorRow;
}

const BATCH = 1000;

export class AuditLog implements AuditSink {
  /** `repository` throws "unavailable" while the database is not open. */
  constructor(private readonly repository: () => AuditRepository) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.repository().append(entry, chainHash);
  }

  head(): Promise<AuditHeadRow> {
    return this.repository().head();
  }

  newest(n: number): Promise<AuditRow[]> {
    return this.repository().newest(n);
  }

  range(filter: Parameters<AuditRepository["range"]>[0], limit = BATCH): Promise<AuditRow[]> {
    return this.repository().range(filter, limit);
  }

  prune(before: Date, dryRun: boolean): ReturnType<AuditRepository["prune"]> {
    return this.repository().prune(before, dryRun);
  }

  /** Checks records from..to (0: from the anchor / to the newest), reporting progress after each batch. */
  async verify(from: number, to: number, progress: (done: number, total: number) => void): Promise<VerifyResult> {
    const repo = this.repository();
    const head = await repo.head();
    const anchor = head.anchor;
    const first = Math.max(from === 0 ? anchor.sequence + 1 : from, anchor.sequence + 1);
    const last = to === 0 ? head.sequence : Math.min(to, head.sequence);
    const total = Math.max(0, last - first + 1);
    let checked = 0;
    const result = (broken?: VerifyResult["broken"]): VerifyResult => ({
      ok: broken === undefined,
      checked,
      firstSequence: first,
      lastSequence: last,
      ...(broken !== undefined ? { broken } : {}),
      anchor,
    });

    // The hash the first checked record must link to: the anchor's, or the record just before `first`.
    let prev: Buffer | undefined = anchor.hash;
    if (first > anchor.sequence + 1) {
      const [before] = await repo.range({ from: first - 1, to: first - 1 }, 1);
      prev = before?.hash; // a missing predecessor is outside the range asked for: the first link is not checked
    }
    let expected = first;
    while (expected <= last) {
      const rows = await repo.range({ from: expected, to: last }, BATCH);
      for (const row of rows) {
        if (row.sequence !== expected) {
          return result({ sequence: expected, reason: "missing", detail: `record ${expected} is missing: it was deleted (the next record is ${row.sequence})` });
        }
        if (prev !== undefined && !row.prevHash.equals(prev)) {
          return expected === anchor.sequence + 1
            ? result({ sequence: expected, reason: "anchor", detail: `record ${expected} does not follow the anchor (sequence ${anchor.sequence})` })
            : result({ sequence: expected, reason: "relinked", detail: `record ${expected} does not link to record ${expected - 1}: a record was inserted or replaced before it` });
        }
        if (!chainHash(row).equals(row.hash)) {
          return result({ sequence: expected, reason: "edited", detail: `record ${expected} does not match its hash: it was edited` });
        }
        prev = row.hash;
        expected++;
        checked++;
      }
      progress(checked, total);
      if (rows.length === 0) break;
    }
    if (expected <= last) {
      return result({ sequence: expected, reason: "missing", detail: `record ${expected} is missing: it was deleted (the log should end at ${head.sequence})` });
    }
    if (to === 0 || to >= head.sequence) {
      if (last > anchor.sequence && prev !== undefined && !prev.equals(head.hash)) {
        return result({ sequence: last, reason: "edited", detail: `record ${last} does not match the chain head Nexus recorded: it was rewritten` });
      }
      const stray = await repo.beyondHead();
      if (stray !== undefined) {
        return result({ sequence: stray, reason: "relinked", detail: `record ${stray} was inserted outside Nexus: the chain head ends at ${head.sequence}` });
      }
    }
    return result();
  }
}
