import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { SpikeError, type ErrorCode } from "../../lib/errors.js";
import { encodeAad, type Binding } from "../../nexus/crypto/aad.js";
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES, open, randomNonce, seal } from "../../nexus/crypto/aead.js";
import { ENVELOPE_HEADER_BYTES, ENVELOPE_MIN_BYTES, encodeEnvelope, parseEnvelope } from "../../nexus/crypto/envelope.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { KEY_CHECK_BYTES, keyCheckMatches, keyCheckValue } from "../../nexus/crypto/key-check.js";
import {
  DEFAULT_MAX_USES,
  GCM_RANDOM_NONCE_LIMIT,
  KEY_MATERIAL_FOR_TESTS,
  Keyring,
  type KeyringRow,
  type KeyringStore,
} from "../../nexus/crypto/keyring.js";

// ---- helpers -------------------------------------------------------------------------------------------------------

function rejectsWith(code: ErrorCode, ...fragments: string[]): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof SpikeError, `expected a SpikeError, got ${String(e)}`);
    assert.equal(e.code, code, `code of: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} mentions ${f}`);
    return true;
  };
}

function isZero(buf: Buffer): boolean {
  return buf.every((b) => b === 0);
}

/** No message may carry key bytes: check that no 8-byte window of the key appears in hex or base64. */
function assertNoKeyBytes(message: string, key: Buffer): void {
  for (let i = 0; i + 8 <= key.length; i += 4) {
    const window = key.subarray(i, i + 8);
    assert.ok(!message.includes(window.toString("hex")), "message contains key bytes (hex)");
    assert.ok(!message.includes(window.toString("base64").slice(0, 10)), "message contains key bytes (base64)");
  }
}

/** A Map-backed KeyringStore; every call yields to the event loop first, as a database would. */
class FakeKeyringStore implements KeyringStore {
  readonly rows = new Map<number, { wrappedKey: Buffer; state: "active" | "retired"; uses: number }>();
  readonly reservations: Array<{ keyId: number; count: number }> = [];
  addActiveCalls = 0;
  failNextReserve = false;

  async load(): Promise<KeyringRow[]> {
    await nextTurn();
    return [...this.rows].map(([keyId, r]) => ({ keyId, wrappedKey: Buffer.from(r.wrappedKey), state: r.state, uses: r.uses }));
  }

  async addActive(keyId: number, wrappedKey: Buffer): Promise<void> {
    await nextTurn();
    this.addActiveCalls += 1;
    if (this.rows.has(keyId)) throw new Error(`duplicate key id ${keyId}`);
    for (const r of this.rows.values()) if (r.state === "active") r.state = "retired";
    this.rows.set(keyId, { wrappedKey: Buffer.from(wrappedKey), state: "active", uses: 0 });
  }

  async reserveUses(keyId: number, count: number): Promise<number> {
    await nextTurn();
    if (this.failNextReserve) {
      this.failNextReserve = false;
      throw new SpikeError("unavailable", "database is down");
    }
    const row = this.rows.get(keyId);
    if (row === undefined) throw new Error(`no key ${keyId}`);
    this.reservations.push({ keyId, count });
    row.uses += count;
    return row.uses;
  }

  async rewrapAll(rows: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>): Promise<void> {
    await nextTurn();
    assert.deepEqual(rows.map((r) => r.keyId).sort((a, b) => a - b), [...this.rows.keys()].sort((a, b) => a - b));
    for (const r of rows) {
      const row = this.rows.get(r.keyId);
      if (row === undefined) throw new Error(`no key ${r.keyId}`);
      row.wrappedKey = Buffer.from(r.wrappedKey);
    }
  }

  row(keyId: number): { wrappedKey: Buffer; state: "active" | "retired"; uses: number } {
    const row = this.rows.get(keyId);
    assert.ok(row, `key ${keyId} is in the store`);
    return row;
  }
}

const at = (path: string, version = 1, table = "secrets"): Binding => ({ table, path, version });
const text = (s: string): Buffer => Buffer.from(s, "utf8");
const keyIdOf = (envelope: Buffer): number => envelope.readUInt32BE(1);

// ---- aead ----------------------------------------------------------------------------------------------------------

