// Data keys, each wrapped (AES-256-GCM) under the root key and stored in the keyring table. Exactly one is active
// and encrypts new values; the others stay for decryption. The store sees wrapped keys only.
//
// Every encryption under a data key is counted, so that the key is replaced long before random 96-bit nonces risk
// repeating. Counting one database write per encryption would double the cost of a put, so uses are reserved in
// blocks: the store's counter runs ahead of real use (a crash wastes the rest of a block, which is safe) and never
// behind it.
import { SpikeError } from "../../lib/errors.js";
import { encodeAad, type Binding } from "./aad.js";
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, open, randomKey, seal, secretCopy } from "./aead.js";
import { encodeEnvelope, parseEnvelope } from "./envelope.js";
import { keyCheckValue } from "./key-check.js";

/**
 * NIST SP 800-38D (§8.3) allows at most 2^32 encryptions under one key with random 96-bit nonces; past that the
 * chance of two messages sharing a nonce (which leaks their XOR and the GHASH key) exceeds about 2^-33.
 */
export const GCM_RANDOM_NONCE_LIMIT = 2 ** 32;

/**
 * Encryptions per data key before it is replaced automatically: 2^28, 16 times below the NIST limit. The chance of
 * any nonce collision under one key is then about q^2 / 2^97 = 2^-41 (256 times smaller than at 2^32). At a
 * sustained 1,000 writes/s a key lasts about three days, so the keyring grows by a 61-byte row every few days at
 * worst — cheap for that margin. ADR 0010 has the reasoning.
 */
export const DEFAULT_MAX_USES = 2 ** 28;

/** Uses reserved in the store per round trip: at most this many are lost (counted but unused) per crash. */
export const DEFAULT_RESERVE_BLOCK = 1000;

/** Age after which the active data key is replaced automatically: 30 days (SPIKE_NEXUS_DATA_KEY_MAX_AGE). */
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Gives tests the live key buffers, so they can check that close() zeroes them. Never used outside tests. */
export const KEY_MATERIAL_FOR_TESTS: unique symbol = Symbol("keyring key material, for tests only");

// Wrapped data key: format 0x01 | 12-byte nonce | 32-byte encrypted key | 16-byte tag. The AAD binds it to its key
// id, so a wrapped key copied to another keyring row fails to unwrap.
const WRAP_FORMAT = 0x01;
const WRAPPED_KEY_BYTES = 1 + NONCE_BYTES + KEY_BYTES + TAG_BYTES;
const wrapBinding: Binding = { table: "keyring", path: "", version: 0 };

export interface KeyringRow {
  readonly keyId: number;
  readonly wrappedKey: Buffer;
  readonly state: "active" | "retired";
  readonly uses: number;
  /** When the key was made; a store that does not know counts the key as made when the keyring opens. */
  readonly createdAt?: Date;
}

export interface KeyringStore {
  load(): Promise<KeyringRow[]>;
  /**
   * Inserts a new active key and retires the previous active one, atomically. `rootKeyCheck` is the key check
   * value of the root key that wrapped it: a store that records the root key refuses a key wrapped under a root
   * key it no longer records, or while a root-key rotation is pending (another Nexus rotated it, ADR 0020).
   */
  addActive(keyId: number, wrappedKey: Buffer, rootKeyCheck?: Buffer): Promise<void>;
  /** Adds `count` to the key's reserved uses and returns the new total. */
  reserveUses(keyId: number, count: number): Promise<number>;
  /** Re-wraps every key (root-key rotation), atomically. */
  rewrapAll(rows: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>): Promise<void>;
}

export interface KeyringOptions {
  /** Encryptions per data key before automatic rotation; 1..2^32, default DEFAULT_MAX_USES. */
  readonly maxUses?: number;
  /** Uses reserved in the store at a time; default DEFAULT_RESERVE_BLOCK. */
  readonly reserveBlock?: number;
  /** Milliseconds after which the active key is replaced (checked when a use block is reserved); default 30 days. */
  readonly maxAgeMs?: number;
  /** The clock, in epoch milliseconds (tests pass a fake one); default Date.now. */
  readonly now?: () => number;
}

