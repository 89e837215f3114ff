import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretReadCache, type CachedRead } from "../../nexus/store/secret-read-cache.js";

const read = (v: number): CachedRead => ({
  meta: { path: "p", currentVersion: v, maxVersions: 0, casRequired: false, customMetadata: {}, createdAt: new Date(0), updatedAt: new Date(0) },
  row: undefined,
});

test("serves nothing until coherent, and turning coherence on or off empties it", () => {
  const c = new SecretReadCache(10);
  c.fill("a", c.ticket(), read(1));
  assert.equal(c.get("a"), undefined);
  c.setCoherent(true);
  c.fill("a", c.ticket(), read(1));
  assert.equal(c.get("a")?.meta.currentVersion, 1);
  c.setCoherent(false);
  assert.equal(c.get("a"), undefined);
  c.setCoherent(true);
  assert.equal(c.get("a"), undefined, "what was cached before the gap is gone");
});

test("a read that started before an invalidation does not fill the cache", () => {
  const c = new SecretReadCache(10);
  c.setCoherent(true);
  const ticket = c.ticket();
  c.invalidate("other"); // any change while the read was at the database
  c.fill("a", ticket, read(1));
  assert.equal(c.get("a"), undefined);
  c.fill("a", c.ticket(), read(2));
  c.invalidate("a");
  assert.equal(c.get("a"), undefined);
});

test("evicts the least recently used entry beyond its capacity; capacity 0 never serves", () => {
  const c = new SecretReadCache(2);
  c.setCoherent(true);
  c.fill("a", c.ticket(), read(1));
  c.fill("b", c.ticket(), read(2));
  assert.ok(c.get("a"));
  c.fill("c", c.ticket(), read(3));
  assert.equal(c.get("b"), undefined, "b was least recently used");
  assert.ok(c.get("a"));
  assert.ok(c.get("c"));
  assert.equal(c.size, 2);
  const off = new SecretReadCache(0);
  off.setCoherent(true);
  off.fill("a", off.ticket(), read(1));
  assert.equal(off.get("a"), undefined);
});
