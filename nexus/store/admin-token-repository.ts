// SQL for admin tokens: a hash to check a presented token, and the token encrypted under the keyring.
import type { IDatabase } from "pg-promise";
import { guardOutage } from "./database.js";
import { queryable, writable } from "./unit-of-work.js";

export interface AdminTokenRow {
  readonly id: string;
  readonly name: string;
  readonly tokenSha256: Buffer;
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

interface Raw {
  id: string;
  name: string;
  token_sha256: Buffer;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = "id, name, token_sha256, created_by, created_at, expires_at, last_used_at, revoked_at";
const toRow = (r: Raw): AdminTokenRow => ({
  id: r.id, name: r.name, tokenSha256: r.token_sha256, createdBy: r.created_by, createdAt: r.created_at,
  expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
});

export class AdminTokenRepository {
  constructor(private readonly db: IDatabase<object>) {}


  insert(t: { id: string; name: string; tokenSha256: Buffer; ciphertext: Buffer; createdBy: string; expiresAt: Date | null }): Promise<AdminTokenRow> {
    return guardOutage(async () =>
      toRow(await (await writable(this.db)).one<Raw>(
        `INSERT INTO admin_tokens (id, name, token_sha256, ciphertext, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [t.id, t.name, t.tokenSha256, t.ciphertext, t.createdBy, t.expiresAt],
      )));
  }

  get(id: string): Promise<AdminTokenRow | undefined> {
    return guardOutage(async () => {
      const r = await queryable(this.db).oneOrNone<Raw>(`SELECT ${COLUMNS} FROM admin_tokens WHERE id = $1`, [id]);
      return r === null ? undefined : toRow(r);
    });
  }

  markUsed(id: string): Promise<void> {
    return guardOutage(async () => {
      await (await writable(this.db)).none("UPDATE admin_tokens SET last_used_at = now() WHERE id = $1", [id]);
    });
  }

  list(includeInactive: boolean, after: string | undefined, limit: number): Promise<AdminTokenRow[]> {
    return guardOutage(async () => {
      const rows = await queryable(this.db).any<Raw>(
        `SELECT ${COLUMNS} FROM admin_tokens
          WHERE ($1 OR (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())))
            AND ($2::uuid IS NULL OR (created_at, id) < (SELECT created_at, id FROM admin_tokens WHERE id = $2::uuid))
          ORDER BY created_at DESC, id DESC LIMIT $3`,
        [includeInactive, after ?? null, limit],
      );
      return rows.map(toRow);
    });
  }

  revoke(id: string): Promise<AdminTokenRow | undefined> {
    return guardOutage(async () => {
      const r = await (await writable(this.db)).oneOrNone<Raw>(`UPDATE admin_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      return r === null ? undefined : toRow(r);
    });
  }
}
