// AES-256-GCM on node:crypto (OpenSSL, AES-NI): ADR 0010 chose it over @noble/ciphers by measurement.
// Random 96-bit nonces; the 16-byte tag is appended to the ciphertext. Nothing here knows about formats or rows.
import { createCipheriv, createDecipheriv, randomFillSync } from "node:crypto";
import { SpikeError } from "../../lib/errors.js";

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  readonly nonce: Buffer;
  /** Ciphertext followed by the 16-byte tag. */
  readonly sealed: Buffer;
}

// A call to randomFillSync costs about 6 µs whether it fills 12 bytes or 4 KiB: as much as encrypting 1 KiB. So
// nonces are cut from a pool filled 341 at a time; each 12 bytes are handed out once and the pool is then refilled.
// Nonces are public, so the pool needs no zeroing.
const NONCE_POOL_BYTES = NONCE_BYTES * 341;
const noncePool = Buffer.alloc(NONCE_POOL_BYTES);
let noncePoolOffset = NONCE_POOL_BYTES;

/** A fresh random 96-bit nonce (never handed out twice). */
export function randomNonce(): Buffer {
  if (noncePoolOffset === NONCE_POOL_BYTES) {
    randomFillSync(noncePool);
    noncePoolOffset = 0;
  }
  const nonce = Buffer.allocUnsafe(NONCE_BYTES);
  noncePool.copy(nonce, 0, noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  checkKey(key);
  const nonce = randomNonce();
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  const tail = cipher.final(); // empty for GCM, kept for form's sake
  return { nonce, sealed: Buffer.concat([body, tail, cipher.getAuthTag()]) };
}

/** The plaintext, or SpikeError("data_loss") when the tag does not verify under this key, nonce and AAD. */
export function open(key: Buffer, nonce: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  checkKey(key);
  if (nonce.length !== NONCE_BYTES) {
    throw new SpikeError("data_loss", `AES-GCM nonce is ${nonce.length} bytes, expected ${NONCE_BYTES}`);
  }
  if (sealed.length < TAG_BYTES) {
    throw new SpikeError("data_loss", `AES-GCM ciphertext is ${sealed.length} bytes, shorter than its ${TAG_BYTES}-byte tag`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  let tail: Buffer;
  try {
    tail = decipher.final();
  } catch {
    body.fill(0); // unauthenticated plaintext must not linger
    throw new SpikeError("data_loss", "AES-GCM ciphertext fails authentication");
  }
  if (tail.length === 0) return body;
  const whole = Buffer.concat([body, tail]);
  body.fill(0);
  tail.fill(0);
  return whole;
}

/**
 * A copy of key material in a buffer of its own. Buffer.from() would place small copies in Node's shared 8 KiB
 * allocation pool, next to unrelated data; a dedicated allocation is zeroed on its own and nothing else shares it.
 */
export function secretCopy(source: Buffer): Buffer {
  const copy = Buffer.alloc(source.length);
  source.copy(copy);
  return copy;
}

/** A fresh random 32-byte key in a buffer of its own. */
export function randomKey(): Buffer {
  return randomFillSync(Buffer.alloc(KEY_BYTES));
}

function checkKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) {
    throw new SpikeError("internal", `AES-256-GCM key is ${key.length} bytes, expected ${KEY_BYTES}`);
  }
}
