// The secrets store end to end: real gRPC over mTLS into an in-process Nexus, on real PostgreSQL and on the
// embedded PGlite, with the tables read directly to check what is (and is not) stored.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";

type Conn = NexusConnection;
type Ts = { seconds: number; nanos: number } | null;

const put = (c: Conn, req: { path: string; data: Record<string, string>; cas?: number; customMetadata?: { entries: Record<string, string> } | null }) =>
  unary<{ version: number; createdTime: Ts }>((md, o, cb) => c.secrets.Put(req, md, o, cb));
const get = (c: Conn, path: string, version = 0) =>
  unary<{ data: Record<string, string>; version: number; currentVersion: number }>((md, o, cb) => c.secrets.Get({ path, version }, md, o, cb));
const list = (c: Conn, prefix: string, pageToken = "", limit = 0) =>
  unary<{ paths: string[]; nextPageToken: string }>((md, o, cb) => c.secrets.List({ prefix, pageToken, limit }, md, o, cb));
const change = (c: Conn, rpc: "Delete" | "Undelete" | "Destroy", path: string, versions: number[] = []) =>
  unary<{ versions: number[] }>((md, o, cb) => c.secrets[rpc]({ path, versions }, md, o, cb));
const metadata = (c: Conn, path: string) =>
  unary<{ currentVersion: number; oldestVersion: number; effectiveMaxVersions: number; casRequired: boolean; customMetadata: Record<string, string>; versions: Array<{ version: number; deletedTime: Ts; destroyed: boolean }> }>(
    (md, o, cb) => c.secrets.GetMetadata({ path }, md, o, cb));
const updateMetadata = (c: Conn, req: { path: string; maxVersions?: number; casRequired?: boolean }) =>
  unary((md, o, cb) => c.secrets.UpdateMetadata({ ...req, customMetadata: null }, md, o, cb));
const deleteMetadata = (c: Conn, path: string) => unary<{ versionsRemoved: number }>((md, o, cb) => c.secrets.DeleteMetadata({ path }, md, o, cb));

async function rejects(p: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    if (pattern) assert.match(err.details, pattern);
    return true;
  });
}

