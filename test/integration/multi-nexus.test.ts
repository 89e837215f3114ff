// Two Nexus processes on one PostgreSQL (ADR 0020): both serve; migrations run once; versions and check-and-set stay
// right under concurrent writes through both; policy, keyring and root-key changes made through one are picked up
// by the other within a second (LISTEN/NOTIFY), and a root-key rotation through one is followed by the other.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { connectNexus, unary, type NexusConnection } from "../../pilot/client/connect.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { workloadApiSource } from "../../spiffe/workload-client.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { createPool } from "../../nexus/store/database.js";
import { captureLog } from "../harness/capture-log.js";
import { closeAdmin, freePort, freshDatabase, type FreshDatabase } from "../harness/postgres.js";
import { killAll, run, startDaemon, type Daemon } from "../harness/processes.js";

const TD = "spike.ist";
const APP = `spiffe://${TD}/workload/app`;
let dir: string;
let issuer: DevIssuer;
let pg: FreshDatabase;
let keeper: Daemon;
const nexus: Daemon[] = [];
const ports: number[] = [];
const sources: X509Source[] = [];
const conns: NexusConnection[] = [];
/** Superuser connections to Nexus 0 and Nexus 1; `app` connections likewise. */
let su: NexusConnection[];
let app: NexusConnection[];

type Conn = NexusConnection;
const put = (c: Conn, path: string, data: Record<string, string>, cas?: number) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data, ...(cas !== undefined ? { cas } : {}) }, md, o, cb));
const get = (c: Conn, path: string) => unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));
const status = (c: Conn) => unary<{ readiness: string; rootKeyGeneration: number }>((md, o, cb) => c.operator.Status({}, md, o, cb));
const code = async (p: Promise<unknown>): Promise<number> => {
  try {
    await p;
    return grpc.status.OK;
  } catch (err) {
    return (err as grpc.ServiceError).code;
  }
};

async function connect(role: string, port: number): Promise<Conn> {
  const source = workloadApiSource(`unix://${devSocketPath(dir, role)}`);
  sources.push(source);
  await source.ready(10_000);
  const c = connectNexus(`127.0.0.1:${port}`, source, [TD]);
  conns.push(c);
  return c;
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "spike-multi-"));
  issuer = await DevIssuer.start({ devDir: dir, trustDomain: TD, registrations: [...defaultRegistrations(TD, 1), { name: "app", spiffeId: APP }] });
  pg = await freshDatabase();
  const keeperPort = await freePort();
  keeper = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(dir, "keeper-1")}`, SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${keeperPort}` });
  await keeper.waitFor(/Keeper is listening/);
  ports.push(await freePort(), await freePort());
  // Both start at once on an empty database: one migrates, the other waits for its lock and finds nothing to do.
  for (const port of ports) {
    nexus.push(startDaemon("nexus", [], {
      SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(dir, "nexus")}`,
      SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${port}`,
      DB_CONNECTION_URI: pg.uri,
      SPIKE_NEXUS_SHAMIR_SHARES: "1",
      SPIKE_NEXUS_SHAMIR_THRESHOLD: "1",
      SPIKE_NEXUS_KEEPER_PEERS: `127.0.0.1:${keeperPort}=spiffe://${TD}/spike/keeper/1`,
      SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: "300ms",
      SPIKE_LOG_FORMAT: "json",
    }));
  }
  await Promise.all(nexus.map((n) => n.waitFor(/database ready/, 30_000)));
  su = [await connect("pilot", ports[0] as number), await connect("pilot", ports[1] as number)];
  app = [await connect("app", ports[0] as number), await connect("app", ports[1] as number)];
});

after(async () => {
  for (const c of conns) c.close();
  for (const s of sources) s.close();
  for (const n of nexus) await n.stop("SIGKILL");
  await keeper?.stop("SIGKILL");
  killAll();
  await issuer?.stop();
  await pg?.drop();
  await closeAdmin();
  rmSync(dir, { recursive: true, force: true });
});

