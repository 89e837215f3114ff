// The audit log as Nexus uses it: append one record per call (the RPC pipeline's audit step: with the change it
// records, or grouped with concurrent records into one commit), and read it back for
// Tail, Verify, Export and Prune. Verification recomputes every hash and link from the anchor; it reports the first
// sequence where the chain breaks and why.
import type { AuditAnchorRow, AuditEntry, AuditHeadRow } from "../store/audit-repository.js";
import { AuditRepository } from "../store/audit-repository.js";
import type { Db } from "../store/database.js";
import { inTransaction } from "../store/unit-of-work.js";
import { chainHash, type AuditRow } from "./chain.js";

export type { AuditEntry } from "../store/audit-repository.js";

/** Where the pipeline's audit step writes. */
export interface AuditSink {
  /** Appends one record (grouped with concurrent ones into one commit); resolves once it is durable. */
  record(entry: AuditEntry): Promise<void>;
  /**
   * Runs `work` (a change) in one database transaction and appends the record `entry` builds from its result on
   * that same transaction: the change and its record commit together or not at all. A record that cannot be
   * appended rolls the change back and rejects with AuditWriteError.
   */
  withChange<T>(work: () => Promise<T>, entry: () => AuditEntry): Promise<T>;
}

/** The record of a change could not be written, so the change was rolled back. */
export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    super("the audit record could not be written", { cause });
  }
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
/** Most records one group commit writes; more wait for the next. */
const GROUP_MAX = 256;

interface Waiting {
  readonly entry: AuditEntry;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/**
 * PostgreSQL text cannot hold NUL, and a refused call's path may contain one: stored rows replace it (and the hash
 * covers the stored form, so verification recomputes the same bytes).
 */
function storable(entry: AuditEntry): AuditEntry {
  const clean = (s: string): string => (s.includes("\u0000") ? s.replaceAll("\u0000", "\uFFFD") : s);
  return { ...entry, caller: clean(entry.caller), action: clean(entry.action), resource: clean(entry.resource), outcome: clean(entry.outcome), requestId: clean(entry.requestId) };
}

export class AuditLog implements AuditSink {
  private readonly waiting: Waiting[] = [];
  private flushing = false;
  /** The head after this Nexus's last group commit: where the next one optimistically starts. */
  private lastHead: { sequence: number; hash: Buffer } | undefined;

  /** `database` throws "unavailable" while the database is not open. */
  constructor(private readonly database: () => Db) {}

  private repository(): AuditRepository {
    return new AuditRepository(this.database());
  }

  /**
   * Group commit: while one batch commits, new records queue; the next batch takes them all in one transaction.
   * Under load this turns N fsyncs into one, and every caller still waits for its own record to be durable.
   */
  record(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ entry: storable(entry), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, GROUP_MAX);
        try {
          await this.appendBatch(batch.map((w) => w.entry));
          for (const w of batch) w.resolve();
        } catch (err) {
          this.lastHead = undefined;
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * One round trip per batch in the common case: chain after the head this Nexus last wrote (or read), and let the
   * database move the head only if nobody else did meanwhile (a change's own record, another Nexus). If somebody
   * did, read the head again and retry; after a few lost races, take the head's lock instead.
   */
  private async appendBatch(entries: readonly AuditEntry[]): Promise<void> {
    const repo = this.repository();
    for (let attempt = 0; attempt < 3; attempt++) {
      const head = this.lastHead ?? (await repo.currentHead());
      const rows = await repo.appendAfter(head, entries, chainHash);
      const last = rows?.at(-1);
      if (last !== undefined) {
        this.lastHead = { sequence: last.sequence, hash: last.hash };
        return;
      }
      this.lastHead = undefined;
    }
    await repo.appendMany(entries, chainHash);
  }

  async withChange<T>(work: () => Promise<T>, entry: () => AuditEntry): Promise<T> {
    const db = this.database();
    return inTransaction(db, work, async (t) => {
      try {
        await new AuditRepository(db).appendIn(t, [storable(entry())], chainHash);
      } catch (err) {
        throw new AuditWriteError(err);
      }
    });
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
