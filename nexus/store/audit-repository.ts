// SQL for the audit log. Two ways to append, both giving one gapless chain even with several Nexus on one database:
// - insertPending: a call's record goes to audit_pending: on the change's own transaction (the change and its
//   record commit together) or, for many read records at once, in one statement of its own. No shared lock.
// - seal: under audit_head's row lock, moves the oldest pending rows into audit_log, numbered and chained after the
//   head, and moves the head; one sealer at a time across every Nexus on the database.
// The hash itself is computed by the caller's function (nexus/audit/chain.ts).
import type { IDatabase } from "pg-promise";
import { guardOutage } from "./database.js";
import { transact, transactionOpen, queryable, type Fragment, type Queryable, type RecordGroup } from "./unit-of-work.js";
import type { AuditRow, UnhashedRow } from "../audit/chain.js";

type Db = IDatabase<object>;

export interface AuditAnchorRow {
  /** The last pruned record's sequence; 0 if nothing was pruned. */
  readonly sequence: number;
  readonly hash: Buffer;
  readonly time: Date | null;
}

export interface AuditHeadRow {
  /** The newest record's sequence (0: none yet). */
  readonly sequence: number;
  readonly hash: Buffer;
  readonly anchor: AuditAnchorRow;
}

/** What the caller supplies; the repository assigns sequence, time and prev_hash under the lock. */
export type AuditEntry = Omit<UnhashedRow, "sequence" | "time" | "prevHash">;

interface RawRow {
  sequence: string;
  recorded_at: Date;
  caller: string;
  action: string;
  resource: string;
  outcome: string;
  request_id: string;
  duration_micros: string;
  prev_hash: Buffer;
  hash: Buffer;
}

interface RawHead {
  sequence: string;
  hash: Buffer;
  anchor_sequence: string;
  anchor_hash: Buffer;
  anchor_time: Date | null;
}

/** An entry with the time it was recorded: what a pending row holds. */
type TimedEntry = AuditEntry & { readonly time: Date };

/** The fields a pending and a chained row share, as the chain sees them. */
const fieldsOf = (r: Omit<RawRow, "sequence" | "prev_hash" | "hash">): TimedEntry => ({
  time: r.recorded_at,
  caller: r.caller,
  action: r.action,
  resource: r.resource,
  outcome: r.outcome,
  requestId: r.request_id,
  durationMicros: Number(r.duration_micros),
});

const toRow = (r: RawRow): AuditRow => ({ ...fieldsOf(r), sequence: Number(r.sequence), prevHash: r.prev_hash, hash: r.hash });

const toHead = (r: RawHead): AuditHeadRow => ({
  sequence: Number(r.sequence),
  hash: r.hash,
  anchor: { sequence: Number(r.anchor_sequence), hash: r.anchor_hash, time: r.anchor_time },
});

const PENDING_COLUMNS = "recorded_at, caller, action, resource, outcome, request_id, duration_micros";

/** A prepared insert of a group of pending rows: one statement, however many rows. */
interface PendingInsert {
  readonly name: string;
  readonly text: string;
}

const PENDING_INSERT: PendingInsert = {
  name: "audit-pending-insert",
  text: `INSERT INTO audit_pending (${PENDING_COLUMNS})
         SELECT $1::timestamptz, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])`,
};

/**
 * The same insert, committing without waiting for its WAL flush: set_config(..., true) lasts until the end of the
 * statement's own (implicit) transaction, whose commit reads it. The CTE is volatile, so it is evaluated once and
 * never inlined away; the join makes the insert depend on it.
 */
const PENDING_INSERT_ASYNC: PendingInsert = {
  name: "audit-pending-insert-async",
  text: `WITH sc AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS v)
         INSERT INTO audit_pending (${PENDING_COLUMNS})
         SELECT $1::timestamptz, u.* FROM sc, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[]) AS u
          WHERE sc.v = 'off'`,
};

/** A pending row: a chained row's fields before the sealer numbers and hashes it, and its insertion id. */
type RawPending = Omit<RawRow, "sequence" | "prev_hash" | "hash"> & { id: string };

