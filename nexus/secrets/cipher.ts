// What the secrets service needs from the crypto barrier. Sealing happens inside a database transaction, so it
// must not do I/O: `reserve` (outside the transaction) secures one use of the active data key first, and the
// permit it returns seals synchronously.
import type { Binding } from "../crypto/aad.js";

export interface SealPermit {
  readonly keyId: number;
  /** Encrypts under the permit's key, bound to where the ciphertext will live. No I/O. */
  seal(plaintext: Buffer, binding: Binding): Buffer;
}

export interface SecretCipher {
  /** Secures one encryption under the active data key; may touch the database; "unavailable" with no root key. */
  reserve(): Promise<SealPermit>;
  /** Best effort, before a transaction opens: makes the next reserve() calls need no I/O. Never throws. */
  prepare(): Promise<void>;
  /** Decrypts; a ciphertext that fails authentication (tampered or moved) throws SpikeError("data_loss"). */
  open(envelope: Buffer, binding: Binding): Promise<Buffer>;
}
