// A root key held in process memory and set by whoever has it: tests, and the Keeper-based provider, which
// rebuilds the key from shares and hands it here. The held key is a private copy, zeroed when replaced or cleared.
import { SpikeError, unavailable } from "../../lib/errors.js";
import { KEY_BYTES, secretCopy } from "./aead.js";
import type { Readiness, RootKeyProvider } from "./root-key.js";

const NO_KEY_YET = "no root key has been set";

export class InMemoryRootKeyProvider implements RootKeyProvider {
  #key: Buffer | undefined;
  #reason = NO_KEY_YET;
  readonly #listeners = new Set<() => void>();

  constructor(key?: Buffer) {
    if (key !== undefined) this.#key = copyRootKey(key);
  }

  readiness(): Readiness {
    return this.#key === undefined ? { ready: false, reason: this.#reason } : { ready: true };
  }

  rootKey(): Buffer {
    if (this.#key === undefined) throw unavailable(this.#reason);
    return this.#key;
  }

  /** Holds a copy of `key` (the caller may zero its own); the previous key, if any, is zeroed. */
  set(key: Buffer): void {
    const copy = copyRootKey(key);
    this.#key?.fill(0);
    this.#key = copy;
    this.#notify();
  }

  /** Zeroes and forgets the key; readiness then reports `reason`. */
  clear(reason = "the root key was cleared"): void {
    this.#key?.fill(0);
    this.#key = undefined;
    this.#reason = reason;
    this.#notify();
  }

  onChange(listener: () => void): () => void {
    // Wrapped, so that the same function subscribed twice gets two independent subscriptions.
    const entry = (): void => listener();
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  // Listeners run after the change is complete, never inside set()/clear(), each in its own task: one that throws
  // (a bug, reported as an uncaught exception) neither stops the others nor fails set()/clear(). A listener
  // removed before its turn is not called.
  #notify(): void {
    for (const entry of this.#listeners) {
      setImmediate(() => {
        if (this.#listeners.has(entry)) entry();
      });
    }
  }
}

function copyRootKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) {
    throw new SpikeError("invalid_argument", `a root key is ${KEY_BYTES} bytes; this one is ${key.length}`);
  }
  return secretCopy(key);
}