describe("aead: AES-256-GCM", () => {
  const key = randomBytes(KEY_BYTES);
  const aad = text("aad");

  test("round trip, including an empty plaintext; ciphertext is plaintext length + tag", () => {
    for (const size of [0, 1, 15, 16, 17, 1024, 65536]) {
      const plaintext = randomBytes(size);
      const { nonce, sealed } = seal(key, plaintext, aad);
      assert.equal(nonce.length, NONCE_BYTES);
      assert.equal(sealed.length, size + TAG_BYTES);
      assert.deepEqual(open(key, nonce, sealed, aad), plaintext);
    }
  });

  test("nonces are fresh for every seal, across refills of the nonce pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(seal(key, text("x"), aad).nonce.toString("hex"));
    assert.equal(seen.size, 1000);
    const nonces = Array.from({ length: 5000 }, () => randomNonce()); // ~15 refills of 341
    assert.equal(new Set(nonces.map((n) => n.toString("hex"))).size, 5000);
    assert.ok(nonces.every((n) => n.length === NONCE_BYTES && !isZero(n)), "12 random bytes each");
    const first = nonces[0] ?? Buffer.alloc(0);
    const copy = Buffer.from(first);
    first.fill(0xff); // a nonce handed out is the caller's own: writing to it changes no other
    assert.ok(nonces.slice(1).every((n) => !n.equals(first)) && !copy.equals(first), "nonces do not share memory");
  });

  test("wrong key, wrong AAD, flipped tag: data_loss", () => {
    const { nonce, sealed } = seal(key, text("secret"), aad);
    assert.throws(() => open(randomBytes(KEY_BYTES), nonce, sealed, aad), rejectsWith("data_loss", "fails authentication"));
    assert.throws(() => open(key, nonce, sealed, text("aae")), rejectsWith("data_loss", "fails authentication"));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    assert.throws(() => open(key, nonce, flipped, aad), rejectsWith("data_loss", "fails authentication"));
    assert.throws(() => open(key, nonce, sealed.subarray(0, TAG_BYTES - 1), aad), rejectsWith("data_loss", "shorter"));
  });

  test("a key of the wrong size is refused without showing it", () => {
    const short = randomBytes(16);
    assert.throws(() => seal(short, text("x"), aad), (e: unknown) => {
      assert.ok(e instanceof SpikeError, "a SpikeError");
      assert.ok(e.message.includes("16 bytes"), "the message gives the size");
      assertNoKeyBytes(e.message, short);
      return true;
    });
  });
});

// ---- envelope ------------------------------------------------------------------------------------------------------

describe("envelope", () => {
  test("layout: 0x01 | key id BE | nonce | ciphertext | tag", () => {
    const nonce = randomBytes(NONCE_BYTES);
    const sealed = randomBytes(5 + TAG_BYTES);
    const env = encodeEnvelope(0x01020304, nonce, sealed);
    assert.equal(env.length, ENVELOPE_HEADER_BYTES + sealed.length);
    assert.deepEqual([...env.subarray(0, 5)], [0x01, 0x01, 0x02, 0x03, 0x04]);
    const parsed = parseEnvelope(env);
    assert.equal(parsed.keyId, 0x01020304);
    assert.deepEqual(parsed.nonce, nonce);
    assert.deepEqual(parsed.sealed, sealed);
  });

  test("wrong version byte, short, empty or key id 0: data_loss saying what is wrong", () => {
    const good = encodeEnvelope(7, randomBytes(NONCE_BYTES), randomBytes(TAG_BYTES + 3));
    const v2 = Buffer.from(good);
    v2[0] = 0x02;
    assert.throws(() => parseEnvelope(v2), rejectsWith("data_loss", "format byte 0x02", "only format 0x01"));
    assert.throws(() => parseEnvelope(Buffer.alloc(0)), rejectsWith("data_loss", "empty"));
    assert.throws(
      () => parseEnvelope(good.subarray(0, ENVELOPE_MIN_BYTES - 1)),
      rejectsWith("data_loss", `${ENVELOPE_MIN_BYTES - 1} bytes`, `${ENVELOPE_MIN_BYTES}-byte minimum`),
    );
    const zero = Buffer.from(good);
    zero.writeUInt32BE(0, 1);
    assert.throws(() => parseEnvelope(zero), rejectsWith("data_loss", "key 0"));
    assert.doesNotThrow(() => parseEnvelope(good.subarray(0, ENVELOPE_MIN_BYTES)));
  });
});

// ---- aad -----------------------------------------------------------------------------------------------------------

