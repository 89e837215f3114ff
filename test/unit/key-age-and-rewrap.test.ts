// Data-key rotation by age (fake clock; the periodic check with a tiny max age) and the rewrap job's logic over
// fakes: batching, joining, compare-and-set misses, DATA_LOSS as a counted failure, plaintext zeroed.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { SpikeError } from "../../lib/errors.js";
import { createLogger } from "../../lib/log.js";
import { loadNexusConfig } from "../../nexus/config.js";
import type { Binding } from "../../nexus/crypto/aad.js";
import { KEY_BYTES } from "../../nexus/crypto/aead.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { DEFAULT_MAX_AGE_MS, Keyring, type KeyringRow, type KeyringStore } from "../../nexus/crypto/keyring.js";
import { KeyringCipher } from "../../nexus/secrets/keyring-cipher.js";
import { RewrapJob, followRewrap, type RewrapCipher, type RewrapProgress, type RewrapStore } from "../../nexus/secrets/rewrap-job.js";
import type { SealPermit } from "../../nexus/secrets/cipher.js";
import { envelopeHeader, type StaleAdminToken, type StaleSecret } from "../../nexus/store/rewrap-repository.js";

const HOUR = 60 * 60 * 1000;

class MemoryKeyringStore implements KeyringStore {
  readonly rows = new Map<number, { wrappedKey: Buffer; state: "active" | "retired"; uses: number; createdAt: Date }>();
  constructor(private readonly now: () => number = Date.now) {}
  async load(): Promise<KeyringRow[]> {
    return [...this.rows].map(([keyId, r]) => ({ keyId, wrappedKey: Buffer.from(r.wrappedKey), state: r.state, uses: r.uses, createdAt: r.createdAt }));
  }
  async addActive(keyId: number, wrappedKey: Buffer): Promise<void> {
    for (const r of this.rows.values()) r.state = "retired";
    this.rows.set(keyId, { wrappedKey: Buffer.from(wrappedKey), state: "active", uses: 0, createdAt: new Date(this.now()) });
  }
  async reserveUses(keyId: number, count: number): Promise<number> {
    const row = this.rows.get(keyId);
    if (row === undefined) throw new Error(`no key ${keyId}`);
    row.uses += count;
    return row.uses;
  }
  async rewrapAll(rows: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>): Promise<void> {
    for (const r of rows) {
      const row = this.rows.get(r.keyId);
      if (row !== undefined) row.wrappedKey = Buffer.from(r.wrappedKey);
    }
  }
}

const binding: Binding = { table: "secrets", path: "a/b", version: 1 };