export class Keyring {
  readonly #store: KeyringStore;
  readonly #maxUses: number;
  readonly #reserveBlock: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #keys: Map<number, Buffer>;
  #rootKey: Buffer;
  #activeKeyId: number;
  /** When the active key was made, epoch milliseconds. */
  #activeCreatedAt: number;
  #lastKeyId: number;
  /** Uses of the active key reserved in the store (by anyone), as last reported by the store. */
  #reserved: number;
  /** Uses of the active key reserved by this process and not yet spent. */
  #remaining = 0;
  /** Refills, rotations and re-wraps run one at a time, in call order. */
  #tail: Promise<unknown> = Promise.resolve();
  /** The refill that encryptions waiting for a use share. */
  #refilling: Promise<void> | undefined;
  /** Per key, uses handed out by reserve() and not yet spent by seal(). */
  readonly #unsealed = new Map<number, number>();
  #closed = false;

  private constructor(
    store: KeyringStore,
    rootKey: Buffer,
    keys: Map<number, Buffer>,
    active: { readonly keyId: number; readonly uses: number; readonly createdAt?: Date | undefined },
    limits: { readonly maxUses: number; readonly reserveBlock: number; readonly maxAgeMs: number; readonly now: () => number },
  ) {
    this.#store = store;
    this.#rootKey = rootKey;
    this.#keys = keys;
    this.#activeKeyId = active.keyId;
    this.#reserved = active.uses;
    this.#lastKeyId = Math.max(...keys.keys());
    this.#maxUses = limits.maxUses;
    this.#reserveBlock = limits.reserveBlock;
    this.#maxAgeMs = limits.maxAgeMs;
    this.#now = limits.now;
    this.#activeCreatedAt = active.createdAt?.getTime() ?? limits.now();
  }

  /**
   * Loads and unwraps every data key (`rootKey` is copied; the caller keeps ownership of its own buffer). An empty
   * keyring gets its first key, id 1. A key that does not unwrap under `rootKey` is SpikeError("data_loss").
   */
  static async open(store: KeyringStore, rootKey: Buffer, opts: KeyringOptions = {}): Promise<Keyring> {
    checkRootKey(rootKey);
    const maxUses = opts.maxUses ?? DEFAULT_MAX_USES;
    if (!Number.isSafeInteger(maxUses) || maxUses < 1 || maxUses > GCM_RANDOM_NONCE_LIMIT) {
      throw new SpikeError("invalid_argument", `keyring maxUses must be an integer in 1..2^32, got ${maxUses}`);
    }
    const reserveBlock = opts.reserveBlock ?? DEFAULT_RESERVE_BLOCK;
    if (!Number.isSafeInteger(reserveBlock) || reserveBlock < 1) {
      throw new SpikeError("invalid_argument", `keyring reserveBlock must be a positive integer, got ${reserveBlock}`);
    }
    const maxAgeMs = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (!Number.isFinite(maxAgeMs) || maxAgeMs <= 0) {
      throw new SpikeError("invalid_argument", `keyring maxAgeMs must be a positive number of milliseconds, got ${maxAgeMs}`);
    }
    const limits = { maxUses, reserveBlock, maxAgeMs, now: opts.now ?? Date.now };

    const root = secretCopy(rootKey);
    const keys = new Map<number, Buffer>();
    try {
      const rows = await store.load();
      if (rows.length === 0) {
        const first = randomKey();
        keys.set(1, first);
        await store.addActive(1, wrapKey(root, 1, first), keyCheckValue(root));
        return new Keyring(store, root, keys, { keyId: 1, uses: 0 }, limits);
      }
      let active: KeyringRow | undefined;
      for (const row of rows) {
        checkRow(row);
        if (keys.has(row.keyId)) throw new SpikeError("data_loss", `keyring lists data key ${row.keyId} twice`);
        keys.set(row.keyId, unwrapKey(root, row.keyId, row.wrappedKey));
        if (row.state === "active") {
          if (active !== undefined) {
            throw new SpikeError("data_loss", `keyring has two active data keys (${active.keyId} and ${row.keyId})`);
          }
          active = row;
        }
      }
      if (active === undefined) {
        throw new SpikeError("data_loss", `keyring holds ${rows.length} data keys but none is active`);
      }
      return new Keyring(store, root, keys, active, limits);
    } catch (e) {
      for (const key of keys.values()) key.fill(0);
      root.fill(0);
      throw e;
    }
  }

  /** The data key new encryptions use. */
  get activeKeyId(): number {
    return this.#activeKeyId;
  }

