import assert from "node:assert/strict";
import { test } from "node:test";
import { ENTRY_OVERHEAD_BYTES, SecretReadCache, entryBytes, type CachedRead } from "../../nexus/store/secret-read-cache.js";

const read = (v: number, ciphertextBytes = 0): CachedRead => ({
  currentVersion: v,
  row: ciphertextBytes === 0 ? undefined : { version: v, ciphertext: Buffer.alloc(ciphertextBytes, v), createdAt: new Date(0), deletedAt: null, destroyedAt: null },
});
const roomy = { bytes: 1 << 30, entries: 10 };

test("serves nothing until coherent, and turning coherence on or off empties it", () => {
  const c = new SecretReadCache(roomy);
  c.fill("a", c.ticket(), read(1));
  assert.equal(c.get("a"), undefined);
  c.setCoherent(true);
  c.fill("a", c.ticket(), read(1));
  assert.equal(c.get("a")?.currentVersion, 1);
  c.setCoherent(false);
  assert.equal(c.get("a"), undefined);
  assert.equal(c.bytes, 0);
  c.setCoherent(true);
  assert.equal(c.get("a"), undefined, "what was cached before the gap is gone");
});

test("a read that started before an invalidation does not fill the cache", () => {
  const c = new SecretReadCache(roomy);
  c.setCoherent(true);
  const ticket = c.ticket();
  c.invalidate("other"); // any change while the read was at the database
  c.fill("a", ticket, read(1));
  assert.equal(c.get("a"), undefined);
  c.fill("a", c.ticket(), read(2));
  c.invalidate("a");
  assert.equal(c.get("a"), undefined);
  assert.equal(c.bytes, 0);
});

test("evicts the least recently used entry beyond its entry limit; a zero limit never serves", () => {
  const c = new SecretReadCache({ bytes: 1 << 30, entries: 2 });
  c.setCoherent(true);
  c.fill("a", c.ticket(), read(1));
  c.fill("b", c.ticket(), read(2));
  assert.ok(c.get("a"));
  c.fill("c", c.ticket(), read(3));
  assert.equal(c.get("b"), undefined, "b was least recently used");
  assert.ok(c.get("a"));
  assert.ok(c.get("c"));
  assert.equal(c.size, 2);
  for (const off of [new SecretReadCache({ bytes: 0, entries: 10 }), new SecretReadCache({ bytes: 1 << 20, entries: 0 })]) {
    off.setCoherent(true);
    off.fill("a", off.ticket(), read(1));
    assert.equal(off.get("a"), undefined);
  }
});

test("the byte budget counts ciphertext, path and overhead; large secrets push out the least recently used", () => {
  const one = entryBytes("p0", read(1, 1000));
  assert.equal(one, ENTRY_OVERHEAD_BYTES + 2 + 1000);
  const c = new SecretReadCache({ bytes: one * 3, entries: 1000 });
  c.setCoherent(true);
  for (const p of ["p0", "p1", "p2"]) c.fill(p, c.ticket(), read(1, 1000));
  assert.equal(c.size, 3);
  assert.equal(c.bytes, one * 3);
  assert.ok(c.get("p0")); // p1 is now the least recently used
  c.fill("p3", c.ticket(), read(1, 2000)); // needs the room of two small ones
  assert.equal(c.get("p1"), undefined);
  assert.equal(c.get("p2"), undefined);
  assert.ok(c.get("p0"));
  assert.ok(c.get("p3"));
  assert.ok(c.bytes <= one * 3);
  // Refilling a path replaces its entry, it does not count it twice.
  c.fill("p0", c.ticket(), read(2, 1000));
  assert.equal(c.get("p0")?.currentVersion, 2);
  assert.equal(c.bytes, one + entryBytes("p3", read(1, 2000)));
  // One entry larger than the whole budget is not cached, and pushes nothing out.
  c.fill("huge", c.ticket(), read(1, one * 3));
  assert.equal(c.get("huge"), undefined);
  assert.ok(c.get("p0"));
});

test("a cached ciphertext is a copy of its own, not a slice of the driver's shared buffer", () => {
  const c = new SecretReadCache(roomy);
  c.setCoherent(true);
  const slab = Buffer.alloc(8192, 7);
  const value: CachedRead = { currentVersion: 1, row: { version: 1, ciphertext: slab.subarray(100, 1100), createdAt: new Date(0), deletedAt: null, destroyedAt: null } };
  c.fill("a", c.ticket(), value);
  const kept = c.get("a")?.row?.ciphertext;
  assert.ok(kept);
  assert.deepEqual(kept, slab.subarray(100, 1100));
  assert.equal(kept.buffer.byteLength, 1000, "its own backing store, exactly its size");
});