for (const backend of backends()) {
  describe(`secrets on ${backend}`, () => {
    let t: TestNexus;
    let c: Conn;
    const rows = async (table: string, where = "TRUE", params: unknown[] = []): Promise<number> =>
      (await t.db.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params)).n;

    before(async () => {
      t = await startTestNexus(backend, { SPIKE_NEXUS_MAX_SECRET_VERSIONS: "3" });
      c = t.superuser;
    });
    after(async () => {
      await t?.close();
    });

    test("put then get returns exactly the map written; each put is a new version", async () => {
      const v1 = await put(c, { path: "apps/billing/db", data: { user: "billing", password: "s3cret-1" } });
      const v2 = await put(c, { path: "apps/billing/db", data: { password: "s3cret-2" } });
      assert.deepEqual([v1.version, v2.version], [1, 2]);
      const current = await get(c, "apps/billing/db");
      assert.deepEqual(current.data, { password: "s3cret-2" }, "a put replaces, never merges");
      assert.equal(current.version, 2);
      assert.deepEqual((await get(c, "apps/billing/db", 1)).data, { user: "billing", password: "s3cret-1" });
      await rejects(get(c, "apps/billing/db", 9), grpc.status.NOT_FOUND, /no version 9/);
      await rejects(get(c, "apps/nothing-here"), grpc.status.NOT_FOUND, /no secret at apps\/nothing-here/);
    });

    test("no table holds a secret value or its hex in plaintext", async () => {
      const marker = `plaintext-marker-${backend}-${Date.now()}`;
      await put(c, { path: "apps/marker", data: { k: marker } });
      const hex = Buffer.from(marker).toString("hex");
      const tables = await t.db.db.any<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      assert.ok(tables.length >= 4, "tables found");
      for (const { table_name } of tables) {
        const dump = await t.db.db.any<{ row: string }>(`SELECT t::text AS row FROM ${table_name} t`);
        for (const { row } of dump) {
          assert.ok(!row.includes(marker), `${table_name} holds the value in plaintext`);
          assert.ok(!row.includes(hex), `${table_name} holds the value's bytes`);
        }
      }
    });

    test("a ciphertext moved to another row (path or version) is DATA_LOSS, never a wrong value", async () => {
      await put(c, { path: "swap/a", data: { v: "a1" } });
      await put(c, { path: "swap/b", data: { v: "b1" } });
      await put(c, { path: "swap/a", data: { v: "a2" } });
      const ct = async (path: string, version: number): Promise<Buffer> =>
        (await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM secrets WHERE path = $1 AND version = $2", [path, version])).ciphertext;
      const [a1, b1, a2] = [await ct("swap/a", 1), await ct("swap/b", 1), await ct("swap/a", 2)];
      await t.db.db.none("UPDATE secrets SET ciphertext = $1 WHERE path = 'swap/a' AND version = 1", [b1]);
      await t.db.db.none("UPDATE secrets SET ciphertext = $1 WHERE path = 'swap/b' AND version = 1", [a1]);
      await rejects(get(c, "swap/a", 1), grpc.status.DATA_LOSS, /fails authentication/);
      await rejects(get(c, "swap/b", 1), grpc.status.DATA_LOSS, /fails authentication/);
      await t.db.db.none("UPDATE secrets SET ciphertext = $1 WHERE path = 'swap/a' AND version = 1", [a2]);
      await rejects(get(c, "swap/a", 1), grpc.status.DATA_LOSS);
      const flipped = Buffer.from(a2);
      flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
      await t.db.db.none("UPDATE secrets SET ciphertext = $1 WHERE path = 'swap/a' AND version = 2", [flipped]);
      await rejects(get(c, "swap/a", 2), grpc.status.DATA_LOSS);
    });

    test("check-and-set: cas 0 creates only; a stale cas is FAILED_PRECONDITION and writes nothing", async () => {
      assert.equal((await put(c, { path: "cas/x", data: { a: "1" }, cas: 0 })).version, 1);
      await rejects(put(c, { path: "cas/x", data: { a: "2" }, cas: 0 }), grpc.status.FAILED_PRECONDITION, /already exists/);
      assert.equal((await put(c, { path: "cas/x", data: { a: "2" }, cas: 1 })).version, 2);
      await rejects(put(c, { path: "cas/x", data: { a: "3" }, cas: 1 }), grpc.status.FAILED_PRECONDITION, /cas 1, current version 2/);
      const m = await metadata(c, "cas/x");
      assert.equal(m.currentVersion, 2, "a refused put does not use up a version");
      assert.equal(await rows("secrets", "path = 'cas/x'"), 2);
    });

    test("cas_required makes a put without cas INVALID_ARGUMENT", async () => {
      await put(c, { path: "cas/req", data: { a: "1" } });
      await updateMetadata(c, { path: "cas/req", casRequired: true });
      await rejects(put(c, { path: "cas/req", data: { a: "2" } }), grpc.status.INVALID_ARGUMENT, /requires check-and-set/);
      assert.equal((await put(c, { path: "cas/req", data: { a: "2" }, cas: 1 })).version, 2);
    });

    test("concurrent puts to one path all succeed with distinct versions", async () => {
      const n = 24;
      const results = await Promise.all(Array.from({ length: n }, (_, i) => put(c, { path: "race/one", data: { i: String(i) } })));
      assert.deepEqual(results.map((r) => r.version).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i + 1));
      assert.equal((await metadata(c, "race/one")).currentVersion, n);
    });

    test("versions beyond the limit are removed from disk in the same transaction", async () => {
      for (let i = 1; i <= 5; i++) await put(c, { path: "keep/three", data: { i: String(i) } });
      assert.equal(await rows("secrets", "path = 'keep/three'"), 3, "SPIKE_NEXUS_MAX_SECRET_VERSIONS=3 rows on disk");
      const m = await metadata(c, "keep/three");
      assert.deepEqual([m.currentVersion, m.oldestVersion, m.effectiveMaxVersions], [5, 3, 3]);
      await rejects(get(c, "keep/three", 2), grpc.status.NOT_FOUND, /removed by the version limit/);
      await updateMetadata(c, { path: "keep/three", maxVersions: 1 });
      assert.equal(await rows("secrets", "path = 'keep/three'"), 1, "lowering the limit prunes at once");
      assert.deepEqual((await get(c, "keep/three")).data, { i: "5" });
    });

    test("delete, undelete and destroy; metadata still works when every version is deleted", async () => {
      await put(c, { path: "life/x", data: { v: "1" } });
      await put(c, { path: "life/x", data: { v: "2" } });
      assert.deepEqual((await change(c, "Delete", "life/x")).versions, [2]);
      await rejects(get(c, "life/x"), grpc.status.NOT_FOUND, /version 2 of life\/x is deleted/);
      assert.deepEqual((await change(c, "Delete", "life/x", [1, 2, 7])).versions, [1], "already-deleted and unknown versions are skipped");
      const m = await metadata(c, "life/x");
      assert.deepEqual(m.versions.map((v) => v.deletedTime !== null), [true, true]);
      assert.deepEqual((await change(c, "Undelete", "life/x")).versions, [2]);
      assert.deepEqual((await get(c, "life/x")).data, { v: "2" });
      assert.deepEqual((await change(c, "Destroy", "life/x", [1])).versions, [1]);
      const destroyed = await t.db.db.one<{ ciphertext: Buffer | null }>("SELECT ciphertext FROM secrets WHERE path = 'life/x' AND version = 1");
      assert.equal(destroyed.ciphertext, null, "destroyed data is gone from disk");
      await rejects(get(c, "life/x", 1), grpc.status.NOT_FOUND, /destroyed/);
      assert.deepEqual((await change(c, "Undelete", "life/x", [1])).versions, [], "a destroyed version cannot come back");
      await rejects(change(c, "Destroy", "life/x"), grpc.status.INVALID_ARGUMENT, /needs the versions/);
      await rejects(change(c, "Delete", "life/none"), grpc.status.NOT_FOUND);
    });

    test("delete-metadata removes the path and all its versions", async () => {
      await put(c, { path: "gone/x", data: { v: "1" } });
      await put(c, { path: "gone/x", data: { v: "2" } });
      assert.equal((await deleteMetadata(c, "gone/x")).versionsRemoved, 2);
      assert.equal(await rows("secrets", "path = 'gone/x'"), 0);
      assert.equal(await rows("secret_metadata", "path = 'gone/x'"), 0);
      await rejects(metadata(c, "gone/x"), grpc.status.NOT_FOUND);
      await rejects(deleteMetadata(c, "gone/x"), grpc.status.NOT_FOUND);
    });

    test("list by prefix, in byte order, with page tokens; LIKE wildcards in a prefix are literal", async () => {
      for (const p of ["ls/b", "ls/a", "ls/c/d", "ls/c/e", "lsx/z", "ls_/q"]) await put(c, { path: p, data: { k: "v" } });
      assert.deepEqual((await list(c, "ls/")).paths, ["ls/a", "ls/b", "ls/c/d", "ls/c/e"]);
      const p1 = await list(c, "ls/", "", 3);
      assert.deepEqual(p1.paths, ["ls/a", "ls/b", "ls/c/d"]);
      const p2 = await list(c, "ls/", p1.nextPageToken, 3);
      assert.deepEqual(p2.paths, ["ls/c/e"]);
      assert.equal(p2.nextPageToken, "");
      assert.deepEqual((await list(c, "ls_")).paths, ["ls_/q"], "_ is not a wildcard");
      await rejects(list(c, "other/", p1.nextPageToken), grpc.status.INVALID_ARGUMENT, /page_token/);
      await rejects(list(c, "ls/", "garbage!!"), grpc.status.INVALID_ARGUMENT, /page_token/);
      await rejects(list(c, "ls/", "", 5000), grpc.status.INVALID_ARGUMENT, /limit/);
    });

    test("bad input is INVALID_ARGUMENT naming the rule, and writes nothing", async () => {
      const before = [await rows("secrets"), await rows("secret_metadata")];
      const cases: Array<[Parameters<typeof put>[1], RegExp]> = [
        [{ path: "/lead", data: { a: "1" } }, /must not start with "\/"/],
        [{ path: "a//b", data: { a: "1" } }, /empty segment/],
        [{ path: "a/../b", data: { a: "1" } }, /"\.\." segment/],
        [{ path: "a/b/", data: { a: "1" } }, /must not end with "\/"/],
        [{ path: "a b", data: { a: "1" } }, /character outside/],
        [{ path: "x".repeat(513), data: { a: "1" } }, /longer than 512 bytes/],
        [{ path: "", data: { a: "1" } }, /path is empty/],
        [{ path: "ok/path", data: {} }, /data is empty/],
        [{ path: "ok/path", data: { "bad key": "1" } }, /key name "bad key"/],
        [{ path: "ok/path", data: Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, "v"])) }, /1001 keys; the limit is 1000/],
        [{ path: "ok/path", data: { big: "x".repeat(512 * 1024) } }, /the limit is 524288 bytes/],
        [{ path: "ok/path", data: { a: "1" }, customMetadata: { entries: { k: "v".repeat(513) } } }, /custom metadata value/],
      ];
      for (const [req, pattern] of cases) await rejects(put(c, req), grpc.status.INVALID_ARGUMENT, pattern);
      assert.deepEqual([await rows("secrets"), await rows("secret_metadata")], before);
    });

    test("custom metadata is kept, replaced only when given, and never mixed with values", async () => {
      await put(c, { path: "meta/x", data: { v: "1" }, customMetadata: { entries: { owner: "team-x" } } });
      await put(c, { path: "meta/x", data: { v: "2" } });
      assert.deepEqual((await metadata(c, "meta/x")).customMetadata, { owner: "team-x" });
      await put(c, { path: "meta/x", data: { v: "3" }, customMetadata: { entries: { owner: "team-y" } } });
      assert.deepEqual((await metadata(c, "meta/x")).customMetadata, { owner: "team-y" });
    });
  });
}

describe("readiness", () => {
  test("with no root key, secret calls are UNAVAILABLE with the reason", async () => {
    const t = await startTestNexus("postgres", {}, { rootKey: false });
    try {
      await rejects(put(t.superuser, { path: "a/b", data: { k: "v" } }), grpc.status.UNAVAILABLE, /no root key/);
      await rejects(get(t.superuser, "a/b"), grpc.status.UNAVAILABLE, /no root key/);
      assert.equal(await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM secrets").then((r) => r.n), 0);
    } finally {
      await t.close();
    }
  });
});