describe("aad: canonical binding", () => {
  test("length prefixes keep field boundaries: (a, bc) differs from (ab, c)", () => {
    assert.notDeepEqual(encodeAad({ table: "a", path: "bc", version: 1 }, 1), encodeAad({ table: "ab", path: "c", version: 1 }, 1));
    assert.notDeepEqual(encodeAad({ table: "", path: "ab", version: 1 }, 1), encodeAad({ table: "ab", path: "", version: 1 }, 1));
  });

  test("every field changes the bytes; the same inputs give the same bytes", () => {
    const base = encodeAad(at("app/db", 3), 2);
    assert.deepEqual(encodeAad(at("app/db", 3), 2), base);
    for (const other of [
      encodeAad(at("app/db", 3, "admin_tokens"), 2),
      encodeAad(at("app/dc", 3), 2),
      encodeAad(at("app/db", 4), 2),
      encodeAad(at("app/db", 3), 3),
    ]) {
      assert.notDeepEqual(other, base);
    }
  });

  test("exact encoding: format | len | table | len | path | version | key id", () => {
    const aad = encodeAad({ table: "t", path: "é", version: 258 }, 0x0a0b0c0d);
    assert.equal(
      aad.toString("hex"),
      "01" + "00000001" + "74" + "00000002" + "c3a9" + "00000102" + "0a0b0c0d",
    );
  });

  test("strings that UTF-8 cannot carry faithfully (lone surrogates) are refused", () => {
    assert.throws(() => encodeAad(at("a\uD800"), 1), rejectsWith("invalid_argument", "path"));
    assert.throws(() => encodeAad(at("a\uDC00"), 1), rejectsWith("invalid_argument", "path"));
    assert.throws(() => encodeAad(at("\uDE00\uD83D"), 1), rejectsWith("invalid_argument", "path")); // pair reversed
    assert.throws(() => encodeAad(at("p", 1, "t\uD800"), 1), rejectsWith("invalid_argument", "table"));
    assert.doesNotThrow(() => encodeAad(at("a\uD83D\uDE00"), 1)); // a proper surrogate pair
  });

  test("versions and key ids outside uint32 are refused", () => {
    assert.throws(() => encodeAad(at("p", -1), 1), rejectsWith("internal"));
    assert.throws(() => encodeAad(at("p", 1.5), 1), rejectsWith("internal"));
    assert.throws(() => encodeAad(at("p", 1), 2 ** 32), rejectsWith("internal"));
  });
});

// ---- key check value -----------------------------------------------------------------------------------------------

describe("key check value", () => {
  test("stable for one key, different for another; matches and mismatches", () => {
    const key = randomBytes(KEY_BYTES);
    const other = randomBytes(KEY_BYTES);
    const kcv = keyCheckValue(key);
    assert.equal(kcv.length, KEY_CHECK_BYTES);
    assert.deepEqual(keyCheckValue(Buffer.from(key)), kcv);
    assert.notDeepEqual(keyCheckValue(other), kcv);
    assert.ok(keyCheckMatches(key, kcv), "the same key matches");
    assert.ok(!keyCheckMatches(other, kcv), "another key does not match");
    assert.ok(!keyCheckMatches(key, kcv.subarray(0, 31)), "a truncated value does not match (and does not throw)");
    assert.ok(!keyCheckMatches(key, Buffer.alloc(0)), "an empty value does not match");
    const flipped = Buffer.from(kcv);
    flipped[0] = (flipped[0] ?? 0) ^ 0x80;
    assert.ok(!keyCheckMatches(key, flipped), "a flipped bit does not match");
  });

  test("pinned value: HKDF-SHA256 (empty salt, versioned info) then HMAC-SHA256 of the label", () => {
    // Computed independently (Python hmac, RFC 5869 by hand). A change of label, derivation or algorithm would
    // orphan every stored check value, so it must fail here first.
    const key = Buffer.alloc(KEY_BYTES, 0x11);
    const kcv = keyCheckValue(key);
    assert.equal(kcv.toString("hex"), "b7c80076ba252d4942134897b55b83d3ca6b882e45c61bb25d1b1c8a645f8085");
    assert.notDeepEqual(kcv, createHash("sha256").update(key).digest(), "not a plain hash of the key");
    assertNoKeyBytes(kcv.toString("hex"), key);
  });

  test("refuses a root key of the wrong size", () => {
    assert.throws(() => keyCheckValue(Buffer.alloc(16)), rejectsWith("internal", "16 bytes"));
  });
});

// ---- in-memory root key provider -----------------------------------------------------------------------------------

