// The key check value: stored in Postgres so that a root key rebuilt from shares (or restored by an operator) can
// be recognised as the right one before it decrypts anything. It reveals nothing useful about the key: an HMAC
// of a fixed label under a subkey derived with HKDF, so the root key itself is never used directly as a MAC key
// and the value cannot be confused with any other use of the key.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { SpikeError } from "../../lib/errors.js";
import { KEY_BYTES } from "./aead.js";

const HKDF_SALT = Buffer.alloc(0); // the root key is uniformly random: HKDF-Extract needs no salt
const HKDF_INFO = Buffer.from("spike/nexus/root-key-check/hmac-key/v1", "utf8");
const CHECK_LABEL = Buffer.from("spike/nexus/root-key-check/label/v1", "utf8");
export const KEY_CHECK_BYTES = 32;

export function keyCheckValue(rootKey: Buffer): Buffer {
  if (rootKey.length !== KEY_BYTES) {
    throw new SpikeError("internal", `root key is ${rootKey.length} bytes, expected ${KEY_BYTES}`);
  }
  const macKey = Buffer.from(hkdfSync("sha256", rootKey, HKDF_SALT, HKDF_INFO, 32));
  try {
    return createHmac("sha256", macKey).update(CHECK_LABEL).digest();
  } finally {
    macKey.fill(0);
  }
}

/** Whether `rootKey` is the key that produced `stored`; compared in constant time. */
export function keyCheckMatches(rootKey: Buffer, stored: Buffer): boolean {
  const expected = keyCheckValue(rootKey);
  return stored.length === expected.length && timingSafeEqual(expected, stored);
}
