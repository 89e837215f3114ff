// PostgreSQL going away under Nexus: calls answer UNAVAILABLE (never a crash, never a wrong value), and Nexus
// recovers by itself when the database is back. Also: Nexus started while the database is down waits for it.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, test } from "node:test";
import { createLogger } from "../../lib/log.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { startNexus } from "../../nexus/server.js";
import { connectNexus, unary } from "../../pilot/client/connect.js";
import { createTestPki } from "../harness/pki.js";
import { startCluster, type Cluster } from "../harness/postgres.js";

const TD = "spike.ist";
const clusters: Cluster[] = [];
after(async () => {
  for (const c of clusters) await c.destroy();
});

async function setup(cluster: Cluster) {
  const pki = await createTestPki(TD);
  const nexus = await startNexus(
    loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", DB_CONNECTION_URI: cluster.uri, SPIKE_NEXUS_DB_CONNECT_TIMEOUT: "2s" }),
    createLogger("nexus", { level: 6 }),
    { source: await pki.source(`spiffe://${TD}/spike/nexus`), rootKeys: new InMemoryRootKeyProvider(randomBytes(32)) },
  );
  const client = connectNexus(`127.0.0.1:${nexus.port}`, await pki.source(`spiffe://${TD}/spike/pilot/role/superuser`), [TD]);
  const put = (path: string, v: string) => unary<{ version: number }>((md, o, cb) => client.secrets.Put({ path, data: { v }, customMetadata: null }, md, o, cb));
  const get = (path: string) => unary<{ data: Record<string, string> }>((md, o, cb) => client.secrets.Get({ path, version: 0 }, md, o, cb));
  return { nexus, client, put, get };
}

async function eventually<T>(fn: () => Promise<T>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

test("database stopped under load: UNAVAILABLE, then recovery with no restart and no lost acknowledged write", async () => {
  const cluster = await startCluster();
  clusters.push(cluster);
  const { nexus, client, put, get } = await setup(cluster);
  try {
    await nexus.storageReady;
    assert.equal((await put("outage/a", "before")).version, 1);
    await cluster.stop("fast");
    await assert.rejects(put("outage/a", "during"), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAVAILABLE, err.details);
      assert.match(err.details, /database unavailable/);
      assert.doesNotMatch(err.details, /postgres:\/\//, "no connection string in errors");
      return true;
    });
    await assert.rejects(get("outage/a"), (err: grpc.ServiceError) => err.code === grpc.status.UNAVAILABLE);
    await cluster.start();
    const after = await eventually(() => get("outage/a"), 20_000);
    assert.deepEqual(after.data, { v: "before" });
    assert.equal((await put("outage/a", "after")).version, 2);
  } finally {
    client.close();
    await nexus.close();
  }
});

test("Nexus started while the database is down serves UNAVAILABLE, then becomes ready by itself", async () => {
  const cluster = await startCluster();
  clusters.push(cluster);
  await cluster.stop("fast");
  const { nexus, client, put } = await setup(cluster);
  try {
    await assert.rejects(put("late/a", "x"), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.UNAVAILABLE);
      assert.match(err.details, /database not ready/);
      return true;
    });
    await cluster.start();
    await nexus.storageReady;
    assert.equal((await eventually(() => put("late/a", "x"), 20_000)).version, 1);
  } finally {
    client.close();
    await nexus.close();
  }
});
