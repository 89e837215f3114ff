// The audit log as Nexus uses it: append one record per call (the RPC pipeline's audit step: with the change it
// records, or grouped with concurrent records into one commit) as a pending row, seal pending rows into the hash
// chain shortly after (ADR 0016), and read it back for
// Tail, Verify, Export and Prune. Verification recomputes every hash and link from the anchor; it reports the first
// sequence where the chain breaks and why.
import type { AuditAnchorRow, AuditEntry, AuditHeadRow } from "../store/audit-repository.js";
import { AuditRepository, joinPending, pendingInsert } from "../store/audit-repository.js";
import { SpikeError } from "../../lib/errors.js";
import { GroupCommit } from "../../lib/group-commit.js";
import { databaseError, type Db } from "../store/database.js";
import { runUnitOfWork } from "../store/unit-of-work.js";
import { chainHash, type AuditRow } from "./chain.js";

export type { AuditEntry } from "../store/audit-repository.js";

/** Where the pipeline's audit step writes. */
export interface AuditSink {
  /**
   * Appends one record (grouped with concurrent ones into one commit); resolves once it is committed. A `read`
   * record (a call that changed nothing: a read, a denial, a failure) commits as SPIKE_NEXUS_AUDIT_READ_COMMIT says
   * (ADR 0031: by default without waiting for its WAL flush); a `ceremony` record (an operator ceremony that changed
   * state outside one transaction) always waits for it.
   */
  record(entry: AuditEntry, kind?: RecordKind): Promise<void>;
  /**
   * Runs `work` (a change) in one database transaction and appends the record `entry` builds from its result on
   * that same transaction: the change and its record commit together or not at all. A record that cannot be
   * appended rolls the change back and rejects with AuditWriteError.
   */
  withChange<T>(work: () => Promise<T>, entry: () => AuditEntry): Promise<T>;
}

/** What a record appended on its own records: a call that changed nothing, or a ceremony that changed state. */
export type RecordKind = "read" | "ceremony";

/** How read records commit (SPIKE_NEXUS_AUDIT_READ_COMMIT, ADR 0031). */
export type ReadCommit = "async" | "sync";

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
/** Group commits in flight at once: while one waits for its fsync the next is already on its way. */
const GROUPS_IN_FLIGHT = 2;
/** Most pending rows one seal moves into the chain. */
const SEAL_MAX = 2000;
/** A seal runs this long after the first record that needs one (coalescing many records into one seal)... */
const SEAL_DELAY_MS = 50;
/** ...and at least this often, for rows another Nexus (or one that stopped) left pending. */
const SEAL_INTERVAL_MS = 1000;

/**
 * PostgreSQL text cannot hold NUL, and a refused call's path may contain one: stored rows replace it (and the hash
 * covers the stored form, so verification recomputes the same bytes).
 */
function storable(entry: AuditEntry): AuditEntry {
  const { caller, action, resource, outcome, requestId } = entry;
  // The common case (no NUL anywhere) keeps the entry as it is: this runs for every call.
  if (!caller.includes("\u0000") && !action.includes("\u0000") && !resource.includes("\u0000") && !outcome.includes("\u0000") && !requestId.includes("\u0000")) return entry;
  const clean = (s: string): string => s.replaceAll("\u0000", "\uFFFD");
  return { ...entry, caller: clean(caller), action: clean(action), resource: clean(resource), outcome: clean(outcome), requestId: clean(requestId) };
}

export class AuditLog implements AuditSink {
  private readonly reads: GroupCommit<AuditEntry, void>;
  private readonly ceremonies: GroupCommit<AuditEntry, void>;
  private sealTimer: NodeJS.Timeout | undefined;
  private readonly sweep: NodeJS.Timeout;
  private sealing: Promise<void> | undefined;

  private sealFailing = false;

  /**
   * `database` throws "unavailable" while the database is not open. `onSealError` hears when background sealing
   * starts failing (once, until a seal succeeds again): records then stay pending, durable but not chained.
   */
  constructor(
    private readonly database: () => Db,
    private readonly onSealError: (err: unknown) => void = () => undefined,
    /** Tests that edit the chain by hand turn background sealing off: then only readers (and `seal`) seal. */
    private readonly background = true,
    /** How read records commit (ADR 0031); ceremonies' records always wait for their WAL flush. */
    readCommit: ReadCommit = "async",
  ) {
    // Each group of records is one insert and one commit; a committed group needs a seal soon.
    const group = (synchronous: boolean) =>
      new GroupCommit<AuditEntry, void>(
        async (entries) => {
          await this.repository().insertPending(entries, new Date(), { synchronous });
          this.sealSoon(SEAL_DELAY_MS);
          return [];
        },
        { max: GROUP_MAX, inFlight: GROUPS_IN_FLIGHT },
      );
    this.reads = group(readCommit !== "async");
    this.ceremonies = group(true);
    this.sweep = setInterval(() => this.sealSoon(0), SEAL_INTERVAL_MS);
    this.sweep.unref();
    if (!background) clearInterval(this.sweep);
  }

