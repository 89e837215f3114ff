// SQL for the audit log. Two ways to append, both giving one gapless chain even with several Nexus on one database:
// - appendAfter (group commit, the common path): one statement moves the one-row audit_head from the head the
//   caller knows to the new one and inserts the rows only if that move happened; a stale head writes nothing and
//   the caller retries from the current head.
// - appendIn / appendMany: lock the head (SELECT ... FOR UPDATE) on a transaction, append, move it. A change uses
//   appendIn on its own transaction, so the change and its record commit together.
// The hash itself is computed by the caller's function (nexus/audit/chain.ts).
import type { IDatabase } from "pg-promise";
import { guardOutage } from "./database.js";
import { queryable, type Queryable } from "./unit-of-work.js";
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

const toRow = (r: RawRow): AuditRow => ({
  sequence: Number(r.sequence),
  time: r.recorded_at,
  caller: r.caller,
  action: r.action,
  resource: r.resource,
  outcome: r.outcome,
  requestId: r.request_id,
  durationMicros: Number(r.duration_micros),
  prevHash: r.prev_hash,
  hash: r.hash,
});

const toHead = (r: RawHead): AuditHeadRow => ({
  sequence: Number(r.sequence),
  hash: r.hash,
  anchor: { sequence: Number(r.anchor_sequence), hash: r.anchor_hash, time: r.anchor_time },
});

const COLUMNS = "sequence, recorded_at, caller, action, resource, outcome, request_id, duration_micros, prev_hash, hash";

export interface RowFilter {
  readonly from: number;
  readonly to: number;
  readonly startTime?: Date;
  readonly endTime?: Date;
}

/** Numbers, times and chains `entries` after `head`. */
function chainRows(head: { sequence: number; hash: Buffer }, entries: readonly AuditEntry[], hash: (row: UnhashedRow) => Buffer): AuditRow[] {
  const time = new Date();
  let sequence = head.sequence;
  let prevHash = head.hash;
  return entries.map((entry) => {
    const unhashed: UnhashedRow = { ...entry, sequence: ++sequence, time, prevHash };
    const row: AuditRow = { ...unhashed, hash: hash(unhashed) };
    prevHash = row.hash;
    return row;
  });
}

/** The rows as the ten parallel arrays the unnest inserts take. */
function columnsOf(rows: readonly AuditRow[]): unknown[] {
  return [
    rows.map((r) => r.sequence),
    rows.map((r) => r.time),
    rows.map((r) => r.caller),
    rows.map((r) => r.action),
    rows.map((r) => r.resource),
    rows.map((r) => r.outcome),
    rows.map((r) => r.requestId),
    rows.map((r) => r.durationMicros),
    rows.map((r) => r.prevHash),
    rows.map((r) => r.hash),
  ];
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  /**
   * Appends `entries` after the newest record, in order, hashed by `hash`, and moves the head: one transaction
   * (one commit, one fsync) for the whole batch. This is the audit log's group commit.
   */
  appendMany(entries: readonly AuditEntry[], hash: (row: UnhashedRow) => Buffer): Promise<AuditRow[]> {
    return guardOutage(() => this.db.tx("audit-append", (t) => this.appendIn(t, entries, hash)));
  }

  /** The head as it is now (no lock): where an optimistic append starts. */
  async currentHead(): Promise<{ sequence: number; hash: Buffer }> {
    return guardOutage(async () => {
      const h = await this.db.one<{ sequence: string; hash: Buffer }>({ name: "audit-head-now", text: "SELECT sequence, hash FROM audit_head" });
      return { sequence: Number(h.sequence), hash: h.hash };
    });
  }

  /**
   * Appends `entries` after `head` in ONE statement (one round trip, one commit): the head moves only if it still
   * is `head`, and the rows are inserted only if it moved. Returns the new head, or undefined when `head` was stale
   * (another writer appended first; nothing was written): read the head again and retry.
   */
  appendAfter(head: { sequence: number; hash: Buffer }, entries: readonly AuditEntry[], hash: (row: UnhashedRow) => Buffer): Promise<AuditRow[] | undefined> {
    return guardOutage(async () => {
      const rows = chainRows(head, entries, hash);
      const last = rows.at(-1);
      if (last === undefined) return rows;
      const result = await this.db.result({
        name: "audit-append-after",
        text: `WITH moved AS (
                 UPDATE audit_head SET sequence = $11, hash = $12 WHERE sequence = $13 AND hash = $14 RETURNING 1
               )
               INSERT INTO audit_log (${COLUMNS})
               SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bytea[], $10::bytea[])
               WHERE EXISTS (SELECT 1 FROM moved)`,
        values: [...columnsOf(rows), last.sequence, last.hash, head.sequence, head.hash],
      });
      return result.rowCount === rows.length ? rows : undefined;
    });
  }

  /**
   * Appends on the caller's transaction `t` (a change and its record commit together). The head is locked here,
   * last, and held until `t` ends: lock it as late as possible so concurrent changes wait for it only briefly.
   */
  async appendIn(t: Queryable, entries: readonly AuditEntry[], hash: (row: UnhashedRow) => Buffer): Promise<AuditRow[]> {
    const head = await t.one<{ sequence: string; hash: Buffer }>({ name: "audit-head-lock", text: "SELECT sequence, hash FROM audit_head FOR UPDATE" });
    const rows = chainRows({ sequence: Number(head.sequence), hash: head.hash }, entries, hash);
    const last = rows.at(-1);
    if (last === undefined) return rows;
    // One statement for any batch size: parallel arrays unnested into rows (a fixed text, so it is prepared once).
    await t.none({
      name: "audit-insert-many",
      text: `INSERT INTO audit_log (${COLUMNS})
             SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::bytea[], $10::bytea[])`,
      values: columnsOf(rows),
    });
    await t.none({ name: "audit-head-move", text: "UPDATE audit_head SET sequence = $1, hash = $2", values: [last.sequence, last.hash] });
    return rows;
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
      queryable(this.db).tx("audit-prune", async (t) => {
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
