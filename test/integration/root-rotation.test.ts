// Root-key rotation, admin tokens and prefix destroy, with three in-process Keepers and a Nexus on a real
// PostgreSQL. A rotation stopped dead at either failpoint (as if Nexus were killed there) comes back consistent:
// one key in force, every secret readable.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "../../lib/log.js";
import { loadKeeperConfig } from "../../keeper/config.js";
import { startKeeper, type KeeperHandle } from "../../keeper/server.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { startNexus, type NexusHandle, type NexusOptions } from "../../nexus/server.js";
import { connectNexus, unary, type NexusConnection } from "../../pilot/client/connect.js";
import { createTestPki, type TestPki } from "../harness/pki.js";
import { closeAdmin, freshDatabase, type FreshDatabase } from "../harness/postgres.js";

const TD = "spike.ist";
const quiet = createLogger("test", { level: 6 });
let pki: TestPki;
let pg: FreshDatabase;
const keepers: KeeperHandle[] = [];
let nexus: NexusHandle | undefined;
let conn: NexusConnection | undefined;
let adminToken = "";

async function startOurNexus(opts: Omit<NexusOptions, "source"> = {}): Promise<NexusConnection> {
  const peers = keepers.map((k) => `127.0.0.1:${k.port}=spiffe://${TD}/spike/keeper/${k.shareId}`).join(",");
  nexus = await startNexus(
    loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", DB_CONNECTION_URI: pg.uri, SPIKE_NEXUS_KEEPER_PEERS: peers, SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: "300ms" }),
    quiet,
    { ...opts, source: await pki.source(`spiffe://${TD}/spike/nexus`) },
  );
  conn = connectNexus(`127.0.0.1:${nexus.port}`, await pki.source(`spiffe://${TD}/spike/pilot/role/superuser`), [TD]);
  return conn;
}

async function stopOurNexus(): Promise<void> {
  conn?.close();
  await nexus?.close();
}

type Status = { readiness: string; rootKeyGeneration: number; reason: string };
const status = (c: NexusConnection) => unary<Status>((md, o, cb) => c.operator.Status({}, md, o, cb));
async function untilReady(c: NexusConnection): Promise<Status> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const s = await status(c);
    if (s.readiness === "READINESS_READY") return s;
    if (Date.now() > deadline) throw new Error(`not ready: ${s.reason}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const put = (c: NexusConnection, path: string, v: string) => unary((md, o, cb) => c.secrets.Put({ path, data: { v }, customMetadata: null }, md, o, cb));
const get = (c: NexusConnection, path: string) => unary<{ data: Record<string, string> }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb)).then((r) => r.data.v);
const rotateRoot = (c: NexusConnection, token: string) => unary<{ rootKeyGeneration: number }>((md, o, cb) => c.operator.RotateRootKey({ adminToken: token }, md, o, cb), 20_000);

async function rejects(p: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    if (pattern) assert.match(err.details, pattern);
    return true;
  });
}

before(async () => {
  pki = await createTestPki(TD);
  pg = await freshDatabase();
  for (const i of [1, 2, 3]) {
    keepers.push(await startKeeper(loadKeeperConfig({ SPIKE_KEEPER_TLS_PORT: "127.0.0.1:0" }), quiet, await pki.source(`spiffe://${TD}/spike/keeper/${i}`)));
  }
  const c = await startOurNexus();
  const deadline = Date.now() + 15_000;
  while ((await status(c)).readiness !== "READINESS_NOT_BOOTSTRAPPED" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const boot = await unary<{ adminToken: string }>((md, o, cb) => c.operator.Bootstrap({ adminTokenName: "" }, md, o, cb));
  adminToken = boot.adminToken;
  await put(c, "apps/a", "one");
});

after(async () => {
  await stopOurNexus();
  for (const k of keepers) await k.close();
  await pg.drop();
  await closeAdmin();
});

