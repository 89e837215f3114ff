// The failover runbook of docs/postgres.md §4, against real clusters: a streaming replica the harness makes with
// `pg_basebackup -R` has everything the primary committed; the primary dies; the replica is promoted with
// `pg_ctl promote`; a Nexus pointed at it (the same root key, as its Keepers would give it) is ready at the same
// root-key generation, reads every secret and version, accepts writes, and the audit chain verifies across the
// failover.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AuditLog } from "../../nexus/audit/log.js";
import { createPool, type Db } from "../../nexus/store/database.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { captureLog } from "../harness/capture-log.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { startCluster, startReplica, type Cluster } from "../harness/postgres.js";

const put = (c: NexusConnection, path: string, data: Record<string, string>) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data }, md, o, cb));
const get = (c: NexusConnection, path: string, version = 0) =>
  unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version }, md, o, cb));
const status = (c: NexusConnection) => unary<{ readiness: string; rootKeyGeneration: number }>((md, o, cb) => c.operator.Status({}, md, o, cb));

describe("failover: promote the streaming replica, point Nexus at it", () => {
  let primary: Cluster;
  let replica: Cluster;
  let before1: TestNexus | undefined;
  let after1: TestNexus | undefined;
  const admins: Db[] = [];
  const admin = (c: Cluster): Db => {
    const db = createPool({ host: "127.0.0.1", port: c.port, user: "postgres", database: "postgres", max: 1, allowExitOnIdle: true }, "test-failover", captureLog().log);
    admins.push(db);
    return db;
  };

  before(async () => {
    primary = await startCluster();
    replica = await startReplica(primary);
  });
  after(async () => {
    await before1?.close();
    await after1?.close();
    for (const db of admins) if (!db.$pool.ended) await db.$pool.end();
    await replica?.destroy();
    await primary?.destroy();
  });

  test("every committed secret is on the promoted replica; Nexus serves reads and writes there; the audit chain verifies", async () => {
    before1 = await startTestNexus("postgres", { DB_CONNECTION_URI: primary.uri });
    const rootKey = Buffer.from(before1.rootKeys.rootKey());
    for (let i = 0; i < 20; i++) await put(before1.superuser, `apps/s${i}`, { v: `one-${i}` });
    await put(before1.superuser, "apps/s0", { v: "two-0" });
    const generation = (await status(before1.superuser)).rootKeyGeneration;
    // Synchronous enough for the test: wait until the replica has replayed everything the primary wrote.
    const target = (await admin(primary).one<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).lsn;
    const standby = admin(replica);
    const deadline = Date.now() + 15_000;
    while (!(await standby.one<{ ok: boolean }>("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok", [target])).ok) {
      if (Date.now() > deadline) throw new Error("the replica never caught up");
      await new Promise((r) => setTimeout(r, 50));
    }
    await before1.close();
    before1 = undefined;

    // Step 0: the primary is lost (a crash, not a clean shutdown). Step 1: promote the standby.
    await primary.kill();
    await replica.promote();
    assert.equal((await standby.one<{ r: boolean }>("SELECT pg_is_in_recovery() AS r")).r, false, "promoted");

    // Step 2: point DB_CONNECTION_URI at it; the Keepers hand Nexus the same root key.
    after1 = await startTestNexus("postgres", { DB_CONNECTION_URI: replica.uri }, { rootKey: rootKey });
    // Step 4: ready, at the generation the old primary recorded.
    const s = await status(after1.superuser);
    assert.equal(s.readiness, "READINESS_READY");
    assert.equal(s.rootKeyGeneration, generation);
    for (let i = 0; i < 20; i++) assert.deepEqual((await get(after1.superuser, `apps/s${i}`)).data, { v: i === 0 ? "two-0" : `one-${i}` });
    assert.deepEqual((await get(after1.superuser, "apps/s0", 1)).data, { v: "one-0" });
    assert.equal((await put(after1.superuser, "apps/s0", { v: "three-0" })).version, 3, "writes go on where the old primary stopped");
    const auditLog = new AuditLog(() => after1?.db.db as Db, () => undefined, false);
    const audit = await auditLog.verify(0, 0, () => undefined).finally(() => auditLog.close());
    assert.equal(audit.ok, true, audit.broken?.detail);
    assert.ok(audit.checked >= 22, `audit records across the failover: ${audit.checked}`);
  });
});