describe("data-key rotation by age", () => {
  test("SPIKE_NEXUS_DATA_KEY_MAX_AGE defaults to 720h (30 days) and takes durations", () => {
    const base = { SPIKE_TRUST_ROOT: "spike.ist" };
    assert.equal(loadNexusConfig(base).SPIKE_NEXUS_DATA_KEY_MAX_AGE, 720 * HOUR);
    assert.equal(DEFAULT_MAX_AGE_MS, 720 * HOUR);
    assert.equal(loadNexusConfig({ ...base, SPIKE_NEXUS_DATA_KEY_MAX_AGE: "24h" }).SPIKE_NEXUS_DATA_KEY_MAX_AGE, 24 * HOUR);
    assert.throws(() => loadNexusConfig({ ...base, SPIKE_NEXUS_DATA_KEY_MAX_AGE: "soon" }), /SPIKE_NEXUS_DATA_KEY_MAX_AGE/);
  });

  test("a key that reaches the max age is replaced at the next block reservation; old ciphertext still opens", async () => {
    let now = Date.parse("2030-01-01T00:00:00Z");
    const store = new MemoryKeyringStore(() => now);
    const ring = await Keyring.open(store, randomBytes(KEY_BYTES), { maxAgeMs: 24 * HOUR, reserveBlock: 1, now: () => now });
    try {
      const first = await ring.encrypt(Buffer.from("one"), binding);
      assert.equal(first.readUInt32BE(1), 1);
      now += 24 * HOUR - 1;
      assert.equal(await ring.reserve(), 1, "one millisecond short of the max age: same key");
      ring.seal(1, Buffer.from("x"), binding);
      assert.equal(ring.activeKeyAgeMs, 24 * HOUR - 1);
      now += 1;
      const second = await ring.encrypt(Buffer.from("two"), binding);
      assert.equal(second.readUInt32BE(1), 2, "at the max age the next reservation rotates");
      assert.equal(ring.activeKeyId, 2);
      assert.equal(ring.activeKeyAgeMs, 0);
      assert.equal(store.rows.get(1)?.state, "retired");
      assert.equal(ring.decrypt(first, binding).toString(), "one");
    } finally {
      ring.close();
    }
  });

  test("within a reserved block the age is checked only when the block runs out", async () => {
    let now = 0;
    const ring = await Keyring.open(new MemoryKeyringStore(() => now), randomBytes(KEY_BYTES), { maxAgeMs: 1000, reserveBlock: 3, now: () => now });
    try {
      assert.equal(await ring.reserve(), 1);
      now = 5000;
      assert.deepEqual([await ring.reserve(), await ring.reserve()], [1, 1], "the rest of the block");
      assert.equal(await ring.reserve(), 2, "the next block is under a new key");
    } finally {
      ring.close();
    }
  });

  test("the age comes from the store's created_at: a key made long ago is replaced at the first use", async () => {
    const root = randomBytes(KEY_BYTES);
    let now = Date.parse("2030-01-01T00:00:00Z");
    const store = new MemoryKeyringStore(() => now);
    (await Keyring.open(store, root)).close();
    now += 40 * 24 * HOUR;
    const ring = await Keyring.open(store, root, { now: () => now });
    try {
      assert.equal(ring.activeKeyId, 1);
      assert.equal(ring.activeKeyAgeMs, 40 * 24 * HOUR);
      assert.equal(await ring.rotateIfTooOld(), 2, "older than the default 30 days");
      assert.equal(await ring.rotateIfTooOld(), undefined, "a fresh key stays");
      assert.equal(ring.activeKeyId, 2);
    } finally {
      ring.close();
    }
  });

  test("a bad max age is refused", async () => {
    for (const maxAgeMs of [0, -1, Number.NaN]) {
      await assert.rejects(Keyring.open(new MemoryKeyringStore(), randomBytes(KEY_BYTES), { maxAgeMs }), (e: unknown) => e instanceof SpikeError && e.code === "invalid_argument");
    }
  });

  test("KeyringCipher's periodic check rotates an idle keyring (tiny max age, real clock)", async () => {
    const store = new MemoryKeyringStore();
    const cipher = new KeyringCipher(new InMemoryRootKeyProvider(randomBytes(KEY_BYTES)), () => store, { maxAgeMs: 40, ageCheckIntervalMs: 10 });
    try {
      assert.equal(await cipher.activeKeyId(), 1);
      const deadline = Date.now() + 5000;
      while ((await cipher.activeKeyId()) === 1 && Date.now() < deadline) await sleep(10);
      assert.ok((await cipher.activeKeyId()) >= 2, "rotated without any write");
      assert.equal([...store.rows.values()].filter((r) => r.state === "active").length, 1);
    } finally {
      cipher.close();
    }
  });
});

// A fake store over in-memory rows; "ciphertext" here is a real envelope made by a real keyring.
class FakeRewrapStore implements RewrapStore {
  readonly secrets = new Map<string, { path: string; version: number; ciphertext: Buffer | null }>();
  readonly tokens = new Map<string, Buffer>();
  pages = 0;
  /** Called before a batch is written: lets a test change rows "concurrently". */
  beforeWrite: () => void = () => undefined;

