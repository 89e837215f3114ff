// One database transaction around a whole RPC: the change it makes and the audit row that records it commit
// together or not at all (ADR 0016). The transaction travels with the async call chain (AsyncLocalStorage), so
// services and handlers never see it; a repository method that takes part asks `queryable(db)` for it and runs on
// the caller's transaction when there is one, on the pool otherwise. Its own `tx` then becomes a savepoint.
//
// Only repositories whose writes belong to the RPC take part. The keyring and root-key repositories do not: a data
// key created while a put runs is cached in memory, so it must exist whether or not that put commits.
import { AsyncLocalStorage } from "node:async_hooks";
import type { IBaseProtocol, ITask } from "pg-promise";
import { guardOutage, type Db } from "./database.js";

export type Queryable = IBaseProtocol<object>;

interface Scope {
  readonly t: ITask<object>;
  readonly afterCommit: Array<() => Promise<void>>;
}

const scope = new AsyncLocalStorage<Scope>();

/** Per database: what runs after every unit of work on it commits (read replicas remember the position). */
const commitHooks = new WeakMap<Db, () => Promise<void>>();

/** Runs `hook` after every unit of work on `db` commits, before its RPC answers. One hook per database. */
export function registerCommitHook(db: Db, hook: () => Promise<void>): void {
  commitHooks.set(db, hook);
}

/** Whether a unit of work's transaction is running (its reads must stay on it). */
export function inUnitOfWork(): boolean {
  return scope.getStore() !== undefined;
}

/** The transaction of the running unit of work, or `db` outside one. */
export function queryable(db: Db): Queryable {
  return scope.getStore()?.t ?? db;
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
 * Runs `work` in one transaction, then `finish` on the same transaction with work's result (the audit row), then
 * commits, then runs the after-commit hooks. Any failure rolls everything back and is rethrown.
 */
export async function inTransaction<T>(db: Db, work: () => Promise<T>, finish: (t: ITask<object>, value: T) => Promise<void>): Promise<T> {
  const hooks: Array<() => Promise<void>> = [];
  const value = await guardOutage(() =>
    db.tx("rpc", (t) =>
      scope.run({ t, afterCommit: hooks }, async () => {
        const v = await work();
        await finish(t, v);
        return v;
      }),
    ),
  );
  // Outside the scope: a hook reads committed state through the pool.
  await commitHooks.get(db)?.();
  for (const hook of hooks) await hook();
  return value;
}
