// The secret read cache (ADR 0027) across two Nexus on one PostgreSQL: a read through one never keeps serving what
// the other has since changed (the LISTEN/NOTIFY feed drops it), a lost feed turns the cache off until it is back,
// and reads through the Nexus that wrote see the write at once.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";

type Conn = NexusConnection;
const put = (c: Conn, path: string, data: Record<string, string>) => unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data }, md, o, cb));
const get = (c: Conn, path: string) => unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));
const destroy = (c: Conn, path: string) => unary((md, o, cb) => c.secrets.DeleteMetadata({ path }, md, o, cb));

/** Polls `read` until it gives `want` or `ms` pass; returns how long it took. */
async function eventually(read: () => Promise<string>, want: string, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const got = await read();
    if (got === want) return Date.now() - started;
    if (Date.now() - started > ms) assert.fail(`still ${JSON.stringify(got)} after ${ms} ms, want ${JSON.stringify(want)}`);
    await sleep(10);
  }
}

describe("secret read cache on two Nexus sharing one PostgreSQL", { skip: !backends().includes("postgres") }, () => {
  let a: TestNexus;
  let b: TestNexus;
  before(async () => {
    const rootKey = randomBytes(32);
    a = await startTestNexus("postgres", {}, { rootKey });
    b = await startTestNexus("postgres", { DB_CONNECTION_URI: a.dbUri as string }, { rootKey });
  });
  after(async () => {
    await b?.close();
    await a?.close();
  });

  const value = async (c: Conn, path: string): Promise<string> => {
    try {
      return (await get(c, path)).data.v ?? "";
    } catch {
      return "<none>";
    }
  };

  test("a change through one Nexus reaches reads through the other within a second", async () => {
    await put(a.superuser, "apps/cache/x", { v: "1" });
    assert.equal(await value(b.superuser, "apps/cache/x"), "1");
    // Proof that B serves from memory: spoil the stored ciphertext behind both Nexus's backs (triggers off, so no
    // notification). A, which has not cached it, reads the database and refuses; B still answers from its cache.
    await a.db.db.tx(async (t) => {
      await t.none("SET LOCAL session_replication_role = replica");
      await t.none("UPDATE secrets SET ciphertext = $2 WHERE path = $1", ["apps/cache/x", randomBytes(64)]);
    });
    assert.equal(await value(a.superuser, "apps/cache/x"), "<none>", "A reads the spoiled row");
    assert.equal(await value(b.superuser, "apps/cache/x"), "1", "B serves it from its cache");
    await put(a.superuser, "apps/cache/x", { v: "2" });
    assert.ok((await eventually(() => value(b.superuser, "apps/cache/x"), "2", 1000)) < 1000);
    await destroy(a.superuser, "apps/cache/x");
    await eventually(() => value(b.superuser, "apps/cache/x"), "<none>", 1000);
  });

  test("the Nexus that wrote serves its own write at once (read your writes)", async () => {
    for (let i = 0; i < 20; i++) {
      await put(b.superuser, "apps/cache/own", { v: String(i) });
      assert.equal(await value(b.superuser, "apps/cache/own"), String(i));
    }
  });

  test("while the feed is down the cache is off, and it comes back", async () => {
    await put(a.superuser, "apps/cache/y", { v: "1" });
    assert.equal(await value(b.superuser, "apps/cache/y"), "1");
    // Cut every LISTEN connection on this database (A's and B's): notifications sent now would be lost.
    const cut = await a.db.db.any<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'spike-nexus-feed %'",
    );
    assert.ok(cut.length >= 2, `terminated ${cut.length} listeners`);
    await put(a.superuser, "apps/cache/y", { v: "2" });
    await eventually(() => value(b.superuser, "apps/cache/y"), "2", 1000);
    // Reconnected: the cache serves again and is invalidated again.
    await sleep(1500);
    const listening = await a.db.db.one<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'spike-nexus-feed %'");
    assert.ok(Number(listening.n) >= 2, "both listeners are back");
    await put(a.superuser, "apps/cache/y", { v: "3" });
    await eventually(() => value(b.superuser, "apps/cache/y"), "3", 1000);
  });
});

describe("secret changes are announced only to other Nexus (sql/0009)", { skip: !backends().includes("postgres") }, () => {
  let a: TestNexus;
  before(async () => {
    a = await startTestNexus("postgres");
  });
  after(async () => {
    await a?.close();
  });

  test("a lone Nexus's puts send no notification; once another feed listens, they do", async () => {
    const listener = await a.db.db.connect({ direct: true });
    const heard: string[] = [];
    listener.client.on("notification", (n) => heard.push(n.payload ?? ""));
    try {
      await listener.none("LISTEN spike_secrets");
      // A's own feed is the only one registered on this database: notifying would only serialize A's commits.
      await put(a.superuser, "apps/solo/x", { v: "1" });
      await sleep(300);
      assert.deepEqual(heard.filter((p) => p.startsWith("apps/solo/")), [], "no notification while no other Nexus listens");
      // Another instance's feed appears: A's next change is announced to it.
      await listener.none(
        `INSERT INTO secret_cache_listeners (instance, pid, backend_start)
         SELECT 'another-instance', pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()`,
      );
      await put(a.superuser, "apps/solo/y", { v: "1" });
      await eventually(async () => String(heard.includes("apps/solo/y")), "true", 1000);
      await listener.none("DELETE FROM secret_cache_listeners WHERE instance = 'another-instance'");
    } finally {
      await listener.done(true);
    }
  });
});