const COLUMNS = "sequence, recorded_at, caller, action, resource, outcome, request_id, duration_micros, prev_hash, hash";

export interface RowFilter {
  readonly from: number;
  readonly to: number;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

/** Numbers and chains pending `entries` after `head`. */
function chainRows(head: { sequence: number; hash: Buffer }, entries: readonly TimedEntry[], hash: (row: UnhashedRow) => Buffer): AuditRow[] {
  let sequence = head.sequence;
  let prevHash = head.hash;
  return entries.map((entry) => {
    const unhashed: UnhashedRow = { ...entry, sequence: ++sequence, prevHash };
    const row: AuditRow = { ...unhashed, hash: hash(unhashed) };
    prevHash = row.hash;
    return row;
  });
}

/**
 * Pending records of changes made by one statement (ADR 0030, 0033): one multi-row insert, each row inserted only
 * when its own change was made (the statement's condition on the row's ordinal).
 */
class PendingGroup implements RecordGroup {
  private readonly ordinals: number[] = [];
  private readonly entries: AuditEntry[] = [];

  /** `time`: when the records were recorded; by default, when the insert is built. */
  constructor(private readonly time?: Date) {}

  add(entry: AuditEntry, ordinal: number): void {
    this.ordinals.push(ordinal);
    this.entries.push(entry);
  }

  insert(first: number, when: (ordinal: string) => string): Fragment {
    const p = (i: number): string => `$${first + i}`;
    const column = <K extends keyof AuditEntry>(k: K): Array<AuditEntry[K]> => this.entries.map((e) => e[k]);
    return {
      text: `INSERT INTO audit_pending (${PENDING_COLUMNS})
             SELECT ${p(0)}::timestamptz, r.caller, r.action, r.resource, r.outcome, r.request_id, r.duration_micros
               FROM unnest(${p(1)}::int[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::text[], ${p(6)}::text[], ${p(7)}::bigint[])
                 AS r(ordinal, caller, action, resource, outcome, request_id, duration_micros)
              WHERE ${when("r.ordinal")}`,
      values: [this.time ?? new Date(), this.ordinals, column("caller"), column("action"), column("resource"), column("outcome"), column("requestId"), column("durationMicros")],
    };
  }
}

/**
 * Pending records' insert as the body of a data-modifying CTE in another statement (ADR 0030): it inserts them all
 * when that statement's SQL condition `when` holds, its placeholders numbered from `first`.
 */
export function pendingInsert(entries: readonly AuditEntry[], time: Date, first: number, when: string): Fragment {
  const group = new PendingGroup(time);
  entries.forEach((entry, i) => group.add(entry, i + 1));
  return group.insert(first, () => when);
}

/** Adds `entry` to a group of pending records (a new one when `group` is undefined) as row `ordinal`. */
export function joinPending(group: RecordGroup | undefined, entry: AuditEntry, ordinal: number): RecordGroup {
  const pending = group ?? new PendingGroup();
  // A programming error: records of different writers cannot share one insert.
  if (!(pending instanceof PendingGroup)) throw new Error("audit: a record joined a group of another writer's records");
  pending.add(entry, ordinal);
  return pending;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts `entries` as pending records in one statement of its own, on the pool even inside a unit of work (a
   * group of read records: one commit). Without `synchronous`, that commit does not wait for its WAL flush
   * (ADR 0031): the rows are committed and visible at once, and a crash of PostgreSQL or the OS within a few
   * wal_writer_delay can lose them.
   */
  insertPending(entries: readonly AuditEntry[], time: Date, opts: { readonly synchronous: boolean }): Promise<void> {
    return guardOutage(() => this.insertPendingIn(this.db, entries, time, opts));
  }

  /**
   * insertPending on `t`. On a transaction (a change and its record) the rows commit as it commits; `synchronous:
   * false` is for a statement of its own only, since it turns synchronous_commit off for the rest of the
   * transaction it runs in.
   */
  async insertPendingIn(t: Queryable, entries: readonly AuditEntry[], time: Date, opts: { readonly synchronous: boolean } = { synchronous: true }): Promise<void> {
    const statement = opts.synchronous ? PENDING_INSERT : PENDING_INSERT_ASYNC;
    const n = entries.length;
    if (n === 0) return;
    // Six parallel arrays, filled in one pass (this runs for every read).
    const callers = new Array<string>(n);
    const actions = new Array<string>(n);
    const resources = new Array<string>(n);
    const outcomes = new Array<string>(n);
    const requestIds = new Array<string>(n);
    const durations = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const e = entries[i] as AuditEntry;
      callers[i] = e.caller;
      actions[i] = e.action;
      resources[i] = e.resource;
      outcomes[i] = e.outcome;
      requestIds[i] = e.requestId;
      durations[i] = e.durationMicros;
    }
    await t.none({ name: statement.name, text: statement.text, values: [time, callers, actions, resources, outcomes, requestIds, durations] });
  }

