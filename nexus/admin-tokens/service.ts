// Admin tokens: the second factor (with the superuser SVID) for dangerous ceremonies. Created once and shown once;
// stored as a SHA-256 (for checking) and encrypted under the keyring (AAD-bound to the row). A token names its own
// row (`spike_at_<id>_<secret>`), so checking one is a primary-key read and a constant-time compare.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { SpikeError, invalidArgument, permissionDenied } from "../../lib/errors.js";
import type { SecretCipher } from "../secrets/cipher.js";
import type { AdminTokenRepository, AdminTokenRow } from "../store/admin-token-repository.js";

const PREFIX = "spike_at_";
const TOKEN = /^spike_at_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;
const NAME = /^[A-Za-z0-9 _-]{1,250}$/;

const sha256 = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();
const uuidOf = (hex: string): string => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

export class AdminTokenService {
  constructor(private readonly repo: AdminTokenRepository, private readonly cipher: SecretCipher) {}

  async create(name: string, createdBy: string, expiresAt: Date | null = null): Promise<{ token: string; info: AdminTokenRow }> {
    const label = name === "" ? "admin" : name;
    if (!NAME.test(label)) throw invalidArgument("admin token name must be 1-250 letters, digits, spaces, - or _");
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) throw invalidArgument("admin token expiry must be in the future");
    const id = randomUUID();
    const secret = randomBytes(32);
    const token = `${PREFIX}${id.replace(/-/g, "")}_${secret.toString("base64url")}`;
    secret.fill(0);
    const permit = await this.cipher.reserve();
    const plaintext = Buffer.from(token, "utf8");
    try {
      const ciphertext = permit.seal(plaintext, { table: "admin_tokens", path: id, version: 1 });
      const info = await this.repo.insert({ id, name: label, tokenSha256: sha256(token), ciphertext, createdBy, expiresAt });
      return { token, info };
    } finally {
      plaintext.fill(0);
    }
  }

  /**
   * Checks a presented token; returns its row, or throws PERMISSION_DENIED saying why (never echoing the token).
   */
  async verify(token: string): Promise<AdminTokenRow> {
    if (token === "") throw permissionDenied("this call needs an admin token");
    const m = TOKEN.exec(token);
    if (m === null) throw permissionDenied("the admin token is malformed");
    const row = await this.repo.get(uuidOf(m[1] as string));
    if (row === undefined || !timingSafeEqual(row.tokenSha256, sha256(token))) throw permissionDenied("the admin token is unknown");
    if (row.revokedAt !== null) throw permissionDenied(`admin token ${row.id} is revoked`);
    if (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now()) throw permissionDenied(`admin token ${row.id} has expired`);
    await this.repo.markUsed(row.id);
    return row;
  }

  list(includeInactive: boolean, after: string | undefined, limit: number): Promise<AdminTokenRow[]> {
    return this.repo.list(includeInactive, after, limit);
  }

  async revoke(id: string): Promise<AdminTokenRow> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw invalidArgument("id is not an admin token id");
    const row = await this.repo.revoke(id);
    if (row === undefined) throw new SpikeError("not_found", `no admin token ${id}`);
    return row;
  }
}
