// The additional authenticated data that binds a ciphertext to the row it lives in. A ciphertext copied to another
// table, path or version, or whose header is edited to name another key, fails authentication.
//
// Encoding (canonical, one byte string per binding and key id, and no two bindings share one):
//   format (uint8 = 1)
//   | table length (uint32 BE) | table (UTF-8)
//   | path length (uint32 BE)  | path (UTF-8)
//   | version (uint32 BE)
//   | key id (uint32 BE)
// Strings are length-prefixed, so ("a", "bc") and ("ab", "c") differ; integers are fixed-width.
import { SpikeError } from "../../lib/errors.js";

export const AAD_FORMAT = 0x01;
const UINT32_MAX = 0xffff_ffff;

export interface Binding {
  readonly table: string;
  readonly path: string;
  readonly version: number;
}

export function encodeAad(binding: Binding, keyId: number): Buffer {
  const table = utf8(binding.table, "table");
  const path = utf8(binding.path, "path");
  uint32(binding.version, "version");
  uint32(keyId, "key id");
  const out = Buffer.alloc(1 + 4 + table.length + 4 + path.length + 4 + 4);
  let at = out.writeUInt8(AAD_FORMAT, 0);
  at = out.writeUInt32BE(table.length, at);
  at += table.copy(out, at);
  at = out.writeUInt32BE(path.length, at);
  at += path.copy(out, at);
  at = out.writeUInt32BE(binding.version, at);
  out.writeUInt32BE(keyId, at);
  return out;
}

// UTF-8 turns every lone surrogate into U+FFFD, so two different strings could encode alike; refuse them instead.
// With the u flag, a surrogate pair is one code point and only a lone surrogate matches \p{Cs}.
const LONE_SURROGATE = /\p{Cs}/u;

function utf8(text: string, field: string): Buffer {
  if (LONE_SURROGATE.test(text)) {
    throw new SpikeError("invalid_argument", `AAD ${field} is not well-formed Unicode (it has a lone surrogate)`);
  }
  return Buffer.from(text, "utf8");
}

function uint32(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new SpikeError("internal", `AAD ${field} ${value} is not an integer in 0..2^32-1`);
  }
}