  private stale(c: Buffer, target: number): boolean {
    return !c.subarray(0, 5).equals(envelopeHeader(target));
  }
  private sortedSecrets(): Array<{ path: string; version: number; ciphertext: Buffer | null }> {
    return [...this.secrets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.version - b.version));
  }
  async count(target: number): Promise<{ secrets: number; staleSecrets: number; adminTokens: number; staleAdminTokens: number }> {
    const live = [...this.secrets.values()].flatMap((s) => (s.ciphertext === null ? [] : [s.ciphertext]));
    const tokens = [...this.tokens.values()];
    return { secrets: live.length, staleSecrets: live.filter((c) => this.stale(c, target)).length, adminTokens: tokens.length, staleAdminTokens: tokens.filter((c) => this.stale(c, target)).length };
  }
  async staleSecrets(target: number, after: { path: string; version: number } | undefined, limit: number): Promise<StaleSecret[]> {
    this.pages += 1;
    return this.sortedSecrets()
      .filter((s) => after === undefined || s.path > after.path || (s.path === after.path && s.version > after.version))
      .flatMap((s) => (s.ciphertext !== null && this.stale(s.ciphertext, target) ? [{ path: s.path, version: s.version, ciphertext: s.ciphertext }] : []))
      .slice(0, limit);
  }
  async staleAdminTokens(target: number, after: string | undefined, limit: number): Promise<StaleAdminToken[]> {
    this.pages += 1;
    return [...this.tokens].sort(([a], [b]) => (a < b ? -1 : 1))
      .filter(([id, c]) => (after === undefined || id > after) && this.stale(c, target))
      .map(([id, ciphertext]) => ({ id, ciphertext }))
      .slice(0, limit);
  }
  async replaceSecrets(rows: ReadonlyArray<{ path: string; version: number; old: Buffer; next: Buffer }>): Promise<boolean[]> {
    this.beforeWrite();
    return rows.map((r) => {
      const row = this.secrets.get(`${r.path}@${r.version}`);
      if (row?.ciphertext == null || !row.ciphertext.equals(r.old)) return false;
      row.ciphertext = r.next;
      return true;
    });
  }
  async replaceAdminTokens(rows: ReadonlyArray<{ id: string; old: Buffer; next: Buffer }>): Promise<boolean[]> {
    return rows.map((r) => {
      const c = this.tokens.get(r.id);
      if (c === undefined || !c.equals(r.old)) return false;
      this.tokens.set(r.id, r.next);
      return true;
    });
  }
}

/** A RewrapCipher over a real keyring that remembers every plaintext it handed out. */
function recordingCipher(ring: Keyring): RewrapCipher & { plaintexts: Buffer[] } {
  const plaintexts: Buffer[] = [];
  return {
    plaintexts,
    activeKeyId: async () => ring.activeKeyId,
    prepare: () => ring.prepare(),
    reserve: async (): Promise<SealPermit> => {
      const keyId = await ring.reserve();
      return { keyId, seal: (p, b) => ring.seal(keyId, p, b) };
    },
    open: async (envelope, b) => {
      const p = ring.decrypt(envelope, b);
      plaintexts.push(p);
      return p;
    },
  };
}

const quiet = createLogger("rewrap-test", { level: 6 });

