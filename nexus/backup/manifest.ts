// The backup manifest: what an archive holds and its checksum, plus an HMAC under a key derived from the root key,
// so whoever holds that key can tell a forged manifest (a checksum recomputed over an edited archive) from a real
// one. Canonical form for the MAC (ADR 0021): the JSON array of the fields in proto order, mac left out, row counts
// as [table, count] pairs sorted by table, the time as an ISO string with milliseconds.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export const MANIFEST_FORMAT_VERSION = 1;
const MAC_INFO = Buffer.from("spike/nexus/backup-manifest-mac/v1", "utf8");

export interface Manifest {
  readonly formatVersion: number;
  readonly createdTime: Date;
  readonly schemaVersion: number;
  /** fingerprint() of the key check value; "" when the database was never bootstrapped. */
  readonly keyCheckFingerprint: string;
  readonly rootKeyGeneration: number;
  readonly rowCounts: Readonly<Record<string, number>>;
  readonly archiveSha256: string;
  readonly archiveBytes: number;
  readonly archiveFormat: string;
  readonly databaseBackend: string;
  readonly nexusVersion: string;
  /** Empty when taken without a root key. */
  readonly mac: Buffer;
}

export function canonicalManifest(m: Manifest): Buffer {
  const counts = Object.entries(m.rowCounts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify([
    m.formatVersion,
    m.createdTime.toISOString(),
    m.schemaVersion,
    m.keyCheckFingerprint,
    m.rootKeyGeneration,
    counts,
    m.archiveSha256,
    m.archiveBytes,
    m.archiveFormat,
    m.databaseBackend,
    m.nexusVersion,
  ]), "utf8");
}

export function manifestMac(rootKey: Buffer, m: Manifest): Buffer {
  const key = Buffer.from(hkdfSync("sha256", rootKey, Buffer.alloc(0), MAC_INFO, 32));
  try {
    return createHmac("sha256", key).update(canonicalManifest(m)).digest();
  } finally {
    key.fill(0);
  }
}

export function macMatches(rootKey: Buffer, m: Manifest): boolean {
  if (m.mac.length !== 32) return false;
  return timingSafeEqual(manifestMac(rootKey, m), m.mac);
}
