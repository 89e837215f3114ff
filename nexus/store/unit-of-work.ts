// One unit of work around a whole change RPC: the change it makes and the audit row that records it commit together
// or not at all (ADR 0016). The unit travels with the async call chain (AsyncLocalStorage), so services and
// handlers never see it.
//
// It is lazy (ADR 0030). Its transaction opens when a repository first writes through `transact` or `writable`, and
// the audit row is written on it just before it commits. A repository method that can make its whole change in one
// statement may instead `claimRecord()` first: it then appends the record's insert to that statement (a CTE), which
// autocommits alone, and no transaction is opened at all (one statement is atomic, so the change and its record
// still commit together). If nothing wrote and nothing claimed the record, it is written on its own at the end.
// Claimed records of several units may also `join` one group, whose single insert a statement of several changes
// carries (concurrent puts, ADR 0033): each record is inserted only when its own change was made.
//
// Writes go through `transact` or `writable` (they join or open the unit's transaction); `queryable` is for reads
// (it is the transaction once one is open, else the pool).
//
// Only repositories whose writes belong to the RPC take part. The keyring and root-key repositories do not: a data
// key created while a put runs is cached in memory, so it must exist whether or not that put commits.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IBaseProtocol, ITask } from "pg-promise";
import { guardOutage, type Db } from "./database.js";

export type Queryable = IBaseProtocol<object>;

/** SQL text and its values, its placeholders numbered from the `first` it was built for. */
export interface Fragment {
  readonly text: string;
  readonly values: readonly unknown[];
}

/** The audit record a unit of work must write (what it says is its writer's business, not the repository's). */
export interface UnitRecord {
  /** Writes the record on `q`: the unit's transaction, or the pool when the unit wrote nothing else. */
  write(q: Queryable): Promise<void>;
  /**
   * The record's insert as the body of a data-modifying CTE (`INSERT ...`) that inserts only if the SQL condition
   * `when` holds (the statement's change happened), its placeholders numbered from `first`.
   */
  insert(first: number, when: string): Fragment;
  /**
   * Adds the record, built now, to `group` as its row `ordinal` (to a new group when `group` is undefined) and
   * returns the group. A group holds the records of one writer only.
   */
  join(group: RecordGroup | undefined, ordinal: number): RecordGroup;
}

/** Records of several units of work, inserted by one statement that makes all their changes (ADR 0033). */
export interface RecordGroup {
  /**
   * The records' insert as the body of a data-modifying CTE, its placeholders numbered from `first`: the record
   * joined as `ordinal` is inserted only when the SQL condition `when(column)` holds, `column` being the SQL
   * expression that holds each record's ordinal.
   */
  insert(first: number, when: (ordinal: string) => string): Fragment;
}

/** A record claimed for one statement: `written()` once that statement committed, `release()` if it did not run. */
export interface ClaimedRecord {
  /** Undefined outside a unit of work: there is no record, the statement is the change alone. */
  readonly insert: ((first: number, when: string) => Fragment) | undefined;
  /** Undefined outside a unit of work, like `insert`; see UnitRecord.join. */
  readonly join: ((group: RecordGroup | undefined, ordinal: number) => RecordGroup) | undefined;
  readonly written: () => void;
  readonly release: () => void;
}

interface Scope {
  readonly db: Db;
  /** The open transaction, once a write asked for it. */
  t: ITask<object> | undefined;
  opening: Promise<ITask<object>> | undefined;
  /** Settles when the transaction has committed (or rolled back). */
  committed: Promise<unknown> | undefined;
  readonly record: UnitRecord;
  claim: "free" | "claimed" | "written";
  /** Resolves (work done: write the record, commit) or rejects (roll back) the open transaction. */
  end: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  readonly afterCommit: Array<() => Promise<void>>;
}

const scope = new AsyncLocalStorage<Scope>();

/** Per database: what runs after every unit of work on it commits (read replicas remember the position). */
const commitHooks = new WeakMap<Db, () => Promise<void>>();

/** Runs `hook` after every unit of work on `db` commits, before its RPC answers. One hook per database. */
export function registerCommitHook(db: Db, hook: () => Promise<void>): void {
  commitHooks.set(db, hook);
}

