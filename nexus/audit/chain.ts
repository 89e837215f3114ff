// The audit chain's hash: SHA-256 over a canonical encoding of one record's fields and the previous record's hash.
//
// Every field is written as a 4-byte big-endian length followed by its bytes (strings as UTF-8, integers as 8-byte
// big-endian, the time as milliseconds since the epoch), behind a version tag. Length prefixes make the encoding
// unambiguous: moving characters from one field to the next changes the hash.
import { createHash } from "node:crypto";

export const HASH_BYTES = 32;
export const ZERO_HASH: Buffer = Buffer.alloc(HASH_BYTES);
const TAG = "spike.audit.v1";

/** What one audit row holds. */
export interface AuditRow {
  readonly sequence: number;
  readonly time: Date;
  readonly caller: string;
  readonly action: string;
  readonly resource: string;
  /** "ok", "denied", or the gRPC status code name the caller got. */
  readonly outcome: string;
  readonly requestId: string;
  readonly durationMicros: number;
  readonly prevHash: Buffer;
  readonly hash: Buffer;
}

export type UnhashedRow = Omit<AuditRow, "hash">;

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

export function chainHash(row: UnhashedRow): Buffer {
  const h = createHash("sha256");
  const field = (bytes: Buffer): void => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bytes.length);
    h.update(len);
    h.update(bytes);
  };
  field(Buffer.from(TAG, "utf8"));
  field(int64(row.sequence));
  field(int64(row.time.getTime()));
  field(Buffer.from(row.caller, "utf8"));
  field(Buffer.from(row.action, "utf8"));
  field(Buffer.from(row.resource, "utf8"));
  field(Buffer.from(row.outcome, "utf8"));
  field(Buffer.from(row.requestId, "utf8"));
  field(int64(row.durationMicros));
  field(row.prevHash);
  return h.digest();
}
