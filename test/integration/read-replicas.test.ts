// Read replicas (ADR 0019) against a real streaming replica the harness makes with `pg_basebackup -R`: reads go to
// the replica when it has everything, a caller never reads older data than it just wrote, reads inside a change
// stay on its transaction, a lagging replica is skipped, and killing the replica under read load fails no read.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ConfigError } from "../../lib/env.js";
import { loadNexusConfig } from "../../nexus/config.js";
import type { ReadRouter } from "../../nexus/store/read-replicas.js";
import { parseLsn } from "../../nexus/store/read-replicas.js";
import { createPool, type Db } from "../../nexus/store/database.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { captureLog } from "../harness/capture-log.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { startCluster, startReplica, type Cluster } from "../harness/postgres.js";

type Conn = NexusConnection;
const put = (c: Conn, path: string, data: Record<string, string>) => unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data }, md, o, cb));
const get = (c: Conn, path: string) => unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));
const list = (c: Conn, prefix: string) => unary<{ paths: string[] }>((md, o, cb) => c.secrets.List({ prefix, pageToken: "", limit: 1000 }, md, o, cb));

describe("DB_READ_REPLICAS configuration", () => {
  const base = { DB_CONNECTION_URI: "postgres://u@db.example/spike" };
  test("a JSON list of {DB_CONNECTION_URI, DB_ROOT_CERT}; anything else names the variable and the entry", () => {
    const cfg = loadNexusConfig({ ...base, DB_READ_REPLICAS: '[{"DB_CONNECTION_URI": "postgres://u@replica-1/spike?sslmode=require"}]' });
    assert.deepEqual(cfg.DB_READ_REPLICAS, [{ DB_CONNECTION_URI: "postgres://u@replica-1/spike?sslmode=require" }]);
    assert.deepEqual(loadNexusConfig(base).DB_READ_REPLICAS, []);
    assert.equal(loadNexusConfig(base).SPIKE_NEXUS_DB_REPLICA_MAX_LAG, 5000);
    for (const [value, message, env] of [
      ["not json", /DB_READ_REPLICAS.*is not JSON/, base],
      ['{"DB_CONNECTION_URI": "postgres://u@r/db"}', /DB_READ_REPLICAS.*not a JSON list/, base],
      ['[{"uri": "postgres://u@r/db"}]', /DB_READ_REPLICAS.*entry 1 has "uri"/, base],
      ['[{"DB_CONNECTION_URI": "postgres://u@r/db"}, {}]', /DB_READ_REPLICAS.*entry 2 has no DB_CONNECTION_URI/, base],
      ['[{"DB_CONNECTION_URI": "mysql://u@r/db"}]', /DB_READ_REPLICAS.*entry 1: DB_CONNECTION_URI has scheme/, base],
      ['[{"DB_CONNECTION_URI": "postgres://u@r/db", "DB_ROOT_CERT": "nope!"}]', /DB_READ_REPLICAS.*entry 1: DB_ROOT_CERT is not base64/, base],
      ['[{"DB_CONNECTION_URI": "postgres://u@r/db"}]', /DB_READ_REPLICAS.*DB_CONNECTION_URI is not set/, {}],
    ] as const) {
      assert.throws(() => loadNexusConfig({ ...env, DB_READ_REPLICAS: value }), (e: unknown) => e instanceof ConfigError && message.test(e.message), value);
    }
  });

  test("WAL positions compare as numbers", () => {
    assert.ok(parseLsn("1/0") > parseLsn("0/FFFFFFFF"));
    assert.equal(parseLsn("16/B374D848"), (0x16n << 32n) | 0xb374d848n);
    assert.throws(() => parseLsn("nope"));
  });
});

