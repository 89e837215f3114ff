// The cipher service's ciphertext formats and the bindings (AAD) that authenticate them. ADR 0015 has the reasoning.
//
// Single-shot, format 0x01 — exactly the keyring envelope (nexus/crypto/envelope.ts):
//   0x01 | key id (uint32 BE) | nonce (12) | AES-256-GCM ciphertext | tag (16)
// bound to { table: "cipher", path: digest(associated_data), version: 0 }.
//
// Streamed, format 0x02:
//   header:   0x02 | key id (uint32 BE) | segment size (uint32 BE) | stream id (16 random bytes)   = 25 bytes
//   segments: each one a keyring envelope (0x01 | key id | nonce | ct | tag) of `segment size` plaintext bytes,
//             except the last, which holds 0..segment size bytes; so every segment but the last is exactly
//             segment size + 33 bytes, and the last is what remains.
// Segment i is bound to { table: "cipher-stream", path: (last|more) "/" hex(header) "/" digest(associated_data),
// version: i }: its position, whether it is the last, the whole header (so a segment cannot move to another
// stream) and the associated data are all authenticated. Reordering fails on the index, truncation at a segment
// boundary fails on the last flag, extension fails because the old last segment is then opened as "more".
//
// The tables "cipher" and "cipher-stream" are used by nothing else (secrets use "secrets", admin tokens
// "admin_tokens", the keyring "keyring"), so a ciphertext never opens outside its own domain.
import { createHash } from "node:crypto";
import type { Binding } from "../crypto/aad.js";
import { ENVELOPE_FORMAT, ENVELOPE_MIN_BYTES } from "../crypto/envelope.js";

export const FORMAT_SINGLE = ENVELOPE_FORMAT;
export const FORMAT_STREAM = 0x02;
/** Bytes a single-shot ciphertext adds to its plaintext (also what each stream segment adds). */
export const SINGLE_OVERHEAD = ENVELOPE_MIN_BYTES;
export const STREAM_ID_BYTES = 16;
export const STREAM_HEADER_BYTES = 1 + 4 + 4 + STREAM_ID_BYTES;
/** Plaintext bytes per stream segment. */
export const SEGMENT_BYTES = 64 * 1024;
/** Segment sizes a decoder accepts (the size comes from the header, which only the first segment authenticates). */
export const MIN_SEGMENT_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 1024 * 1024;
/** associated_data, per call or per stream. */
export const MAX_ASSOCIATED_DATA_BYTES = 8 * 1024;
/** One stream message's plaintext or ciphertext piece. */
export const MAX_STREAM_CHUNK_BYTES = 1024 * 1024;
/** Total plaintext of one stream: 16 GiB. */
export const MAX_STREAM_PLAINTEXT_BYTES = 16 * 1024 ** 3;

export const SINGLE_TABLE = "cipher";
export const STREAM_TABLE = "cipher-stream";

/** A fixed-length, unambiguous stand-in for the associated data inside the binding path. */
export function associatedDataDigest(associatedData: Buffer): string {
  return `sha256:${createHash("sha256").update(associatedData).digest("hex")}`;
}

export function singleBinding(adDigest: string): Binding {
  return { table: SINGLE_TABLE, path: adDigest, version: 0 };
}

export function segmentBinding(header: Buffer, adDigest: string, index: number, last: boolean): Binding {
  return { table: STREAM_TABLE, path: `${last ? "last" : "more"}/${header.toString("hex")}/${adDigest}`, version: index };
}

export interface StreamHeader {
  readonly keyId: number;
  readonly segmentBytes: number;
  readonly bytes: Buffer;
}

export function encodeStreamHeader(keyId: number, segmentBytes: number, streamId: Buffer): Buffer {
  const out = Buffer.alloc(STREAM_HEADER_BYTES);
  out[0] = FORMAT_STREAM;
  out.writeUInt32BE(keyId, 1);
  out.writeUInt32BE(segmentBytes, 5);
  streamId.copy(out, 9);
  return out;
}

/** Reads a header (the first STREAM_HEADER_BYTES of `buf`); undefined when the segment size is out of range. */
export function decodeStreamHeader(buf: Buffer): StreamHeader | undefined {
  const segmentBytes = buf.readUInt32BE(5);
  if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) return undefined;
  return { keyId: buf.readUInt32BE(1), segmentBytes, bytes: Buffer.from(buf.subarray(0, STREAM_HEADER_BYTES)) };
}
