// The self-describing ciphertext stored in bytea columns:
//   0x01 | key id (uint32 BE) | 12-byte nonce | ciphertext | 16-byte tag
// The key id says which data key to use; the same key id is also inside the AAD (aad.ts), so editing the header
// to point at another key makes authentication fail instead of selecting a different key silently.
import { SpikeError } from "../../lib/errors.js";
import { NONCE_BYTES, TAG_BYTES } from "./aead.js";

export const ENVELOPE_FORMAT = 0x01;
export const ENVELOPE_HEADER_BYTES = 1 + 4 + NONCE_BYTES;
/** An empty plaintext still carries the header and the tag. */
export const ENVELOPE_MIN_BYTES = ENVELOPE_HEADER_BYTES + TAG_BYTES;
const MAX_KEY_ID = 0xffff_ffff;

export interface Envelope {
  readonly keyId: number;
  readonly nonce: Buffer;
  /** Ciphertext followed by the tag. */
  readonly sealed: Buffer;
}

export function encodeEnvelope(keyId: number, nonce: Buffer, sealed: Buffer): Buffer {
  if (!Number.isInteger(keyId) || keyId < 1 || keyId > MAX_KEY_ID) {
    throw new SpikeError("internal", `envelope key id ${keyId} is not an integer in 1..2^32-1`);
  }
  if (nonce.length !== NONCE_BYTES) {
    throw new SpikeError("internal", `envelope nonce is ${nonce.length} bytes, expected ${NONCE_BYTES}`);
  }
  if (sealed.length < TAG_BYTES) {
    throw new SpikeError("internal", `envelope body is ${sealed.length} bytes, shorter than the ${TAG_BYTES}-byte tag`);
  }
  // Every byte is written below, and an envelope holds no secret, so it may come from Node's shared pool (a fresh
  // zeroed allocation cost ~4.7 µs per 1 KiB envelope, more than the encryption itself).
  const out = Buffer.allocUnsafe(ENVELOPE_HEADER_BYTES + sealed.length);
  out[0] = ENVELOPE_FORMAT;
  out.writeUInt32BE(keyId, 1);
  nonce.copy(out, 5);
  sealed.copy(out, ENVELOPE_HEADER_BYTES);
  return out;
}

/** Splits an envelope into its parts (views into `buf`). Anything malformed is SpikeError("data_loss"). */
export function parseEnvelope(buf: Buffer): Envelope {
  if (buf.length === 0) throw new SpikeError("data_loss", "ciphertext is empty");
  const format = buf[0];
  if (format !== ENVELOPE_FORMAT) {
    throw new SpikeError(
      "data_loss",
      `ciphertext has format byte 0x${hexByte(format)}; this Nexus reads only format 0x${hexByte(ENVELOPE_FORMAT)}`,
    );
  }
  if (buf.length < ENVELOPE_MIN_BYTES) {
    throw new SpikeError(
      "data_loss",
      `ciphertext is ${buf.length} bytes, shorter than the ${ENVELOPE_MIN_BYTES}-byte minimum (header and tag)`,
    );
  }
  const keyId = buf.readUInt32BE(1);
  if (keyId === 0) throw new SpikeError("data_loss", "ciphertext names data key 0, which is never assigned");
  return {
    keyId,
    nonce: buf.subarray(5, ENVELOPE_HEADER_BYTES),
    sealed: buf.subarray(ENVELOPE_HEADER_BYTES),
  };
}

function hexByte(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, "0");
}