/** Whether a unit of work is running (its reads must not come from caches or replicas). */
export function inUnitOfWork(): boolean {
  return scope.getStore() !== undefined;
}

/** For reads: the open transaction of the running unit of work, or `db`. */
export function queryable(db: Db): Queryable {
  return scope.getStore()?.t ?? db;
}

/** Whether the running unit of work (if any) has opened its transaction. */
export function transactionOpen(): boolean {
  return scope.getStore()?.t !== undefined;
}

/** Opens the unit's transaction (once); it stays open until the unit's work ends. */
function open(s: Scope): Promise<ITask<object>> {
  if (s.t !== undefined) return Promise.resolve(s.t);
  // A programming error: the record went (or is going) with a statement of its own, so a later write could not
  // commit with it.
  if (s.claim !== "free") return Promise.reject(new Error("unit of work: a write after its change was made in one statement"));
  s.opening ??= new Promise<ITask<object>>((resolve, reject) => {
    const ended = new Promise<void>((res, rej) => {
      s.end = { resolve: res, reject: rej };
    });
    ended.catch(() => undefined); // observed below, inside the transaction
    s.committed = s.db.tx("rpc", async (t) => {
      s.t = t;
      resolve(t);
      await ended;
      await s.record.write(t);
      s.claim = "written";
    });
    s.committed.catch(reject);
  });
  return s.opening;
}

/**
 * A write made of several statements: on the unit's transaction (opening it), else in a transaction of its own.
 */
export async function transact<T>(db: Db, name: string, cb: (t: ITask<object>) => Promise<T>): Promise<T> {
  const s = scope.getStore();
  if (s === undefined) return db.tx(name, cb);
  return (await open(s)).txIf(name, cb);
}

/** For a write of one statement: the unit's transaction (opening it), else `db`. */
export async function writable(db: Db): Promise<Queryable> {
  const s = scope.getStore();
  if (s === undefined) return db;
  return open(s);
}

/**
 * The unit's audit record, for a repository that makes its whole change in one statement and appends the record's
 * insert to it. Undefined when that is not possible (its transaction is open, or the
 * record is claimed or written already): the repository then writes through `transact`. Outside any unit of work
 * there is no record: the claim's `insert` is undefined, and the one statement still serves.
 */
export function claimRecord(): ClaimedRecord | undefined {
  const s = scope.getStore();
  if (s === undefined) return { insert: undefined, join: undefined, written: () => undefined, release: () => undefined };
  if (s.t !== undefined || s.opening !== undefined || s.claim !== "free") return undefined;
  const record = s.record;
  s.claim = "claimed";
  return {
    insert: (first, when) => record.insert(first, when),
    join: (group, ordinal) => record.join(group, ordinal),
    written: () => {
      s.claim = "written";
    },
    release: () => {
      if (s.claim === "claimed") s.claim = "free";
    },
  };
}

/**
 * Runs `hook` once the unit of work commits (and not at all if it rolls back), before its RPC answers; runs it at
 * once outside a unit of work. For caches that must not see uncommitted rows.
 */
export async function afterCommit(hook: () => Promise<void>): Promise<void> {
  const current = scope.getStore();
  if (current === undefined) await hook();
  else current.afterCommit.push(hook);
}

/**
 * Runs `work` as one unit of work on `db` whose audit record is `record` (written with the change, as above), then
 * the after-commit hooks. Any failure rolls everything back and is rethrown (a failing `record.write` with its own
 * error).
 */
export async function runUnitOfWork<T>(db: Db, work: () => Promise<T>, record: UnitRecord): Promise<T> {
  const s: Scope = { db, t: undefined, opening: undefined, committed: undefined, record, claim: "free", end: undefined, afterCommit: [] };
  let value: T;
  try {
    value = await scope.run(s, work);
  } catch (err) {
    s.end?.reject(err);
    await s.committed?.catch(() => undefined);
    throw err;
  }
  if (s.end !== undefined) {
    s.end.resolve();
    await guardOutage(() => s.committed as Promise<unknown>);
  } else if (s.claim !== "written") {
    // Nothing was written: the record alone, in one statement.
    await guardOutage(() => record.write(db));
  }
  // Outside the scope: a hook reads committed state through the pool.
  await commitHooks.get(db)?.();
  for (const hook of s.afterCommit) await hook();
  return value;
}