  /**
   * Encrypts under the active key and returns the envelope. Counts the use; when the active key has used up
   * maxUses, first rotates to a fresh one.
   */
  async encrypt(plaintext: Buffer, binding: Binding): Promise<Buffer> {
    return this.seal(await this.reserve(), plaintext, binding);
  }

  /**
   * Spends one counted use of the active key and returns which key it is for. Callers that must encrypt inside a
   * database transaction reserve first (this may reserve a block in the store, or rotate) and `seal` inside.
   */
  async reserve(): Promise<number> {
    const keyId = this.#remaining > 0 && !this.#closed ? this.#spendOne() : await this.#spendAfterRefill();
    this.#unsealed.set(keyId, (this.#unsealed.get(keyId) ?? 0) + 1);
    return keyId;
  }

  /**
   * Encrypts under a key `reserve` returned; no I/O. A retired key stays usable for a permit taken before rotation.
   * Each reserve() pays for exactly one seal(): a seal with no reserved use left for its key is refused, so every
   * encryption stays counted against maxUses.
   */
  seal(keyId: number, plaintext: Buffer, binding: Binding): Buffer {
    this.#assertOpen();
    const key = this.#keys.get(keyId);
    if (key === undefined) throw new SpikeError("internal", `seal under data key ${keyId}, which the keyring does not hold`);
    const unsealed = this.#unsealed.get(keyId) ?? 0;
    if (unsealed === 0) {
      throw new SpikeError("internal", `seal under data key ${keyId} without a reserved use: call reserve() once per seal()`);
    }
    const aad = encodeAad(binding, keyId); // a bad binding throws here and leaves the reserved use unspent
    if (unsealed === 1) this.#unsealed.delete(keyId);
    else this.#unsealed.set(keyId, unsealed - 1);
    const { nonce, sealed } = seal(key, plaintext, aad);
    return encodeEnvelope(keyId, nonce, sealed);
  }

  /**
   * Decrypts an envelope under the key its header names, checking that it belongs to `binding`. The caller owns
   * the returned plaintext (and zeroes it when done). Anything that does not authenticate is SpikeError("data_loss").
   */
  decrypt(envelope: Buffer, binding: Binding): Buffer {
    this.#assertOpen();
    const where = (): string => `${binding.table} ${JSON.stringify(binding.path)} version ${binding.version}`;
    let parts: ReturnType<typeof parseEnvelope>;
    try {
      parts = parseEnvelope(envelope);
    } catch (e) {
      if (e instanceof SpikeError) throw new SpikeError(e.code, `${where()}: ${e.message}`);
      throw e;
    }
    const key = this.#keys.get(parts.keyId);
    if (key === undefined) {
      throw new SpikeError("data_loss", `ciphertext of ${where()} names data key ${parts.keyId}, which the keyring does not hold`);
    }
    try {
      return open(key, parts.nonce, parts.sealed, encodeAad(binding, parts.keyId));
    } catch (e) {
      if (e instanceof SpikeError && e.code === "data_loss") {
        throw new SpikeError(
          "data_loss",
          `ciphertext of ${where()} fails authentication under data key ${parts.keyId}: it was altered, or moved from another row`,
        );
      }
      throw e;
    }
  }

  /** How long ago the active data key was made, in milliseconds. */
  get activeKeyAgeMs(): number {
    return this.#now() - this.#activeCreatedAt;
  }