  /**
   * Seals up to `limit` of the oldest pending records into the chain after the head, in one transaction: they are
   * numbered, hashed by `hash`, inserted into audit_log and removed from audit_pending, and the head moves. With
   * `wait` false a seal already running elsewhere is not waited for (it will take these rows too, or the next one
   * will). Returns how many records were sealed. The commit need not be synchronous: a lost seal leaves its rows
   * pending, and they are sealed again.
   */
  seal(limit: number, hash: (row: UnhashedRow) => Buffer, wait: boolean): Promise<number> {
    // Inside a unit of work whose transaction is open, the seal is part of that transaction: a second connection
    // could be the one the transaction holds (PGlite has one), and the change must not commit less durably than it
    // asked. (Prune seals before it writes, so its unit's transaction is not open yet: the seal commits alone.)
    const q = queryable(this.db);
    const own = !transactionOpen();
    return guardOutage(() =>
      q.txIf("audit-seal", async (t) => {
        const head = await t.oneOrNone<{ sequence: string; hash: Buffer }>({
          name: wait ? "audit-seal-head" : "audit-seal-head-skip",
          text: `SELECT sequence, hash FROM audit_head FOR UPDATE${wait ? "" : " SKIP LOCKED"}`,
        });
        if (head === null) return 0;
        const pending = await t.any<RawPending>({
          name: "audit-pending-oldest",
          text: `SELECT id, ${PENDING_COLUMNS} FROM audit_pending ORDER BY id LIMIT $1`,
          values: [limit],
        });
        if (pending.length === 0) return 0;
        if (own) await t.none("SET LOCAL synchronous_commit = off");
        const rows = chainRows({ sequence: Number(head.sequence), hash: head.hash }, pending.map(fieldsOf), hash);
        const last = rows.at(-1) as AuditRow;
        // Only what the seal adds (sequence, prev_hash, hash) travels back: the fields come from the deleted
        // pending rows themselves, which nothing else changes while audit_head is locked. Every pending row read
        // must be moved, or the chain would have a gap: a count that differs rolls the seal back.
        const moved = await t.one<{ n: number }>({
          name: "audit-seal-move",
          text: `WITH sealed AS (DELETE FROM audit_pending WHERE id = ANY($1::bigint[]) RETURNING *),
                      head AS (UPDATE audit_head SET sequence = $5, hash = $6),
                      ins AS (
                        INSERT INTO audit_log (${COLUMNS})
                        SELECT c.sequence, s.recorded_at, s.caller, s.action, s.resource, s.outcome, s.request_id, s.duration_micros, c.prev_hash, c.hash
                          FROM sealed s JOIN unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) AS c(id, sequence, prev_hash, hash) ON s.id = c.id
                        RETURNING 1)
                 SELECT count(*)::int AS n FROM ins`,
          values: [pending.map((p) => p.id), rows.map((r) => r.sequence), rows.map((r) => r.prevHash), rows.map((r) => r.hash), last.sequence, last.hash],
        });
        if (moved.n !== rows.length) throw new Error(`audit seal: ${rows.length} pending records read, ${moved.n} moved; nothing sealed`);
        return rows.length;
      }),
    );
  }

  head(): Promise<AuditHeadRow> {
    return guardOutage(async () => toHead(await this.db.one<RawHead>({ name: "audit-head", text: "SELECT * FROM audit_head" })));
  }