describe("rewrap job", () => {
  async function setup(): Promise<{ ring: Keyring; store: FakeRewrapStore; cipher: RewrapCipher & { plaintexts: Buffer[] } }> {
    const ring = await Keyring.open(new MemoryKeyringStore(), randomBytes(KEY_BYTES), { reserveBlock: 4 });
    const store = new FakeRewrapStore();
    for (let i = 0; i < 5; i++) {
      for (const version of [1, 2]) {
        const path = `p/${i}`;
        store.secrets.set(`${path}@${version}`, { path, version, ciphertext: await ring.encrypt(Buffer.from(`value-${i}-${version}`), { table: "secrets", path, version }) });
      }
    }
    const tokenId = "00000000-0000-4000-8000-000000000001";
    store.tokens.set(tokenId, await ring.encrypt(Buffer.from("spike_at_token"), { table: "admin_tokens", path: tokenId, version: 1 }));
    await ring.rotate();
    return { ring, store, cipher: recordingCipher(ring) };
  }

  test("rewraps in batches, joins a running job, counts CAS misses as skipped and DATA_LOSS as failed, zeroes plaintext", async () => {
    const { ring, store, cipher } = await setup();
    try {
      // One row fails authentication (body altered), one is destroyed while the job holds its old ciphertext.
      const bad = store.secrets.get("p/3@1");
      assert.ok(bad?.ciphertext);
      bad.ciphertext = Buffer.from(bad.ciphertext);
      bad.ciphertext[30] = (bad.ciphertext[30] ?? 0) ^ 0xff;
      const badBefore = Buffer.from(bad.ciphertext);
      store.beforeWrite = () => {
        const row = store.secrets.get("p/0@2");
        if (row !== undefined) row.ciphertext = null;
      };

      const job = new RewrapJob(store, cipher, quiet, { batchSize: 3 });
      const run = job.start();
      assert.equal(job.start(), run, "a second start joins the running job");
      assert.equal(job.last(), run);
      const seen: RewrapProgress[] = [];
      const result = await followRewrap(run, (p) => seen.push(p), new AbortController().signal, 5);
      assert.ok(result);
      assert.equal(result.targetKeyId, 2);
      assert.equal(result.total, 11);
      assert.equal(result.rewrapped, 9, "10 versions + 1 token, less the tampered and the destroyed");
      assert.equal(result.failed, 1);
      assert.equal(result.skipped, 1, "the version destroyed meanwhile");
      assert.equal(result.failures.length, 1);
      assert.match(result.failures[0] ?? "", /^secrets:p\/3@1: /);
      assert.equal(seen.at(-1)?.stage, "done");
      assert.equal(seen.at(-1)?.done, 11);
      assert.ok(store.pages >= 5, `batches of 3 need several pages, got ${store.pages}`);

      assert.ok(bad.ciphertext.equals(badBefore), "the tampered row is untouched");
      assert.equal(store.secrets.get("p/0@2")?.ciphertext, null, "the destroyed row is not brought back");
      for (const [where, row] of store.secrets) {
        if (row.ciphertext === null || where === "p/3@1") continue;
        assert.equal(row.ciphertext.readUInt32BE(1), 2, where);
        const plain = ring.decrypt(row.ciphertext, { table: "secrets", path: row.path, version: row.version });
        assert.equal(plain.toString(), `value-${row.path.slice(2)}-${row.version}`);
      }
      assert.ok(cipher.plaintexts.length >= 10);
      for (const p of cipher.plaintexts) assert.ok(p.every((b) => b === 0), "every plaintext is zeroed after sealing");

      const again = await job.start().result;
      assert.notEqual(job.last(), run, "a finished job is not joined: a new one starts");
      assert.equal(again.rewrapped, 0);
      assert.equal(again.failed, 1);
    } finally {
      ring.close();
    }
  });

  test("a non-DATA_LOSS error stops the job, and watchers see it", async () => {
    const { ring, store, cipher } = await setup();
    store.replaceSecrets = async () => {
      throw new SpikeError("unavailable", "database unavailable: connection refused");
    };
    try {
      const run = new RewrapJob(store, cipher, quiet).start();
      await assert.rejects(followRewrap(run, () => undefined, new AbortController().signal, 5), /database unavailable/);
      assert.equal(run.progress().stage, "failed");
    } finally {
      ring.close();
    }
  });

  test("a caller leaving stops only its stream; close() stops the job after its batch", async () => {
    const { ring, store, cipher } = await setup();
    try {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const original = store.replaceSecrets.bind(store);
      store.replaceSecrets = async (rows) => {
        await gate;
        return original(rows);
      };
      const job = new RewrapJob(store, cipher, quiet, { batchSize: 2 });
      const run = job.start();
      const leaving = new AbortController();
      const followed = followRewrap(run, () => undefined, leaving.signal, 5);
      leaving.abort();
      assert.equal(await followed, undefined);
      assert.equal(run.finished, false, "the job goes on");
      const closed = job.close();
      release();
      await closed;
      await assert.rejects(run.result, /shutting down/);
      assert.ok(run.progress().done < run.progress().total, "stopped before the end");
      assert.throws(() => job.start(), /shutting down/);
    } finally {
      ring.close();
    }
  });
});
