// SQL for the root key's public traces (generation, key check value, n and k) and the bootstrap record. The
// root key itself never reaches the database.
import type { IDatabase, ITask } from "pg-promise";
import { guardOutage } from "./database.js";

export interface RootKeyRecord {
  readonly generation: number;
  readonly keyCheck: Buffer;
  readonly sharesTotal: number;
  readonly sharesNeeded: number;
  readonly bootstrappedAt: Date;
  /** Set while a root-key rotation is under way (or was interrupted): the new key's generation and check value. */
  readonly pending?: { readonly generation: number; readonly keyCheck: Buffer } | undefined;
}

interface Raw {
  generation: number;
  key_check: Buffer;
  shares_total: number;
  shares_needed: number;
  bootstrapped_at: Date;
  pending_generation: number | null;
  pending_key_check: Buffer | null;
}

const toRecord = (r: Raw): RootKeyRecord => ({
  generation: r.generation,
  keyCheck: r.key_check,
  sharesTotal: r.shares_total,
  sharesNeeded: r.shares_needed,
  bootstrappedAt: r.bootstrapped_at,
  pending: r.pending_generation !== null && r.pending_key_check !== null ? { generation: r.pending_generation, keyCheck: r.pending_key_check } : undefined,
});

/** Serializes bootstrap ceremonies across every Nexus on this database (a fixed advisory lock key). */
const BOOTSTRAP_LOCK = 0x5350494b; // "SPIK"

export class RootKeyRepository {
  constructor(private readonly db: IDatabase<object>) {}


  get(): Promise<RootKeyRecord | undefined> {
    return guardOutage(async () => {
      const r = await this.db.oneOrNone<Raw>("SELECT * FROM root_key");
      return r === null ? undefined : toRecord(r);
    });
  }

  /**
   * Runs a bootstrap ceremony under a database-wide lock: `ceremony` sees whether a root key is already recorded and
   * returns the record to insert (or throws). The insert commits with the lock released, so a second ceremony,
   * here or on another Nexus, sees the first one's record.
   */
  bootstrap(ceremony: (existing: RootKeyRecord | undefined) => Promise<Omit<RootKeyRecord, "bootstrappedAt">>): Promise<RootKeyRecord> {
    return guardOutage(() =>
      this.db.tx("bootstrap", async (t: ITask<object>) => {
        await t.one("SELECT pg_advisory_xact_lock($1)", [BOOTSTRAP_LOCK]);
        const existing = await t.oneOrNone<Raw>("SELECT * FROM root_key");
        const record = await ceremony(existing === null ? undefined : toRecord(existing));
        const row = await t.one<{ bootstrapped_at: Date }>(
          "INSERT INTO root_key (generation, key_check, shares_total, shares_needed) VALUES ($1, $2, $3, $4) RETURNING bootstrapped_at",
          [record.generation, record.keyCheck, record.sharesTotal, record.sharesNeeded],
        );
        return { ...record, bootstrappedAt: row.bootstrapped_at };
      }),
    );
  }

  /**
   * Rotation, step 1 (under the same database-wide lock as bootstrap, held by `whileLocked` for the whole rotation):
   * records the new key's check value and the keyring wrapped under it as pending.
   */
  rotate<T>(whileLocked: (ops: {
    current: () => Promise<RootKeyRecord | undefined>;
    recordPending: (generation: number, keyCheck: Buffer, rewrapped: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>) => Promise<void>;
  }) => Promise<T>): Promise<T> {
    return guardOutage(() =>
      this.db.task("root-key-rotation", async (t) => {
        await t.one("SELECT pg_advisory_lock($1)", [BOOTSTRAP_LOCK]);
        try {
          return await whileLocked({
            current: async () => {
              const r = await t.oneOrNone<Raw>("SELECT * FROM root_key");
              return r === null ? undefined : toRecord(r);
            },
            recordPending: (generation, keyCheck, rewrapped) =>
              t.tx(async (tx) => {
                const ids = await tx.any<{ key_id: number }>("SELECT key_id FROM keyring FOR UPDATE");
                if (ids.length !== rewrapped.length) throw new Error(`keyring has ${ids.length} keys, rewrapped ${rewrapped.length}`);
                for (const r of rewrapped) await tx.none("UPDATE keyring SET wrapped_key_next = $2 WHERE key_id = $1", [r.keyId, r.wrappedKey]);
                await tx.none("UPDATE root_key SET pending_generation = $1, pending_key_check = $2", [generation, keyCheck]);
              }),
          });
        } finally {
          await t.one("SELECT pg_advisory_unlock($1)", [BOOTSTRAP_LOCK]);
        }
      }),
    );
  }

  /**
   * Runs `work` with the current record while no rotation is under way (a shared hold on the lock a rotation takes
   * exclusively, for the whole rotation); "busy" without running it when one is.
   */
  whileNotRotating<T>(work: (current: RootKeyRecord | undefined) => Promise<T>): Promise<T | "busy"> {
    return guardOutage(() =>
      this.db.tx("root-key-shared", async (t) => {
        const { locked } = await t.one<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock_shared($1) AS locked", [BOOTSTRAP_LOCK]);
        if (!locked) return "busy" as const;
        const r = await t.oneOrNone<Raw>("SELECT * FROM root_key");
        return work(r === null ? undefined : toRecord(r));
      }),
    );
  }

  /** Rotation, last step (or recovery finishing it): the pending key becomes the current one, atomically. */
  completeRotation(): Promise<RootKeyRecord> {
    return guardOutage(() =>
      this.db.tx("root-key-rotation-complete", async (t) => {
        const updated = await t.result("UPDATE keyring SET wrapped_key = wrapped_key_next, wrapped_key_next = NULL WHERE wrapped_key_next IS NOT NULL");
        const all = await t.one<{ n: number }>("SELECT count(*)::int AS n FROM keyring");
        if (updated.rowCount !== all.n) throw new Error("the keyring is not wholly wrapped under the pending root key");
        const r = await t.one<Raw>(
          `UPDATE root_key SET generation = pending_generation, key_check = pending_key_check, pending_generation = NULL,
                  pending_key_check = NULL, rotated_at = now() WHERE pending_generation IS NOT NULL RETURNING *`,
        );
        return toRecord(r);
      }),
    );
  }

  /** Rotation abandoned (before it finished, or found half-done with the old key's shares): forget the pending key. */
  abandonRotation(): Promise<RootKeyRecord> {
    return guardOutage(() =>
      this.db.tx("root-key-rotation-abandon", async (t) => {
        await t.none("UPDATE keyring SET wrapped_key_next = NULL");
        return toRecord(await t.one<Raw>("UPDATE root_key SET pending_generation = NULL, pending_key_check = NULL RETURNING *"));
      }),
    );
  }
}