describe("two Nexus processes on one PostgreSQL", () => {
  test("migrations ran once; after bootstrap through one, both serve the same secrets", async () => {
    const migrated = nexus.map((n) => (n.output().match(/applied database migration/g) ?? []).length);
    assert.equal(migrated.filter((n) => n > 0).length, 1, `exactly one Nexus applies migrations: ${migrated}`);
    const tokenFile = join(dir, "admin-token");
    const boot = await run("pilot", ["operator", "bootstrap", "--token-file", tokenFile], { SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(dir, "pilot")}`, SPIKE_NEXUS_API_URL: `127.0.0.1:${ports[0]}` });
    assert.equal(boot.code, 0, boot.stderr);
    // The other one finds the root key recorded and rebuilds it from the Keeper.
    await until("Nexus 1 ready", async () => (await status(su[1] as Conn)).readiness === "READINESS_READY", 15_000);
    await put(su[0] as Conn, "shared/a", { v: "from-0" });
    assert.deepEqual((await get(su[1] as Conn, "shared/a")).data, { v: "from-0" });
    await put(su[1] as Conn, "shared/b", { v: "from-1" });
    assert.deepEqual((await get(su[0] as Conn, "shared/b")).data, { v: "from-1" });
  });

  test("concurrent puts to one path through both: versions contiguous, none twice", async () => {
    const writes = Array.from({ length: 40 }, (_, i) => put(su[i % 2] as Conn, "shared/counter", { i: String(i) }));
    const versions = (await Promise.all(writes)).map((r) => r.version).sort((a, b) => a - b);
    assert.deepEqual(versions, Array.from({ length: 40 }, (_, i) => i + 1));
  });

  test("check-and-set through both at once: exactly one wins each round, the loser gets FAILED_PRECONDITION", async () => {
    await put(su[0] as Conn, "shared/cas", { n: "0" });
    for (let round = 1; round <= 5; round++) {
      const results = await Promise.all([0, 1].map((i) => code(put(su[i] as Conn, "shared/cas", { n: `${round}-${i}` }, round))));
      assert.deepEqual(results.sort(), [grpc.status.OK, grpc.status.FAILED_PRECONDITION].sort(), `round ${round}: ${results}`);
    }
    assert.equal((await get(su[1] as Conn, "shared/cas")).version, 6);
  });

  test("each Nexus predicts what it last saw (ADR 0030): writes through the other make it wrong, never the outcome", async () => {
    // Nexus 0 last saw version 1; Nexus 1 then writes versions 2 and 3.
    await put(su[0] as Conn, "shared/predicted", { v: "1" });
    await put(su[1] as Conn, "shared/predicted", { v: "2" });
    await put(su[1] as Conn, "shared/predicted", { v: "3" });
    assert.equal(await code(put(su[0] as Conn, "shared/predicted", { v: "x" }, 1)), grpc.status.FAILED_PRECONDITION, "no false success");
    assert.equal((await put(su[0] as Conn, "shared/predicted", { v: "4" }, 3)).version, 4, "no false failure");
    assert.deepEqual(await get(su[1] as Conn, "shared/predicted").then((r) => [r.data, r.version]), [{ v: "4" }, 4]);
    // 16 at a time through both, on a few paths: every version once, contiguous.
    const paths = ["shared/mix/a", "shared/mix/b", "shared/mix/c"];
    const versions = new Map<string, number[]>(paths.map((p) => [p, []]));
    for (let round = 0; round < 8; round++) {
      await Promise.all(Array.from({ length: 16 }, async (_, i) => {
        const path = paths[(round + i) % paths.length] as string;
        versions.get(path)?.push((await put(su[i % 2] as Conn, path, { i: String(i) })).version);
      }));
    }
    for (const [path, vs] of versions) assert.deepEqual(vs.sort((a, b) => a - b), Array.from({ length: vs.length }, (_, i) => i + 1), path);
  });

  test("a policy created through one admits on the other within a second; deleting it there denies within a second", async (t) => {
    await put(su[0] as Conn, "apps/app/db", { pw: "x" });
    // Nexus 1 loads its policies now (an empty set), so only a notification can tell it about the new one.
    assert.equal(await code(get(app[1] as Conn, "apps/app/db")), grpc.status.PERMISSION_DENIED);
    await unary((md, o, cb) => (su[0] as Conn).policies.Create({ policy: { name: "app-read", spiffeIdPattern: `^${APP.replace(/\./g, "\\.")}$`, pathPattern: "^apps/app/.*$", permissions: ["PERMISSION_READ"] } }, md, o, cb));
    const admitted = await until("Nexus 1 admits", async () => (await code(get(app[1] as Conn, "apps/app/db"))) === grpc.status.OK, 1000);
    await unary((md, o, cb) => (su[0] as Conn).policies.Delete({ name: "app-read" }, md, o, cb));
    const denied = await until("Nexus 1 denies", async () => (await code(get(app[1] as Conn, "apps/app/db"))) === grpc.status.PERMISSION_DENIED, 1000);
    t.diagnostic(`policy change seen by the other Nexus after ${admitted} ms (create) and ${denied} ms (delete)`);
    assert.ok(admitted < 1000 && denied < 1000, `${admitted} ms, ${denied} ms`);
  });

  test("a listener whose connection is cut reconnects and reloads: a change made meanwhile still arrives", async () => {
    const admin = createPool({ connectionString: pg.uri, max: 1, allowExitOnIdle: true }, "test-admin-multi", captureLog().log);
    try {
      const cut = await admin.any<{ pid: number }>(
        "SELECT pg_terminate_backend(pid) AS ok, pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'spike-nexus-feed %'",
      );
      assert.equal(cut.length, 2, "each Nexus listens on its own connection");
      await unary((md, o, cb) => (su[0] as Conn).policies.Create({ policy: { name: "app-read-2", spiffeIdPattern: `^${APP.replace(/\./g, "\\.")}$`, pathPattern: "^apps/app/.*$", permissions: ["PERMISSION_READ"] } }, md, o, cb));
      await until("Nexus 1 admits after reconnecting", async () => (await code(get(app[1] as Conn, "apps/app/db"))) === grpc.status.OK, 5000);
      await unary((md, o, cb) => (su[0] as Conn).policies.Delete({ name: "app-read-2" }, md, o, cb));
      await until("Nexus 1 denies again", async () => (await code(get(app[1] as Conn, "apps/app/db"))) === grpc.status.PERMISSION_DENIED, 5000);
      assert.match(nexus[1]?.output() ?? "", /lost the connection that listens for changes/);
      await until("both listening again", async () => (await admin.any("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'spike-nexus-feed %'")).length === 2, 5000);
    } finally {
      await admin.$pool.end();
    }
  });

  test("a data key rotated through one: the other decrypts what is written under it, and writes under it too", async () => {
    const rotated = await unary<{ keyId: number }>((md, o, cb) => (su[0] as Conn).operator.RotateDataKey({}, md, o, cb));
    await put(su[0] as Conn, "shared/after-rotation", { v: "new-key" });
    assert.deepEqual((await get(su[1] as Conn, "shared/after-rotation")).data, { v: "new-key" });
    // Nexus 1 moves to the new active key (notification), so a second rotation through it makes the next id, not a clash.
    const again = await unary<{ keyId: number; previousKeyId: number }>((md, o, cb) => (su[1] as Conn).operator.RotateDataKey({}, md, o, cb));
    assert.deepEqual(again, { keyId: rotated.keyId + 1, previousKeyId: rotated.keyId });
    await put(su[1] as Conn, "shared/after-second", { v: "k3" });
    assert.deepEqual((await get(su[0] as Conn, "shared/after-second")).data, { v: "k3" });
  });

  test("a root-key rotation through one: the other rebuilds the new key from the Keeper and keeps serving", async () => {
    const env = { SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(dir, "pilot")}`, SPIKE_NEXUS_API_URL: `127.0.0.1:${ports[0]}` };
    const r = await run("pilot", ["operator", "rotate", "--root", "--admin-token-file", join(dir, "admin-token")], env);
    assert.equal(r.code, 0, r.stderr);
    await until("Nexus 1 on generation 2", async () => {
      const s = await status(su[1] as Conn);
      return s.rootKeyGeneration === 2 && s.readiness === "READINESS_READY";
    }, 10_000);
    assert.match(nexus[1]?.output() ?? "", /rotated by another Nexus/);
    // A new data key made by Nexus 1 now is wrapped under the new root key: Nexus 0 must be able to open it.
    await unary((md, o, cb) => (su[1] as Conn).operator.RotateDataKey({}, md, o, cb));
    await put(su[1] as Conn, "shared/after-root", { v: "gen2" });
    assert.deepEqual((await get(su[0] as Conn, "shared/after-root")).data, { v: "gen2" });
    assert.deepEqual((await get(su[1] as Conn, "shared/a")).data, { v: "from-0" });
  });
});
