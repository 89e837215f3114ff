// SQL for re-encrypting stored ciphertext under the active data key (the rewrap job, nexus/secrets/rewrap-job.ts).
// It reads and writes envelopes it cannot open: it only compares their 5-byte header (format byte and key id) with
// the target key's, and swaps a ciphertext only if the row still holds exactly the one that was read
// (compare-and-set), so a version destroyed, pruned or rewrapped elsewhere meanwhile is never overwritten.
import type { IDatabase } from "pg-promise";
import { ENVELOPE_FORMAT } from "../crypto/envelope.js";
import { guardOutage } from "./database.js";

/** A secret version whose ciphertext is under another key than the target. */
export interface StaleSecret {
  readonly path: string;
  readonly version: number;
  readonly ciphertext: Buffer;
}

/** An admin token whose ciphertext is under another key than the target. */
export interface StaleAdminToken {
  readonly id: string;
  readonly ciphertext: Buffer;
}

/** How many stored ciphertexts there are, and how many of them are not under the target key. */
export interface RewrapCounts {
  readonly secrets: number;
  readonly staleSecrets: number;
  readonly adminTokens: number;
  readonly staleAdminTokens: number;
}

/** The envelope header a ciphertext under `keyId` starts with: format byte and the key id, big-endian. */
export function envelopeHeader(keyId: number): Buffer {
  const header = Buffer.alloc(5);
  header[0] = ENVELOPE_FORMAT;
  header.writeUInt32BE(keyId, 1);
  return header;
}

// A ciphertext is stale when its first five bytes differ from the target's header (a malformed one is stale too:
// the job then reports it as failed).
const STALE = "substring(ciphertext FROM 1 FOR 5) <> $1::bytea";

export class RewrapRepository {
  constructor(private readonly db: IDatabase<object>) {}

  count(targetKeyId: number): Promise<RewrapCounts> {
    return guardOutage(async () => {
      const r = await this.db.one<{ secrets: number; stale_secrets: number; admin_tokens: number; stale_admin_tokens: number }>(
        `SELECT (SELECT count(*)::int FROM secrets WHERE ciphertext IS NOT NULL) AS secrets,
                (SELECT count(*)::int FROM secrets WHERE ciphertext IS NOT NULL AND ${STALE}) AS stale_secrets,
                (SELECT count(*)::int FROM admin_tokens) AS admin_tokens,
                (SELECT count(*)::int FROM admin_tokens WHERE ${STALE}) AS stale_admin_tokens`,
        [envelopeHeader(targetKeyId)],
      );
      return { secrets: r.secrets, staleSecrets: r.stale_secrets, adminTokens: r.admin_tokens, staleAdminTokens: r.stale_admin_tokens };
    });
  }

  /** Up to `limit` stale secret versions after (path, version) `after`, in (path, version) order. */
  staleSecrets(targetKeyId: number, after: { path: string; version: number } | undefined, limit: number): Promise<StaleSecret[]> {
    return guardOutage(async () => {
      const rows = await this.db.any<{ path: string; version: number; ciphertext: Buffer }>(
        `SELECT path, version, ciphertext FROM secrets
          WHERE ciphertext IS NOT NULL AND ${STALE}
            AND ($2::text IS NULL OR (path, version) > ($2::text COLLATE "C", $3::int))
          ORDER BY path, version LIMIT $4`,
        [envelopeHeader(targetKeyId), after?.path ?? null, after?.version ?? 0, limit],
      );
      return rows.map((r) => ({ path: r.path, version: r.version, ciphertext: r.ciphertext }));
    });
  }

  /** Up to `limit` stale admin tokens with an id after `after`, in id order. */
  staleAdminTokens(targetKeyId: number, after: string | undefined, limit: number): Promise<StaleAdminToken[]> {
    return guardOutage(async () => {
      const rows = await this.db.any<{ id: string; ciphertext: Buffer }>(
        `SELECT id, ciphertext FROM admin_tokens
          WHERE ${STALE} AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3`,
        [envelopeHeader(targetKeyId), after ?? null, limit],
      );
      return rows.map((r) => ({ id: r.id, ciphertext: r.ciphertext }));
    });
  }

  /**
   * Swaps each version's ciphertext from `old` to `next`, in one transaction, only where the row still holds `old`.
   * Returns, per row in order, whether it was swapped.
   */
  replaceSecrets(rows: ReadonlyArray<{ path: string; version: number; old: Buffer; next: Buffer }>): Promise<boolean[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return guardOutage(() =>
      this.db.tx("rewrap-secrets", async (t) => {
        const swapped: boolean[] = [];
        for (const r of rows) {
          const res = await t.result(
            "UPDATE secrets SET ciphertext = $4 WHERE path = $1 AND version = $2 AND ciphertext = $3",
            [r.path, r.version, r.old, r.next],
          );
          swapped.push(res.rowCount === 1);
        }
        return swapped;
      }),
    );
  }

  /** As replaceSecrets, for admin tokens. */
  replaceAdminTokens(rows: ReadonlyArray<{ id: string; old: Buffer; next: Buffer }>): Promise<boolean[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return guardOutage(() =>
      this.db.tx("rewrap-admin-tokens", async (t) => {
        const swapped: boolean[] = [];
        for (const r of rows) {
          const res = await t.result("UPDATE admin_tokens SET ciphertext = $3 WHERE id = $1 AND ciphertext = $2", [r.id, r.old, r.next]);
          swapped.push(res.rowCount === 1);
        }
        return swapped;
      }),
    );
  }
}