  /**
   * Rotates when the active key has reached maxAgeMs (the periodic check; reserving a use block checks too).
   * Returns the new key id, or undefined when the active key is still young enough.
   */
  async rotateIfTooOld(): Promise<number | undefined> {
    return this.#exclusive(async () => {
      this.#assertOpen();
      if (!this.#tooOld()) return undefined;
      await this.#rotateNow();
      return this.#activeKeyId;
    });
  }

  /**
   * Makes the next reserve() calls free of I/O: rotates a key that is too old and, when fewer than half a block of
   * uses is left, reserves the next block now. Called before a change's database transaction opens, so the
   * keyring's own writes never wait for a connection that transaction holds (the embedded database has one).
   */
  async prepare(): Promise<void> {
    if (this.#closed) return;
    if (this.#tooOld()) await this.rotateIfTooOld();
    if (this.#remaining >= this.#lowWater()) return;
    await this.#exclusive(async () => {
      this.#assertOpen();
      if (this.#remaining === 0) await this.#refill(); // rotates a used-up key too
      const room = this.#maxUses - this.#reserved;
      if (this.#remaining >= this.#lowWater() || room <= 0) return;
      const keyId = this.#activeKeyId;
      const count = Math.min(this.#reserveBlock, room);
      const total = await this.#store.reserveUses(keyId, count);
      this.#assertOpen();
      if (!Number.isSafeInteger(total) || total < count) {
        throw new SpikeError("internal", `keyring store reports ${total} reserved uses of data key ${keyId} after reserving ${count}`);
      }
      this.#reserved = total;
      this.#remaining += Math.max(0, Math.min(count, this.#maxUses - (total - count)));
    });
  }

  #lowWater(): number {
    return Math.ceil(this.#reserveBlock / 2);
  }

  /**
   * Takes in what another Nexus on the same database changed: data keys this keyring does not hold yet, and a new
   * active key (then this one encrypts under it from the next reservation on). Keys already held are kept.
   */
  async refresh(): Promise<void> {
    await this.#exclusive(async () => {
      this.#assertOpen();
      await this.#sync();
    });
  }

  /** Whether this keyring holds data key `keyId` (a ciphertext naming another one was made after it loaded). */
  holds(keyId: number): boolean {
    return this.#keys.has(keyId);
  }

  // Callers hold the exclusive section.
  async #sync(): Promise<void> {
    const rows = await this.#store.load();
    this.#assertOpen();
    for (const row of rows) {
      if (this.#keys.has(row.keyId)) continue;
      checkRow(row);
      this.#keys.set(row.keyId, unwrapKey(this.#rootKey, row.keyId, row.wrappedKey));
      this.#lastKeyId = Math.max(this.#lastKeyId, row.keyId);
    }
    const active = rows.find((r) => r.state === "active");
    if (active !== undefined && active.keyId !== this.#activeKeyId) {
      this.#activeKeyId = active.keyId;
      this.#activeCreatedAt = active.createdAt?.getTime() ?? this.#now();
      this.#reserved = active.uses;
      this.#remaining = 0;
    }
  }

  /** Starts a new active data key now (operator command); old keys stay for decryption. Returns the new key id. */
  async rotate(): Promise<number> {
    return this.#exclusive(async () => {
      this.#assertOpen();
      await this.#rotateNow();
      return this.#activeKeyId;
    });
  }

  /**
   * Re-wraps every data key under `newRootKey` (root-key rotation) in one store.rewrapAll call, then wraps future
   * keys with it too. `newRootKey` is copied. If the store call fails, nothing changes.
   */
  async rewrap(newRootKey: Buffer): Promise<void> {
    checkRootKey(newRootKey);
    const next = secretCopy(newRootKey);
    await this.#exclusive(async () => {
      try {
        this.#assertOpen();
        const rows = [...this.#keys].map(([keyId, key]) => ({ keyId, wrappedKey: wrapKey(next, keyId, key) }));
        await this.#store.rewrapAll(rows);
        this.#assertOpen();
      } catch (e) {
        next.fill(0);
        throw e;
      }
      this.#rootKey.fill(0);
      this.#rootKey = next;
    });
  }

  /**
   * Every data key wrapped under `newRootKey`, without storing or adopting anything: the first step of a crash-safe
   * root-key rotation, which records these as pending and swaps them in only once the Keepers hold the new key.
   */
  wrappedUnder(newRootKey: Buffer): Array<{ keyId: number; wrappedKey: Buffer }> {
    checkRootKey(newRootKey);
    this.#assertOpen();
    return [...this.#keys].map(([keyId, key]) => ({ keyId, wrappedKey: wrapKey(newRootKey, keyId, key) }));
  }

  /** Zeroes every key held (data keys and the root key copy). Later calls answer SpikeError("unavailable"). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#remaining = 0;
    this.#unsealed.clear();
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
    this.#rootKey.fill(0);
  }

  [KEY_MATERIAL_FOR_TESTS](): { readonly rootKey: Buffer; readonly dataKeys: ReadonlyMap<number, Buffer> } {
    return { rootKey: this.#rootKey, dataKeys: this.#keys };
  }

  #spendOne(): number {
    this.#remaining -= 1;
    return this.#activeKeyId;
  }

  // Waiters share one refill; after it, each takes a use synchronously (so none is spent twice), and whoever finds
  // the block empty again starts the next refill.
  async #spendAfterRefill(): Promise<number> {
    for (;;) {
      this.#assertOpen();
      if (this.#remaining > 0) return this.#spendOne();
      this.#refilling ??= this.#exclusive(() => this.#refill()).finally(() => {
        this.#refilling = undefined;
      });
      await this.#refilling;
    }
  }

  async #refill(): Promise<void> {
    while (this.#remaining === 0) {
      this.#assertOpen();
      const room = this.#maxUses - this.#reserved;
      if (room <= 0 || this.#tooOld()) {
        await this.#rotateNow();
        continue;
      }
      const keyId = this.#activeKeyId;
      const count = Math.min(this.#reserveBlock, room);
      const total = await this.#store.reserveUses(keyId, count);
      this.#assertOpen();
      if (!Number.isSafeInteger(total) || total < count) {
        throw new SpikeError("internal", `keyring store reports ${total} reserved uses of data key ${keyId} after reserving ${count}`);
      }
      this.#reserved = total;
      // If another writer reserved uses of this key meanwhile, only the part of our block under the limit is ours.
      this.#remaining = Math.max(0, Math.min(count, this.#maxUses - (total - count)));
    }
  }

  // Callers hold the exclusive section.
  async #rotateNow(): Promise<void> {
    const keyId = this.#lastKeyId + 1;
    const dataKey = randomKey();
    try {
      await this.#store.addActive(keyId, wrapKey(this.#rootKey, keyId, dataKey), keyCheckValue(this.#rootKey));
      this.#assertOpen();
    } catch (e) {
      dataKey.fill(0);
      // Another Nexus on this database made key `keyId` first (both saw the same key grow old): adopt its key.
      if (e instanceof SpikeError && e.code === "already_exists") {
        await this.#sync();
        return;
      }
      throw e;
    }
    this.#keys.set(keyId, dataKey);
    this.#lastKeyId = keyId;
    this.#activeKeyId = keyId;
    this.#activeCreatedAt = this.#now();
    this.#reserved = 0;
    this.#remaining = 0;
  }

  #tooOld(): boolean {
    return this.#now() - this.#activeCreatedAt >= this.#maxAgeMs;
  }

  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #assertOpen(): void {
    if (this.#closed) throw new SpikeError("unavailable", "the keyring is closed");
  }
}

function wrapKey(rootKey: Buffer, keyId: number, dataKey: Buffer): Buffer {
  const { nonce, sealed } = seal(rootKey, dataKey, encodeAad(wrapBinding, keyId));
  return Buffer.concat([Buffer.of(WRAP_FORMAT), nonce, sealed]);
}

function unwrapKey(rootKey: Buffer, keyId: number, wrapped: Buffer): Buffer {
  if (wrapped.length !== WRAPPED_KEY_BYTES || wrapped[0] !== WRAP_FORMAT) {
    throw new SpikeError(
      "data_loss",
      `keyring data key ${keyId} is malformed: ${wrapped.length} bytes with format byte ${wrapped[0] ?? "none"}, ` +
        `expected ${WRAPPED_KEY_BYTES} bytes with format ${WRAP_FORMAT}`,
    );
  }
  try {
    return open(
      rootKey,
      wrapped.subarray(1, 1 + NONCE_BYTES),
      wrapped.subarray(1 + NONCE_BYTES),
      encodeAad(wrapBinding, keyId),
    );
  } catch (e) {
    if (e instanceof SpikeError && e.code === "data_loss") {
      throw new SpikeError(
        "data_loss",
        `keyring data key ${keyId} fails authentication under this root key: the root key is wrong, or the row was altered`,
      );
    }
    throw e;
  }
}

function checkRow(row: KeyringRow): void {
  if (!Number.isInteger(row.keyId) || row.keyId < 1 || row.keyId > 0xffff_ffff) {
    throw new SpikeError("data_loss", `keyring row has key id ${row.keyId}, not an integer in 1..2^32-1`);
  }
  if (!Number.isSafeInteger(row.uses) || row.uses < 0) {
    throw new SpikeError("data_loss", `keyring data key ${row.keyId} has ${row.uses} uses, not a non-negative integer`);
  }
}

function checkRootKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) {
    throw new SpikeError("invalid_argument", `a root key is ${KEY_BYTES} bytes; this one is ${key.length}`);
  }
}