describe("InMemoryRootKeyProvider", () => {
  test("not ready without a key: rootKey() is unavailable with the reason", () => {
    const provider = new InMemoryRootKeyProvider();
    const r = provider.readiness();
    assert.equal(r.ready, false);
    assert.throws(() => provider.rootKey(), rejectsWith("unavailable", "no root key"));
  });

  test("holds a copy of the key it is given", () => {
    const key = randomBytes(KEY_BYTES);
    const expected = Buffer.from(key);
    const provider = new InMemoryRootKeyProvider(key);
    key.fill(0);
    assert.deepEqual(provider.rootKey(), expected);
    assert.deepEqual(provider.readiness(), { ready: true });
  });

  test("set() replaces and zeroes the old key; clear() zeroes and reports the reason", () => {
    const provider = new InMemoryRootKeyProvider(randomBytes(KEY_BYTES));
    const first = provider.rootKey();
    assert.ok(!isZero(first), "a live key is not zero");
    const second = randomBytes(KEY_BYTES);
    provider.set(second);
    assert.ok(isZero(first), "the replaced key is zeroed");
    const held = provider.rootKey();
    assert.deepEqual(held, second);
    provider.clear("waiting for Keepers: 1 of 2 shares");
    assert.ok(isZero(held), "the cleared key is zeroed");
    assert.deepEqual(provider.readiness(), { ready: false, reason: "waiting for Keepers: 1 of 2 shares" });
    assert.throws(() => provider.rootKey(), rejectsWith("unavailable", "1 of 2 shares"));
  });

  test("a key of the wrong size is refused and the held one kept", () => {
    const key = randomBytes(KEY_BYTES);
    const provider = new InMemoryRootKeyProvider(key);
    assert.throws(() => provider.set(Buffer.alloc(31)), rejectsWith("invalid_argument", "31"));
    assert.deepEqual(provider.rootKey(), key);
    assert.throws(() => new InMemoryRootKeyProvider(Buffer.alloc(33)), rejectsWith("invalid_argument", "33"));
  });

  test("listeners are told asynchronously, once per change, and not after unsubscribing", async () => {
    const provider = new InMemoryRootKeyProvider();
    let a = 0;
    let b = 0;
    const seen: boolean[] = [];
    provider.onChange(() => {
      a += 1;
      seen.push(provider.readiness().ready);
    });
    const offB = provider.onChange(() => {
      b += 1;
    });
    provider.set(randomBytes(KEY_BYTES));
    assert.equal(a, 0, "not called synchronously");
    await nextTurn();
    assert.deepEqual([a, b], [1, 1]);
    offB();
    provider.set(randomBytes(KEY_BYTES));
    await nextTurn();
    assert.deepEqual([a, b], [2, 1]);
    // Unsubscribed after the change but before delivery: not called.
    provider.onChange(() => {
      b += 100;
    })();
    provider.clear();
    const offLate = provider.onChange(() => {
      b += 1000;
    });
    provider.clear();
    offLate();
    await nextTurn();
    await nextTurn();
    assert.equal(b, 1);
    assert.deepEqual(seen, [true, true, false, false], "each listener call sees the change already made");
  });
});

// ---- keyring -------------------------------------------------------------------------------------------------------

