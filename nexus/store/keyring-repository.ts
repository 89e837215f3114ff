// SQL for the keyring: data keys as wrapped (root-key-encrypted) blobs it cannot read.
import type { IDatabase } from "pg-promise";
import type { KeyringRow, KeyringStore } from "../crypto/keyring.js";
import { SpikeError } from "../../lib/errors.js";
import { guardOutage } from "./database.js";

export class KeyringRepository implements KeyringStore {
  constructor(private readonly db: IDatabase<object>) {}


  load(): Promise<KeyringRow[]> {
    return guardOutage(async () => {
      const rows = await this.db.any<{ key_id: number; wrapped_key: Buffer; state: "active" | "retired"; uses: string; created_at: Date }>(
        "SELECT key_id, wrapped_key, state, uses, created_at FROM keyring ORDER BY key_id",
      );
      return rows.map((r) => ({ keyId: r.key_id, wrappedKey: r.wrapped_key, state: r.state, uses: Number(r.uses), createdAt: r.created_at }));
    });
  }

  addActive(keyId: number, wrappedKey: Buffer, rootKeyCheck?: Buffer): Promise<void> {
    return guardOutage(async () => {
      try {
        await this.db.tx("keyring-add", async (t) => {
          // FOR SHARE: a root-key rotation cannot complete while this key is added (ADR 0020).
          const root = await t.oneOrNone<{ key_check: Buffer; pending: boolean }>("SELECT key_check, pending_generation IS NOT NULL AS pending FROM root_key FOR SHARE");
          if (root !== null && rootKeyCheck !== undefined) {
            if (root.pending) throw new SpikeError("unavailable", "a root-key rotation is under way: no new data key until it ends; try again");
            if (!root.key_check.equals(rootKeyCheck)) {
              throw new SpikeError("unavailable", "the root key was rotated by another Nexus and this one has not picked up the new key yet; try again");
            }
          }
          await t.none("UPDATE keyring SET state = 'retired', retired_at = now() WHERE state = 'active'");
          await t.none("INSERT INTO keyring (key_id, wrapped_key, state) VALUES ($1, $2, 'active')", [keyId, wrappedKey]);
        });
      } catch (err) {
        // Another Nexus on this database added this key id first.
        if ((err as { code?: unknown }).code === "23505") throw new SpikeError("already_exists", `data key ${keyId} was added by another Nexus`);
        throw err;
      }
    });
  }

  reserveUses(keyId: number, count: number): Promise<number> {
    return guardOutage(async () => {
      const row = await this.db.one<{ uses: string }>("UPDATE keyring SET uses = uses + $2 WHERE key_id = $1 RETURNING uses", [keyId, count]);
      return Number(row.uses);
    });
  }

  rewrapAll(rows: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>): Promise<void> {
    return guardOutage(() =>
      this.db.tx("keyring-rewrap", async (t) => {
        for (const r of rows) await t.none("UPDATE keyring SET wrapped_key = $2 WHERE key_id = $1", [r.keyId, r.wrappedKey]);
      }),
    );
  }
}