  private repository(): AuditRepository {
    return new AuditRepository(this.database());
  }

  /** Stops the background sealing (rows still pending are sealed by the next Nexus that runs). */
  close(): void {
    clearInterval(this.sweep);
    clearTimeout(this.sealTimer);
    this.sealTimer = undefined;
  }

  /** Appends one record, grouped with concurrent ones of its kind into one commit (GroupCommit). */
  record(entry: AuditEntry, kind: RecordKind = "read"): Promise<void> {
    return (kind === "read" ? this.reads : this.ceremonies).add(storable(entry));
  }

  async withChange<T>(work: () => Promise<T>, entry: () => AuditEntry): Promise<T> {
    const db = this.database();
    const repo = new AuditRepository(db);
    // The record is built when it is written: on the change's transaction just before its commit, or (ADR 0030)
    // when a repository claims it for the one statement that makes the whole change.
    const value = await runUnitOfWork(db, work, {
      write: async (q) => {
        try {
          await repo.insertPendingIn(q, [storable(entry())], new Date());
        } catch (err) {
          // Typed, so the caller hears UNAVAILABLE or RESOURCE_EXHAUSTED (disk full), not INTERNAL.
          throw new AuditWriteError(databaseError(err) ?? err);
        }
      },
      insert: (first, when) => pendingInsert([storable(entry())], new Date(), first, when),
      join: (group, ordinal) => joinPending(group, storable(entry()), ordinal),
    });
    this.sealSoon(SEAL_DELAY_MS);
    return value;
  }

  /** Schedules a background seal in `delayMs` unless one is already scheduled. */
  private sealSoon(delayMs: number): void {
    if (this.sealTimer !== undefined || !this.background) return;
    this.sealTimer = setTimeout(() => {
      this.sealTimer = undefined;
      // A failed background seal (the database is down, say) leaves the rows pending for the next one.
      this.seal(false).then(
        () => {
          this.sealFailing = false;
        },
        (err: unknown) => {
          // A database that is not open yet, or down, is reported where it is noticed (storage, the calls): only a
          // seal that fails against a working database (a chain edited by hand, say) is news.
          if (err instanceof SpikeError && err.code === "unavailable") return;
          if (!this.sealFailing) this.onSealError(err);
          this.sealFailing = true;
        },
      );
    }, delayMs);
    this.sealTimer.unref();
  }

  /**
   * Seals every record pending now into the chain. With `wait`, waits for a seal running in another Nexus to
   * finish first, so everything committed before this call is in the chain when it resolves (the readers below
   * need that); without, gives way to it.
   */
  seal(wait = true): Promise<void> {
    const run = async (): Promise<void> => {
      const repo = this.repository();
      while ((await repo.seal(SEAL_MAX, chainHash, wait)) === SEAL_MAX) {
        // more pending than one seal takes
      }
    };
    // One seal at a time in this Nexus; a caller that needs one while another runs runs its own right after.
    const next = (this.sealing ?? Promise.resolve()).catch(() => undefined).then(run);
    this.sealing = next;
    return next.finally(() => {
      if (this.sealing === next) this.sealing = undefined;
    });
  }

  // The readers seal first, so what they see includes every record committed before they were called. A seal that
  // fails (a chain broken by hand, say) must not hide the log from the tools that diagnose it: they read what is
  // sealed.
  private async sealBeforeReading(): Promise<void> {
    await this.seal().catch(() => undefined);
  }

  async head(): Promise<AuditHeadRow> {
    await this.sealBeforeReading();
    return this.repository().head();
  }

  async newest(n: number): Promise<AuditRow[]> {
    await this.sealBeforeReading();
    return this.repository().newest(n);
  }

  async range(filter: Parameters<AuditRepository["range"]>[0], limit = BATCH): Promise<AuditRow[]> {
    await this.sealBeforeReading();
    return this.repository().range(filter, limit);
  }

  async prune(before: Date, dryRun: boolean): ReturnType<AuditRepository["prune"]> {
    await this.sealBeforeReading();
    return this.repository().prune(before, dryRun);
  }

  /** Checks records from..to (0: from the anchor / to the newest), reporting progress after each batch. */
  async verify(from: number, to: number, progress: (done: number, total: number) => void): Promise<VerifyResult> {
    await this.sealBeforeReading();
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