describe("Keyring", () => {
  test("opens an empty store by creating key 1; a reopened keyring decrypts old data", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    assert.equal(ring.activeKeyId, 1);
    assert.equal(store.row(1).state, "active");
    assert.equal(store.row(1).wrappedKey.length, 61);
    const env = await ring.encrypt(text("hunter2"), at("app/db"));
    assert.equal(keyIdOf(env), 1);
    assert.ok(!env.includes(text("hunter2")), "no plaintext in the envelope");
    ring.close();

    const again = await Keyring.open(store, root);
    assert.equal(again.activeKeyId, 1);
    assert.equal(store.addActiveCalls, 1, "no second key on reopen");
    assert.deepEqual(again.decrypt(env, at("app/db")), text("hunter2"));
    again.close();
  });

  test("prepare() reserves ahead, so the reserves after it do no I/O until half a block is spent", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { reserveBlock: 10 });
    await ring.prepare();
    assert.deepEqual(store.reservations, [{ keyId: 1, count: 10 }], "an empty block is filled");
    store.failNextReserve = true; // a reserve that reached the store would fail
    for (let i = 0; i < 6; i++) await ring.reserve();
    assert.equal(store.failNextReserve, true, "six reserves touched no store");
    store.failNextReserve = false;
    await ring.prepare();
    assert.equal(store.reservations.length, 2, "below half a block left, the next block is reserved");
    store.failNextReserve = true;
    for (let i = 0; i < 14; i++) await ring.reserve(); // 4 + 10 were left
    assert.equal(store.failNextReserve, true, "the topped-up uses were spent without I/O");
    assert.equal(store.row(1).uses, 20, "the store counts every use handed out (never behind)");
    ring.close();
  });

  test("prepare() rotates a key that is too old before any transaction needs it", async () => {
    let now = 1_000_000;
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { maxAgeMs: 1000, now: () => now });
    now += 1000;
    await ring.prepare();
    assert.equal(ring.activeKeyId, 2);
    ring.close();
  });

  test("the store sees neither plaintext nor key bytes", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    const { dataKeys } = ring[KEY_MATERIAL_FOR_TESTS]();
    const dataKey = Buffer.from(dataKeys.get(1) ?? Buffer.alloc(0));
    const wrapped = store.row(1).wrappedKey;
    assert.ok(!wrapped.includes(dataKey.subarray(0, 8)) && !wrapped.includes(root.subarray(0, 8)), "no key bytes in the wrapped blob");
    ring.close();
  });

  test("round trips of several sizes, empty included", async () => {
    const ring = await Keyring.open(new FakeKeyringStore(), randomBytes(KEY_BYTES));
    for (const size of [0, 1, 1024, 64 * 1024]) {
      const value = randomBytes(size);
      const env = await ring.encrypt(value, at("p", 2));
      assert.equal(env.length, ENVELOPE_MIN_BYTES + size);
      assert.deepEqual(ring.decrypt(env, at("p", 2)), value);
    }
    ring.close();
  });

  test("tampering with any byte of the envelope is data_loss", async () => {
    const ring = await Keyring.open(new FakeKeyringStore(), randomBytes(KEY_BYTES));
    const env = await ring.encrypt(text("a value of some length"), at("app/db", 3));
    for (let i = 0; i < env.length; i++) {
      for (const mask of [0x01, 0x80]) {
        const bad = Buffer.from(env);
        bad[i] = (bad[i] ?? 0) ^ mask;
        assert.throws(() => ring.decrypt(bad, at("app/db", 3)), rejectsWith("data_loss"), `byte ${i} ^ ${mask}`);
      }
    }
    assert.throws(() => ring.decrypt(env.subarray(0, env.length - 1), at("app/db", 3)), rejectsWith("data_loss"));
    assert.throws(() => ring.decrypt(Buffer.concat([env, Buffer.of(0)]), at("app/db", 3)), rejectsWith("data_loss"));
    assert.throws(() => ring.decrypt(Buffer.alloc(0), at("app/db", 3)), rejectsWith("data_loss", "app/db", "empty"));
    ring.close();
  });

  test("a ciphertext moved to another path, version or table is data_loss", async () => {
    const ring = await Keyring.open(new FakeKeyringStore(), randomBytes(KEY_BYTES));
    const env = await ring.encrypt(text("v"), at("app/db", 3));
    for (const elsewhere of [at("app/dc", 3), at("app/db", 4), at("app/db", 3, "admin_tokens"), at("app/db/", 3)]) {
      assert.throws(
        () => ring.decrypt(env, elsewhere),
        rejectsWith("data_loss", "fails authentication", elsewhere.table, JSON.stringify(elsewhere.path)),
      );
    }
    // ("a","bc") vs ("ab","c"): the boundary between table and path is part of the binding.
    const split = await ring.encrypt(text("v"), { table: "a", path: "bc", version: 1 });
    assert.throws(() => ring.decrypt(split, { table: "ab", path: "c", version: 1 }), rejectsWith("data_loss"));
    assert.deepEqual(ring.decrypt(env, at("app/db", 3)), text("v"));
    ring.close();
  });

  test("a header edited to name another key is data_loss, even when that key exists", async () => {
    const ring = await Keyring.open(new FakeKeyringStore(), randomBytes(KEY_BYTES));
    await ring.rotate();
    const env = await ring.encrypt(text("v"), at("p"));
    assert.equal(keyIdOf(env), 2);
    const pointed = Buffer.from(env);
    pointed.writeUInt32BE(1, 1);
    assert.throws(() => ring.decrypt(pointed, at("p")), rejectsWith("data_loss", "fails authentication", "data key 1"));
    pointed.writeUInt32BE(99, 1);
    assert.throws(() => ring.decrypt(pointed, at("p")), rejectsWith("data_loss", "data key 99", "does not hold"));
    ring.close();
  });

  test("the wrong root key is data_loss naming the key, with no key bytes in the message", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    await ring.rotate();
    ring.close();
    const wrong = randomBytes(KEY_BYTES);
    await assert.rejects(Keyring.open(store, wrong), (e: unknown) => {
      rejectsWith("data_loss", "data key 1", "fails authentication")(e);
      assert.ok(e instanceof Error, "an Error");
      assertNoKeyBytes(e.message, wrong);
      assertNoKeyBytes(e.message, root);
      return true;
    });
  });

  test("a wrapped key copied to another row, or truncated, does not unwrap", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    await ring.rotate();
    ring.close();
    store.row(2).wrappedKey = Buffer.from(store.row(1).wrappedKey);
    await assert.rejects(Keyring.open(store, root), rejectsWith("data_loss", "data key 2"));
    store.row(2).wrappedKey = store.row(1).wrappedKey.subarray(0, 40);
    await assert.rejects(Keyring.open(store, root), rejectsWith("data_loss", "data key 2", "malformed"));
  });

  test("a keyring with no active key, or two, is data_loss", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    (await Keyring.open(store, root)).close();
    store.row(1).state = "retired";
    await assert.rejects(Keyring.open(store, root), rejectsWith("data_loss", "none is active"));
    const ring2 = new FakeKeyringStore();
    const r = await Keyring.open(ring2, root);
    await r.rotate();
    r.close();
    ring2.row(1).state = "active";
    await assert.rejects(Keyring.open(ring2, root), rejectsWith("data_loss", "two active"));
  });

  test("rotate: new writes use key 2, old ciphertexts still decrypt, also after reopening", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    const old = await ring.encrypt(text("old"), at("p", 1));
    assert.equal(await ring.rotate(), 2);
    assert.equal(ring.activeKeyId, 2);
    assert.deepEqual([store.row(1).state, store.row(2).state], ["retired", "active"]);
    const fresh = await ring.encrypt(text("new"), at("p", 2));
    assert.equal(keyIdOf(fresh), 2);
    assert.deepEqual(ring.decrypt(old, at("p", 1)), text("old"));
    ring.close();
    const again = await Keyring.open(store, root);
    assert.equal(again.activeKeyId, 2);
    assert.deepEqual(again.decrypt(old, at("p", 1)), text("old"));
    assert.deepEqual(again.decrypt(fresh, at("p", 2)), text("new"));
    again.close();
  });

  test("rotates automatically when the active key reaches maxUses", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { maxUses: 5, reserveBlock: 2 });
    const envs: Buffer[] = [];
    for (let i = 0; i < 12; i++) envs.push(await ring.encrypt(text(`v${i}`), at("p", i + 1)));
    assert.deepEqual(envs.map(keyIdOf), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3]);
    assert.deepEqual([store.row(1).uses, store.row(2).uses, store.row(3).uses], [5, 5, 2]);
    assert.deepEqual(
      store.reservations.map((r) => `${r.keyId}:${r.count}`),
      ["1:2", "1:2", "1:1", "2:2", "2:2", "2:1", "3:2"],
      "blocks are trimmed so a key's reservations never pass maxUses",
    );
    envs.forEach((env, i) => assert.deepEqual(ring.decrypt(env, at("p", i + 1)), text(`v${i}`)));
    ring.close();
  });

  test("a restart wastes the unspent part of a block (over-counts, never under-counts)", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const first = await Keyring.open(store, root, { maxUses: 25, reserveBlock: 10 });
    for (let i = 0; i < 3; i++) await first.encrypt(text("x"), at("p"));
    assert.equal(store.row(1).uses, 10, "one block reserved for 3 uses");
    // crash: no close(), the in-memory remainder is simply lost
    const second = await Keyring.open(store, root, { maxUses: 25, reserveBlock: 10 });
    const envs: Buffer[] = [];
    for (let i = 0; i < 16; i++) envs.push(await second.encrypt(text("x"), at("p")));
    // 3 used + 7 lost + 15 used = 25 on key 1; the 16th moves to key 2. Real uses of key 1 = 18 <= 25 counted.
    assert.equal(envs.filter((e) => keyIdOf(e) === 1).length, 15);
    assert.equal(store.row(1).uses, 25);
    assert.equal(keyIdOf(envs[15] ?? Buffer.alloc(0)), 2);
    first.close();
    second.close();
  });

  test("uses reserved by another writer count against maxUses: only the part of a block under it is spent", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { maxUses: 10, reserveBlock: 4 });
    store.row(1).uses = 8; // someone else reserved 8 uses of key 1 after we loaded it
    const envs: Buffer[] = [];
    for (let i = 0; i < 3; i++) envs.push(await ring.encrypt(text("x"), at("p")));
    // Our block is uses 9..12 of key 1; only 9 and 10 are within maxUses.
    assert.deepEqual(envs.map(keyIdOf), [1, 1, 2]);
    ring.close();
  });

  test("500 concurrent encrypts with reserveBlock 7: no use spent twice, no key past maxUses, one rotation per key", async () => {
    const store = new FakeKeyringStore();
    const maxUses = 60;
    const block = 7;
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { maxUses, reserveBlock: block });
    const n = 500;
    const envs = await Promise.all(Array.from({ length: n }, (_, i) => ring.encrypt(text(`value ${i}`), at(`p/${i}`))));

    const usedPerKey = new Map<number, number>();
    for (const env of envs) usedPerKey.set(keyIdOf(env), (usedPerKey.get(keyIdOf(env)) ?? 0) + 1);
    // Keys fill up in order: 8 full keys of 60, then 20 uses of key 9.
    const fullKeys = Math.floor(n / maxUses);
    const lastUses = n - fullKeys * maxUses;
    assert.deepEqual(
      [...usedPerKey].sort(([a], [b]) => a - b),
      [...Array.from({ length: fullKeys }, (_, i): [number, number] => [i + 1, maxUses]), [fullKeys + 1, lastUses]],
    );
    assert.equal(store.rows.size, fullKeys + 1, "exactly one new key per exhausted key");
    assert.equal(store.addActiveCalls, fullKeys + 1);
    assert.equal(ring.activeKeyId, fullKeys + 1);

    // Reservations: per full key, ceil(60/7) = 9 calls (8 blocks of 7 and one trimmed to 4); the last key needs
    // ceil(20/7) = 3 blocks. The store's counter is at least the real use and at most maxUses.
    const perFullKey = Math.ceil(maxUses / block);
    assert.equal(store.reservations.length, fullKeys * perFullKey + Math.ceil(lastUses / block));
    for (const [keyId, row] of store.rows) {
      const used = usedPerKey.get(keyId) ?? 0;
      assert.ok(row.uses <= maxUses, `key ${keyId}: ${row.uses} reserved <= maxUses`);
      assert.ok(row.uses >= used, `key ${keyId}: ${row.uses} reserved >= ${used} used`);
      assert.ok(row.uses - used < block, `key ${keyId}: less than one block unspent`);
    }

    // Every envelope has its own nonce and decrypts to its own value.
    assert.equal(new Set(envs.map((e) => e.subarray(5, 17).toString("hex"))).size, n);
    envs.forEach((env, i) => assert.deepEqual(ring.decrypt(env, at(`p/${i}`)), text(`value ${i}`)));
    ring.close();
  });

  test("rotate() during concurrent encrypts: each encrypt lands on one key, rotation happens once", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { reserveBlock: 3 });
    const writes = Array.from({ length: 50 }, (_, i) => ring.encrypt(text(`${i}`), at(`p/${i}`)));
    const rotated = ring.rotate();
    const more = Array.from({ length: 50 }, (_, i) => ring.encrypt(text(`${i + 50}`), at(`p/${i + 50}`)));
    const [envs, newId] = await Promise.all([Promise.all([...writes, ...more]), rotated]);
    assert.equal(newId, 2);
    assert.equal(store.rows.size, 2);
    assert.ok(envs.every((e) => keyIdOf(e) === 1 || keyIdOf(e) === 2), "every envelope names key 1 or 2");
    const after = await ring.encrypt(text("after"), at("after"));
    assert.equal(keyIdOf(after), 2, "writes after rotate() resolves use the new key");
    for (const [keyId, row] of store.rows) {
      assert.ok(row.uses >= envs.filter((e) => keyIdOf(e) === keyId).length + (keyId === 2 ? 1 : 0), "reserved uses cover real uses");
    }
    envs.forEach((env, i) => assert.deepEqual(ring.decrypt(env, at(`p/${i}`)), text(`${i}`)));
    ring.close();
  });

  test("a failed reservation fails the waiting encrypts; the next encrypt retries", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { reserveBlock: 4 });
    store.failNextReserve = true;
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => ring.encrypt(text("x"), at("p"))));
    assert.ok(results.every((r) => r.status === "rejected"), "every waiting encrypt fails");
    const env = await ring.encrypt(text("x"), at("p"));
    assert.deepEqual(ring.decrypt(env, at("p")), text("x"));
    assert.equal(store.row(1).uses, 4);
    ring.close();
  });

  test("reserve() then seal(): one counted use per seal, usable after a rotation, refused without a reservation", async () => {
    const store = new FakeKeyringStore();
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { reserveBlock: 5 });
    const keyId = await ring.reserve();
    assert.equal(keyId, 1);
    assert.equal(store.row(1).uses, 5, "reserve() took a block from the store");
    await ring.rotate(); // a permit taken before the rotation still seals under its key
    const env = ring.seal(keyId, text("v"), at("p", 4));
    assert.equal(keyIdOf(env), 1);
    assert.deepEqual(ring.decrypt(env, at("p", 4)), text("v"));
    assert.throws(() => ring.seal(keyId, text("again"), at("p", 5)), rejectsWith("internal", "without a reserved use"));
    assert.throws(() => ring.seal(2, text("v"), at("p", 5)), rejectsWith("internal", "data key 2", "without a reserved use"));
    assert.throws(() => ring.seal(99, text("v"), at("p", 5)), rejectsWith("internal", "data key 99"));
    // A binding refused by the AAD encoder does not spend the reserved use.
    const k2 = await ring.reserve();
    assert.throws(() => ring.seal(k2, text("v"), at("p\uD800")), rejectsWith("invalid_argument"));
    assert.equal(keyIdOf(ring.seal(k2, text("v"), at("p"))), 2);
    ring.close();
    assert.throws(() => ring.seal(k2, text("v"), at("p")), rejectsWith("unavailable", "closed"));
  });

  test("rewrap under a new root key: reopen works with the new key, fails with the old", async () => {
    const store = new FakeKeyringStore();
    const oldRoot = randomBytes(KEY_BYTES);
    const newRoot = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, oldRoot);
    const a = await ring.encrypt(text("a"), at("p", 1));
    await ring.rotate();
    const b = await ring.encrypt(text("b"), at("p", 2));
    const before = [store.row(1).wrappedKey, store.row(2).wrappedKey].map((w) => Buffer.from(w));
    await ring.rewrap(newRoot);
    assert.notDeepEqual(store.row(1).wrappedKey, before[0]);
    assert.notDeepEqual(store.row(2).wrappedKey, before[1]);
    // Keys made after the rewrap are wrapped under the new root key as well.
    await ring.rotate();
    const c = await ring.encrypt(text("c"), at("p", 3));
    ring.close();

    await assert.rejects(Keyring.open(store, oldRoot), rejectsWith("data_loss", "fails authentication"));
    const again = await Keyring.open(store, newRoot);
    assert.equal(again.activeKeyId, 3);
    assert.deepEqual(again.decrypt(a, at("p", 1)), text("a"));
    assert.deepEqual(again.decrypt(b, at("p", 2)), text("b"));
    assert.deepEqual(again.decrypt(c, at("p", 3)), text("c"));
    again.close();
  });

  test("close() zeroes every data key and the root key copy; later calls are unavailable", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    const ring = await Keyring.open(store, root);
    await ring.rotate();
    await ring.rewrap(randomBytes(KEY_BYTES)); // the replaced root key copy is zeroed too
    const { rootKey, dataKeys } = ring[KEY_MATERIAL_FOR_TESTS]();
    const held = [rootKey, ...dataKeys.values()];
    assert.equal(held.length, 3);
    assert.ok(held.every((k) => k.length === KEY_BYTES && !isZero(k)), "keys are live before close()");
    assert.ok(!isZero(root), "the caller's root key buffer is the caller's: not touched");
    const env = await ring.encrypt(text("x"), at("p"));
    ring.close();
    assert.ok(held.every(isZero), "every held key is zeroed");
    assert.equal(ring[KEY_MATERIAL_FOR_TESTS]().dataKeys.size, 0);
    await assert.rejects(ring.encrypt(text("x"), at("p")), rejectsWith("unavailable", "closed"));
    assert.throws(() => ring.decrypt(env, at("p")), rejectsWith("unavailable", "closed"));
    await assert.rejects(ring.rotate(), rejectsWith("unavailable", "closed"));
    ring.close(); // idempotent
  });

  test("rewrap zeroes the root key copy it replaces", async () => {
    const ring = await Keyring.open(new FakeKeyringStore(), randomBytes(KEY_BYTES));
    const oldCopy = ring[KEY_MATERIAL_FOR_TESTS]().rootKey;
    const next = randomBytes(KEY_BYTES);
    await ring.rewrap(next);
    assert.ok(isZero(oldCopy), "the replaced root key copy is zeroed");
    assert.deepEqual(ring[KEY_MATERIAL_FOR_TESTS]().rootKey, next);
    ring.close();
  });

  test("options are checked: maxUses within the GCM limit, positive reserveBlock, 32-byte root key", async () => {
    const store = new FakeKeyringStore();
    const root = randomBytes(KEY_BYTES);
    assert.equal(DEFAULT_MAX_USES, 2 ** 28);
    assert.ok(DEFAULT_MAX_USES < GCM_RANDOM_NONCE_LIMIT, "the default is below the GCM limit");
    await assert.rejects(Keyring.open(store, root, { maxUses: 2 ** 32 + 1 }), rejectsWith("invalid_argument", "maxUses"));
    await assert.rejects(Keyring.open(store, root, { maxUses: 0 }), rejectsWith("invalid_argument", "maxUses"));
    await assert.rejects(Keyring.open(store, root, { reserveBlock: 0 }), rejectsWith("invalid_argument", "reserveBlock"));
    await assert.rejects(Keyring.open(store, Buffer.alloc(16)), rejectsWith("invalid_argument", "16"));
    assert.equal(store.rows.size, 0, "nothing written by a refused open");
  });
});