describe("reads on a real streaming replica", () => {
  let primary: Cluster;
  let replica: Cluster;
  let t: TestNexus;
  let router: ReadRouter;
  let replicaAdmin: Db;
  let su: Conn;

  before(async () => {
    primary = await startCluster();
    replica = await startReplica(primary);
    t = await startTestNexus("postgres", {
      DB_CONNECTION_URI: primary.uri,
      DB_READ_REPLICAS: JSON.stringify([{ DB_CONNECTION_URI: replica.uri }]),
      SPIKE_NEXUS_DB_REPLICA_MAX_LAG: "1s",
    });
    router = t.nexus.readReplicas() as ReadRouter;
    su = t.superuser;
    replicaAdmin = createPool({ host: "127.0.0.1", port: replica.port, user: "postgres", database: "postgres", max: 1, allowExitOnIdle: true }, "test-replica", captureLog().log);
  });
  after(async () => {
    await t?.close();
    if (replicaAdmin !== undefined && !replicaAdmin.$pool.ended) await replicaAdmin.$pool.end();
    await replica?.destroy();
    await primary?.destroy();
  });

  async function replicaUsable(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!router.status().every((s) => s.usable)) {
      if (Date.now() > deadline) throw new Error(`replica never usable: ${JSON.stringify(router.status())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test("once the replica has replayed a write, reads of it (get, list, metadata) are served there", async () => {
    await put(su, "r/a", { v: "1" });
    await replicaUsable();
    await new Promise((r) => setTimeout(r, 500)); // a poll after the replica replayed the write
    const before = { ...router.counts };
    for (let i = 0; i < 20; i++) {
      assert.deepEqual((await get(su, "r/a")).data, { v: "1" });
      assert.deepEqual((await list(su, "r/")).paths, ["r/a"]);
    }
    await unary((md, o, cb) => su.secrets.GetMetadata({ path: "r/a" }, md, o, cb));
    assert.ok(router.counts.replica - before.replica >= 40, JSON.stringify(router.counts));
  });

  test("a caller never reads older data than it just wrote, even with the replica's replay paused", async () => {
    for (let i = 0; i < 30; i++) {
      await put(su, "r/ryw", { i: String(i) });
      assert.deepEqual((await get(su, "r/ryw")).data, { i: String(i) }, `write ${i}`);
    }
    await replicaAdmin.one("SELECT pg_wal_replay_pause()");
    try {
      const before = { ...router.counts };
      for (let i = 0; i < 10; i++) {
        await put(su, "r/paused", { i: String(i) });
        assert.deepEqual((await get(su, "r/paused")).data, { i: String(i) });
      }
      assert.equal(router.counts.replica, before.replica, "a replica behind this Nexus's last commit is not used");
      // A read inside a change's transaction stays on it: UpdateMetadata answers with what it just wrote.
      const meta = await unary<{ metadata: { customMetadata: Record<string, string> } | null }>((md, o, cb) =>
        su.secrets.UpdateMetadata({ path: "r/paused", customMetadata: { entries: { owner: "team-a" } } }, md, o, cb));
      assert.deepEqual(meta.metadata?.customMetadata, { owner: "team-a" });
      // Paused past SPIKE_NEXUS_DB_REPLICA_MAX_LAG while the primary moves on: skipped for everyone, and said so.
      await t.db.db.none("CREATE TABLE IF NOT EXISTS lag_probe (x int)");
      await t.db.db.none("INSERT INTO lag_probe VALUES (1)");
      const deadline = Date.now() + 5000;
      while (!router.status().some((s) => s.reason !== null && /lags the primary/.test(s.reason))) {
        if (Date.now() > deadline) throw new Error(`never marked lagging: ${JSON.stringify(router.status())}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await replicaAdmin.one("SELECT pg_wal_replay_resume()");
    }
    await replicaUsable();
  });

  test("killing the replica under read load fails no read; reads move to the primary", async (t) => {
    for (let i = 0; i < 20; i++) await put(su, `load/${i}`, { i: String(i) });
    await replicaUsable();
    await new Promise((r) => setTimeout(r, 500));
    const before = { ...router.counts };
    let failures = 0;
    let reads = 0;
    let stop = false;
    const worker = async (w: number): Promise<void> => {
      for (let n = 0; !stop; n++) {
        const i = (w * 7 + n) % 20;
        try {
          const r = await get(su, `load/${i}`);
          assert.deepEqual(r.data, { i: String(i) });
          reads++;
        } catch (err) {
          failures++;
          console.error(err);
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 700));
    const onReplicaBeforeKill = router.counts.replica - before.replica;
    await replica.kill();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(workers);
    t.diagnostic(`${reads} reads, ${failures} failed; ${onReplicaBeforeKill} on the replica before the kill; retried on the primary: ${router.counts.retried - before.retried}`);
    assert.equal(failures, 0, `${failures} of ${reads + failures} reads failed`);
    assert.ok(onReplicaBeforeKill > 0, "the replica served reads before it was killed");
    assert.ok(router.counts.primary > before.primary, "the primary took over");
    assert.match(router.status()[0]?.reason ?? "", /unreachable/);
  });

  test("a replica that comes back is used again; once promoted (failover) it is not read as a replica", async () => {
    await replica.start();
    await replicaUsable();
    await replicaAdmin.one("SELECT pg_promote(true, 30)");
    const deadline = Date.now() + 5000;
    while (!/not a standby/.test(router.status()[0]?.reason ?? "")) {
      if (Date.now() > deadline) throw new Error(`promotion not noticed: ${JSON.stringify(router.status())}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = router.counts.replica;
    assert.deepEqual((await get(su, "load/3")).data, { i: "3" });
    assert.equal(router.counts.replica, before);
  });
});