describe("admin tokens", () => {
  test("list shows metadata only; create and revoke need a valid token", async () => {
    const c = conn as NexusConnection;
    const list = await unary<{ tokens: Array<{ id: string; name: string }> }>((md, o, cb) => c.adminTokens.List({ includeInactive: false, pageToken: "", limit: 0 }, md, o, cb));
    assert.equal(list.tokens.length, 1);
    assert.equal(list.tokens[0]?.name, "bootstrap");
    assert.doesNotMatch(JSON.stringify(list), /spike_at_/, "never the token itself");
    await rejects(unary((md, o, cb) => c.adminTokens.Create({ adminToken: "", name: "x", expireTime: null }, md, o, cb)), grpc.status.PERMISSION_DENIED, /needs an admin token/);
    await rejects(unary((md, o, cb) => c.adminTokens.Create({ adminToken: "spike_at_00000000000000000000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", name: "x", expireTime: null }, md, o, cb)), grpc.status.PERMISSION_DENIED, /unknown/);
    const second = await unary<{ token: string; info: { id: string } | null }>((md, o, cb) => c.adminTokens.Create({ adminToken, name: "ops", expireTime: null }, md, o, cb));
    const id = second.info?.id ?? "";
    await unary((md, o, cb) => c.adminTokens.Revoke({ adminToken, id }, md, o, cb));
    await rejects(unary((md, o, cb) => c.adminTokens.Revoke({ adminToken: second.token, id }, md, o, cb)), grpc.status.PERMISSION_DENIED, /revoked/);
    const db = (nexus as NexusHandle).database().db;
    const rows = await db.any<{ row: string }>("SELECT t::text AS row FROM admin_tokens t");
    assert.ok(rows.length === 2 && rows.every((r) => !r.row.includes(Buffer.from(second.token).toString("hex")) && !r.row.includes(second.token)), "tokens are stored encrypted");
  });

  test("destroy-prefix needs an admin token, names whole segments, and can dry-run", async () => {
    const c = conn as NexusConnection;
    for (const p of ["old/a", "old/b/c", "old-keep/x"]) await put(c, p, "v");
    const destroy = (prefix: string, token: string, dryRun: boolean) =>
      unary<{ secretsRemoved: number; versionsRemoved: number }>((md, o, cb) => c.secrets.DestroyPrefix({ prefix, adminToken: token, dryRun }, md, o, cb));
    await rejects(destroy("old/", "", false), grpc.status.PERMISSION_DENIED);
    await rejects(destroy("old", adminToken, false), grpc.status.INVALID_ARGUMENT, /must end with/);
    assert.deepEqual(await destroy("old/", adminToken, true), { secretsRemoved: 2, versionsRemoved: 2 });
    assert.equal(await get(c, "old/a"), "v", "a dry run removes nothing");
    assert.deepEqual(await destroy("old/", adminToken, false), { secretsRemoved: 2, versionsRemoved: 2 });
    await rejects(get(c, "old/a"), grpc.status.NOT_FOUND);
    assert.equal(await get(c, "old-keep/x"), "v");
  });
});

describe("root-key rotation", () => {
  test("needs an admin token; rotates, re-shards the Keepers, and a restarted Nexus recovers the new key", async () => {
    const c = conn as NexusConnection;
    await rejects(rotateRoot(c, ""), grpc.status.PERMISSION_DENIED);
    assert.equal((await rotateRoot(c, adminToken)).rootKeyGeneration, 2);
    assert.equal(await get(c, "apps/a"), "one");
    await put(c, "apps/b", "two");
    await stopOurNexus();
    const again = await startOurNexus();
    assert.equal((await untilReady(again)).rootKeyGeneration, 2);
    assert.equal(await get(again, "apps/a"), "one");
    assert.equal(await get(again, "apps/b"), "two");
  });

  for (const failpoint of ["rotation-pending-recorded", "rotation-keepers-resharded"] as const) {
    test(`a rotation killed at ${failpoint} comes back consistent`, async () => {
      await stopOurNexus();
      const c = await startOurNexus({ failpoint });
      const before = (await untilReady(c)).rootKeyGeneration;
      await rejects(rotateRoot(c, adminToken), grpc.status.INTERNAL);
      // The process "dies" here: no cleanup runs. A new Nexus on the same database and Keepers takes over.
      await stopOurNexus();
      const n = await startOurNexus();
      const s = await untilReady(n);
      const expected = failpoint === "rotation-pending-recorded" ? before : before + 1;
      assert.equal(s.rootKeyGeneration, expected, "the key the Keepers hold is the one in force");
      assert.equal(await get(n, "apps/a"), "one");
      assert.equal(await get(n, "apps/b"), "two");
      await put(n, "apps/c", failpoint);
      assert.equal(await get(n, "apps/c"), failpoint);
      // And a rotation after it works (no stale pending state left).
      assert.equal((await rotateRoot(n, adminToken)).rootKeyGeneration, expected + 1);
    });
  }
});