  /** Records with from <= sequence <= to (and within the time window, when given), ascending, at most `limit`. */
  range(filter: RowFilter, limit: number): Promise<AuditRow[]> {
    return guardOutage(async () => {
      const rows = await this.db.any<RawRow>({
        name: "audit-range",
        text: `SELECT ${COLUMNS} FROM audit_log
                WHERE sequence >= $1 AND sequence <= $2
                  AND ($3::timestamptz IS NULL OR recorded_at >= $3)
                  AND ($4::timestamptz IS NULL OR recorded_at < $4)
                ORDER BY sequence LIMIT $5`,
        values: [filter.from, filter.to, filter.startTime ?? null, filter.endTime ?? null, limit],
      });
      return rows.map(toRow);
    });
  }

  /** The newest `n` records, ascending. */
  newest(n: number): Promise<AuditRow[]> {
    return guardOutage(async () => {
      const rows = await this.db.any<RawRow>({
        name: "audit-newest",
        text: `SELECT * FROM (SELECT ${COLUMNS} FROM audit_log ORDER BY sequence DESC LIMIT $1) newest ORDER BY sequence`,
        values: [n],
      });
      return rows.map(toRow);
    });
  }

  /** The lowest sequence of a record the head does not know (written outside Nexus), if any; one snapshot. */
  beyondHead(): Promise<number | undefined> {
    return guardOutage(async () => {
      const r = await this.db.one<{ s: string | null }>({
        name: "audit-beyond-head",
        text: "SELECT min(sequence) AS s FROM audit_log WHERE sequence > (SELECT sequence FROM audit_head)",
      });
      return r.s === null ? undefined : Number(r.s);
    });
  }

  /**
   * Deletes the longest prefix of records all written before `before`, and makes the last deleted record the anchor.
   * With dryRun nothing changes; the answer says what would.
   */
  prune(before: Date, dryRun: boolean): Promise<{ pruned: number; anchor: AuditAnchorRow }> {
    return guardOutage(() =>
      transact(this.db, "audit-prune", async (t) => {
        const head = toHead(await t.one<RawHead>({ name: "audit-head-lock-all", text: "SELECT * FROM audit_head FOR UPDATE" }));
        const firstKept = await t.one<{ s: string | null }>({
          name: "audit-first-kept",
          text: "SELECT min(sequence) AS s FROM audit_log WHERE recorded_at >= $1",
          values: [before],
        });
        const last = firstKept.s === null ? head.sequence : Number(firstKept.s) - 1;
        if (last <= head.anchor.sequence) return { pruned: 0, anchor: head.anchor };
        const lastRow = await t.oneOrNone<{ hash: Buffer }>({ name: "audit-row-hash", text: "SELECT hash FROM audit_log WHERE sequence = $1", values: [last] });
        const counted = await t.one<{ n: string }>({ name: "audit-prune-count", text: "SELECT count(*) AS n FROM audit_log WHERE sequence <= $1", values: [last] });
        // When the last pruned row is itself gone (deleted outside Nexus), the anchor keeps the hash the next row
        // links to, so the kept chain still verifies from it; the deletion was findable before the prune only.
        const next = lastRow === null
          ? await t.oneOrNone<{ prev_hash: Buffer }>({ name: "audit-next-prev", text: "SELECT prev_hash FROM audit_log WHERE sequence = $1", values: [last + 1] })
          : null;
        const anchorHash = lastRow?.hash ?? next?.prev_hash ?? head.hash;
        const anchor: AuditAnchorRow = { sequence: last, hash: anchorHash, time: new Date() };
        if (dryRun) return { pruned: Number(counted.n), anchor };
        await t.none({ name: "audit-prune-delete", text: "DELETE FROM audit_log WHERE sequence <= $1", values: [last] });
        await t.none({
          name: "audit-anchor-move",
          text: "UPDATE audit_head SET anchor_sequence = $1, anchor_hash = $2, anchor_time = $3",
          values: [anchor.sequence, anchor.hash, anchor.time],
        });
        return { pruned: Number(counted.n), anchor };
      }),
    );
  }
}
