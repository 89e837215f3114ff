// The SecretCipher Nexus runs with: the keyring of data keys, opened with the root key once one is held, and
// dropped (keys zeroed) when the root key goes away or changes.
import { unavailable } from "../../lib/errors.js";
import type { Binding } from "../crypto/aad.js";
import { parseEnvelope } from "../crypto/envelope.js";
import { DEFAULT_MAX_AGE_MS, Keyring, type KeyringOptions, type KeyringStore } from "../crypto/keyring.js";
import type { RootKeyProvider } from "../crypto/root-key.js";
import type { SealPermit, SecretCipher } from "./cipher.js";

/** How often an open keyring checks the age of its active key (besides each use-block reservation). */
export const AGE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export class KeyringCipher implements SecretCipher {
  #keyring: Keyring | undefined;
  #opening: Promise<Keyring> | undefined;
  readonly #unsubscribe: () => void;
  readonly #ageTimer: NodeJS.Timeout;

  constructor(
    private readonly rootKeys: RootKeyProvider,
    private readonly store: () => KeyringStore,
    private readonly options: KeyringOptions & { readonly ageCheckIntervalMs?: number } = {},
  ) {
    this.#unsubscribe = rootKeys.onChange(() => this.#drop());
    // Rotation by age also happens when nothing is written: an hourly check (sooner for a shorter max age), which
    // never keeps the process alive. A failure (database down) is retried at the next check or block reservation.
    const every = options.ageCheckIntervalMs ?? Math.min(AGE_CHECK_INTERVAL_MS, options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    this.#ageTimer = setInterval(() => {
      this.#keyring?.rotateIfTooOld().catch(() => undefined);
    }, every);
    this.#ageTimer.unref();
  }

  async #current(): Promise<Keyring> {
    if (this.#keyring !== undefined) return this.#keyring;
    const readiness = this.rootKeys.readiness();
    if (!readiness.ready) throw unavailable(`Nexus has no root key yet: ${readiness.reason}`);
    this.#opening ??= Keyring.open(this.store(), this.rootKeys.rootKey(), this.options)
      .then((keyring) => (this.#keyring = keyring))
      .finally(() => {
        this.#opening = undefined;
      });
    return this.#opening;
  }

  #drop(): void {
    this.#keyring?.close();
    this.#keyring = undefined;
  }

  async reserve(): Promise<SealPermit> {
    const keyring = await this.#current();
    const keyId = await keyring.reserve();
    return { keyId, seal: (plaintext, binding) => keyring.seal(keyId, plaintext, binding) };
  }

  async prepare(): Promise<void> {
    if (!this.rootKeys.readiness().ready) return;
    try {
      await (await this.#current()).prepare();
    } catch {
      // reserve() meets the same failure and reports it
    }
  }

  async open(envelope: Buffer, binding: Binding): Promise<Buffer> {
    const keyring = await this.#current();
    // Written under a data key another Nexus made after this keyring loaded (its notification may still be on the
    // way): take in the keyring's new rows once, then decrypt.
    const keyId = envelopeKeyId(envelope);
    if (keyId !== undefined && !keyring.holds(keyId)) await keyring.refresh();
    return keyring.decrypt(envelope, binding);
  }

  /** Takes in data keys and the active key another Nexus on this database changed (ADR 0020). */
  async refresh(): Promise<void> {
    await this.#keyring?.refresh();
  }

  /** The data key new writes use. */
  async activeKeyId(): Promise<number> {
    return (await this.#current()).activeKeyId;
  }

  /** Starts a new active data key; old ones still decrypt. */
  async rotate(): Promise<{ keyId: number; previousKeyId: number }> {
    const keyring = await this.#current();
    const previousKeyId = keyring.activeKeyId;
    return { keyId: await keyring.rotate(), previousKeyId };
  }

  /** The keyring's data keys wrapped under another root key (for a root-key rotation); nothing is stored. */
  async wrappedUnder(newRootKey: Buffer): Promise<Array<{ keyId: number; wrappedKey: Buffer }>> {
    return (await this.#current()).wrappedUnder(newRootKey);
  }

  close(): void {
    clearInterval(this.#ageTimer);
    this.#unsubscribe();
    this.#drop();
  }
}

function envelopeKeyId(envelope: Buffer): number | undefined {
  try {
    return parseEnvelope(envelope).keyId;
  } catch {
    return undefined; // decrypt reports the malformed envelope
  }
}
