// SQL for the root key's public traces (generation, key check value, n and k) and the bootstrap record. The
// root key itself never reaches the database.
import type { IDatabase, ITask } from "pg-promise";
import { databaseError } from "./database.js";

export interface RootKeyRecord {
  readonly generation: number;
  readonly keyCheck: Buffer;
  readonly sharesTotal: number;
  readonly sharesNeeded: number;
  readonly bootstrappedAt: Date;
}

/** Serializes bootstrap ceremonies across every Nexus on this database (a fixed advisory lock key). */
const BOOTSTRAP_LOCK = 0x5350494b; // "SPIK"

export class RootKeyRepository {
  constructor(private readonly db: IDatabase<object>) {}

  private async run<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw databaseError(err) ?? err;
    }
  }

  get(): Promise<RootKeyRecord | undefined> {
    return this.run(async () => {
      const r = await this.db.oneOrNone<{ generation: number; key_check: Buffer; shares_total: number; shares_needed: number; bootstrapped_at: Date }>(
        "SELECT generation, key_check, shares_total, shares_needed, bootstrapped_at FROM root_key",
      );
      return r === null ? undefined : { generation: r.generation, keyCheck: r.key_check, sharesTotal: r.shares_total, sharesNeeded: r.shares_needed, bootstrappedAt: r.bootstrapped_at };
    });
  }

  /**
   * Runs a bootstrap ceremony under a database-wide lock: `ceremony` sees whether a root key is already recorded and
   * returns the record to insert (or throws). The insert commits with the lock released, so a second ceremony,
   * here or on another Nexus, sees the first one's record.
   */
  bootstrap(ceremony: (existing: RootKeyRecord | undefined) => Promise<Omit<RootKeyRecord, "bootstrappedAt">>): Promise<RootKeyRecord> {
    return this.run(() =>
      this.db.tx("bootstrap", async (t: ITask<object>) => {
        await t.one("SELECT pg_advisory_xact_lock($1)", [BOOTSTRAP_LOCK]);
        const existing = await t.oneOrNone<{ generation: number; key_check: Buffer; shares_total: number; shares_needed: number; bootstrapped_at: Date }>("SELECT * FROM root_key");
        const record = await ceremony(existing === null ? undefined : {
          generation: existing.generation, keyCheck: existing.key_check, sharesTotal: existing.shares_total, sharesNeeded: existing.shares_needed, bootstrappedAt: existing.bootstrapped_at,
        });
        const row = await t.one<{ bootstrapped_at: Date }>(
          "INSERT INTO root_key (generation, key_check, shares_total, shares_needed) VALUES ($1, $2, $3, $4) RETURNING bootstrapped_at",
          [record.generation, record.keyCheck, record.sharesTotal, record.sharesNeeded],
        );
        return { ...record, bootstrappedAt: row.bootstrapped_at };
      }),
    );
  }
}
