// The workload SDK (spike-ts/client) against a real Nexus over mTLS with minted SVIDs: secrets, cipher, typed
// errors, SVIDs from files and from the Workload API, and retries across a Nexus restart that never write twice.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { Writable } from "node:stream";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createLogger } from "../../lib/log.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { startNexus, type NexusHandle } from "../../nexus/server.js";
import { unary } from "../../pilot/client/connect.js";
import { NexusClient, NexusError, type NexusErrorCode } from "../../pilot/client/index.js";
import { serveWorkloadApi } from "../../spiffe/workload-server.js";
import { cliEnvFor, startTestNexus, TD, type TestNexus } from "../harness/nexus.js";
import { createTestPki } from "../harness/pki.js";
import { serverCredentials } from "../../spiffe/tls.js";
import { closeAdmin, freshDatabase } from "../harness/postgres.js";

const SUPERUSER = `spiffe://${TD}/spike/pilot/role/superuser`;
const WORKLOAD = `spiffe://${TD}/workload/billing`;
const FAST = { initialBackoffMs: 50, maxBackoffMs: 400 } as const;

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), "spike-sdk-"));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A Writable that keeps what it is given. */
class Collect extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

async function rejectsWith(p: Promise<unknown>, code: NexusErrorCode, attempts?: number): Promise<NexusError> {
  let caught: unknown;
  await assert.rejects(p, (err) => {
    caught = err;
    return true;
  });
  assert.ok(caught instanceof NexusError, `a NexusError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  if (attempts !== undefined) assert.equal(caught.attempts, attempts, `attempts: ${caught.message}`);
  return caught;
}

describe("SDK against a ready Nexus", () => {
  let t: TestNexus;
  let admin: NexusClient;
  before(async () => {
    t = await startTestNexus("postgres");
    admin = await NexusClient.connect({ env: await cliEnvFor(t, tempDir(), "admin", SUPERUSER) });
  });
  after(async () => {
    admin.close();
    await t.close();
  });

  test("secrets: put, get, versions, CAS, list, metadata, delete, undelete, destroy, remove", async () => {
    assert.equal(admin.spiffeId, SUPERUSER);
    const channel = admin.connection.secrets.getChannel();
    assert.equal(admin.connection.cipher.getChannel(), channel, "every service shares one channel");
    assert.equal((await admin.put("apps/sdk/db", { user: "app", password: "one" })).version, 1);
    assert.equal((await admin.put("apps/sdk/db", { user: "app", password: "two" }, { cas: 1, customMetadata: { owner: "team-x" } })).version, 2);
    const cur = await admin.get("apps/sdk/db");
    assert.deepEqual(cur.data, { user: "app", password: "two" });
    assert.equal(cur.version, 2);
    assert.equal(cur.currentVersion, 2);
    assert.ok(cur.createdTime instanceof Date);
    assert.deepEqual((await admin.get("apps/sdk/db", { version: 1 })).data.password, "one");
    await rejectsWith(admin.put("apps/sdk/db", { password: "late" }, { cas: 1 }), "failed_precondition");
    await admin.put("apps/sdk/other", { k: "v" });
    assert.deepEqual(await admin.list("apps/sdk/"), ["apps/sdk/db", "apps/sdk/other"]);
    const page = await admin.listPage("apps/sdk/", { limit: 1 });
    assert.deepEqual(page.paths, ["apps/sdk/db"]);
    assert.notEqual(page.nextPageToken, "");

    const meta = await admin.metadata("apps/sdk/db");
    assert.equal(meta.currentVersion, 2);
    assert.deepEqual(meta.customMetadata, { owner: "team-x" });
    assert.deepEqual(meta.versions.map((v) => v.state), ["live", "live"]);
    assert.equal((await admin.updateMetadata("apps/sdk/db", { casRequired: true })).casRequired, true);
    await rejectsWith(admin.put("apps/sdk/db", { password: "no-cas" }), "invalid_argument");

    assert.deepEqual(await admin.delete("apps/sdk/db"), [2]);
    assert.deepEqual(await admin.delete("apps/sdk/db"), [], "deleting again changes nothing");
    await rejectsWith(admin.get("apps/sdk/db"), "not_found");
    assert.deepEqual(await admin.undelete("apps/sdk/db", [2]), [2]);
    assert.deepEqual(await admin.destroy("apps/sdk/db", [1]), [1]);
    assert.equal((await admin.metadata("apps/sdk/db")).versions[0]?.state, "destroyed");
    assert.equal(await admin.deleteMetadata("apps/sdk/other"), 1);
    await rejectsWith(admin.get("apps/sdk/other"), "not_found");
    await rejectsWith(admin.metadata("apps/none"), "not_found");
    await rejectsWith(admin.put("/bad//path", { k: "v" }), "invalid_argument");
  });

  test("cipher: encrypt, decrypt and rewrap; tampering and other associated data are data_loss", async () => {
    const plain = randomBytes(1000);
    const enc = await admin.encrypt(plain, { associatedData: "record-7" });
    assert.ok(enc.keyId >= 1);
    assert.deepEqual((await admin.decrypt(enc.data, { associatedData: "record-7" })).data, plain);
    await rejectsWith(admin.decrypt(enc.data, { associatedData: "record-8" }), "data_loss");
    const tampered = Buffer.from(enc.data);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
    await rejectsWith(admin.decrypt(tampered, { associatedData: "record-7" }), "data_loss");
    const re = await admin.rewrap(enc.data, { associatedData: "record-7" });
    assert.deepEqual((await admin.decrypt(re.data, { associatedData: "record-7" })).data, plain);
    assert.deepEqual((await admin.decrypt((await admin.encrypt("text")).data)).data.toString(), "text");

    const big = randomBytes(300 * 1024);
    const pieces = async function* (buf: Buffer, size: number): AsyncGenerator<Buffer> {
      for (let at = 0; at < buf.length; at += size) yield buf.subarray(at, at + size);
    };
    const sealed = new Collect();
    await admin.encryptStream(pieces(big, 50_000), sealed, { associatedData: "file-1" });
    const opened = new Collect();
    await admin.decryptStream(pieces(sealed.bytes(), 70_000), opened, { associatedData: "file-1" });
    assert.deepEqual(opened.bytes(), big);
    const cut = sealed.bytes().subarray(0, sealed.bytes().length - 100);
    await rejectsWith(admin.decryptStream(pieces(cut, 70_000), new Collect(), { associatedData: "file-1" }), "data_loss");
  });

  test("a workload with an SVID from the Workload API gets what its policy allows, and typed denials", async () => {
    await unary((md, o, cb) =>
      t.superuser.policies.Create(
        { policy: { name: "billing", spiffeIdPattern: `^spiffe://spike\\.ist/workload/billing$`, pathPattern: "^apps/billing/.*$", permissions: ["PERMISSION_READ", "PERMISSION_LIST"] } },
        md, o, cb));
    await admin.put("apps/billing/db", { password: "b1" });
    await admin.put("apps/payroll/db", { password: "p1" });
    const svid = await t.pki.issue(WORKLOAD);
    const socket = join(tempDir(), "agent.sock");
    const agent = await serveWorkloadApi(socket, () => ({ svid, ca: t.pki.ca }));
    const w = await NexusClient.connect({
      env: { SPIFFE_ENDPOINT_SOCKET: `unix://${socket}`, SPIKE_NEXUS_API_URL: `127.0.0.1:${t.nexus.port}`, SPIKE_TRUST_ROOT: TD },
    });
    try {
      assert.equal(w.spiffeId, WORKLOAD);
      assert.deepEqual((await w.get("apps/billing/db")).data, { password: "b1" });
      assert.deepEqual(await w.list("apps/"), ["apps/billing/db"], "list shows only what the policy lets it list");
      const denied = await rejectsWith(w.get("apps/payroll/db"), "permission_denied", 1);
      assert.doesNotMatch(denied.message, /p1/);
      await rejectsWith(w.put("apps/billing/db", { password: "mine" }), "permission_denied", 1);
      await rejectsWith(w.encrypt("x"), "permission_denied");
    } finally {
      w.close();
      await agent.close();
    }
    await rejectsWith(w.get("apps/billing/db"), "unavailable", 0);
  });

  test("configuration and identity failures are typed and name the cause", async () => {
    const noSource = await rejectsWith(NexusClient.connect({ env: {} }), "identity");
    assert.match(noSource.message, /SPIFFE_ENDPOINT_SOCKET/);
    const bad = await rejectsWith(NexusClient.connect({ env: { SPIKE_NEXUS_API_URL: "not an address", SPIFFE_ENDPOINT_SOCKET: "unix:///nowhere" } }), "invalid_argument");
    assert.match(bad.message, /SPIKE_NEXUS_API_URL/);
    for (const one of ["SPIKE_SVID_CERT_FILE", "SPIKE_SVID_KEY_FILE", "SPIKE_SVID_BUNDLE_FILE"]) {
      const half = await rejectsWith(NexusClient.connect({ env: { [one]: "/x" } }), "identity");
      assert.match(half.message, /go together/);
    }
    const missing = await rejectsWith(NexusClient.connect({ env: { SPIKE_SVID_CERT_FILE: "/x", SPIKE_SVID_KEY_FILE: "/y", SPIKE_SVID_BUNDLE_FILE: "/z" } }), "identity");
    assert.match(missing.message, /\/x/);
    const silent = await rejectsWith(NexusClient.connect({ env: { SPIFFE_ENDPOINT_SOCKET: `unix://${join(tempDir(), "none.sock")}` }, svidTimeoutMs: 300 }), "identity");
    assert.match(silent.message, /no X\.509-SVID/);
    // A server with a valid SVID of another role is refused at the handshake, and that is not retried.
    const impostor = new grpc.Server();
    const impostorPort = await new Promise<number>((resolve, reject) =>
      t.pki.source(`spiffe://${TD}/spike/keeper/1`).then((src) =>
        impostor.bindAsync("127.0.0.1:0", serverCredentials(src, [TD]), (err, p) => (err ? reject(err) : resolve(p)))));
    const fooled = await NexusClient.connect({ address: `127.0.0.1:${impostorPort}`, trustDomains: [TD], source: await t.pki.source(SUPERUSER), retry: { maxAttempts: 3, ...FAST } });
    try {
      const err = await rejectsWith(fooled.get("apps/sdk/db"), "identity", 1);
      assert.match(err.message, /spike\/keeper\/1/);
    } finally {
      fooled.close();
      impostor.forceShutdown();
    }
  });
});

describe("SDK retries", () => {
  const rootKey = randomBytes(32);
  const pki = createTestPki(TD);
  let uri: string;
  let drop: () => Promise<void>;
  let port = 0;
  const startOn = async (listen: string): Promise<NexusHandle> => {
    const p = await pki;
    const nexus = await startNexus(
      loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: listen, SPIKE_TRUST_ROOT: TD, DB_CONNECTION_URI: uri }),
      createLogger("nexus", { level: 6 }),
      { source: await p.source(`spiffe://${TD}/spike/nexus`), rootKeys: new InMemoryRootKeyProvider(Buffer.from(rootKey)) },
    );
    await nexus.storageReady;
    return nexus;
  };
  before(async () => {
    const db = await freshDatabase();
    uri = db.uri;
    drop = db.drop;
  });
  after(async () => {
    await drop();
    await closeAdmin();
  });

  test("calls made while Nexus restarts are retried with backoff and succeed; a put without CAS lands once", async () => {
    let nexus = await startOn("127.0.0.1:0");
    port = nexus.port;
    const p = await pki;
    const client = await NexusClient.connect({
      address: `127.0.0.1:${port}`, trustDomains: [TD], source: await p.source(SUPERUSER), retry: { maxAttempts: 30, ...FAST },
    });
    try {
      await client.put("restart/a", { v: "1" });
      await nexus.close();
      const started = Date.now();
      const read = client.get("restart/a", { version: 1 });
      const write = client.put("restart/a", { v: "2" });
      const casWrite = client.put("restart/b", { v: "1" }, { cas: 0 });
      await new Promise((r) => setTimeout(r, 1500));
      nexus = await startOn(`127.0.0.1:${port}`);
      assert.deepEqual((await read).data, { v: "1" });
      assert.equal((await write).version, 2);
      assert.equal((await casWrite).version, 1);
      assert.ok(Date.now() - started >= 1500, "the calls waited for the new Nexus");
      const meta = await client.metadata("restart/a");
      assert.equal(meta.currentVersion, 2, "the put without CAS was applied exactly once");
    } finally {
      client.close();
      await nexus.close();
    }
  });

  test("a put without CAS that reached a Nexus answering UNAVAILABLE is not sent again; reads and CAS puts are", async () => {
    const t = await startTestNexus("postgres", {}, { rootKey: false });
    const client = await NexusClient.connect({ env: await cliEnvFor(t, tempDir(), "admin", SUPERUSER), retry: { maxAttempts: 3, ...FAST } });
    try {
      const once = await rejectsWith(client.put("nr/a", { v: "1" }), "unavailable", 1);
      assert.match(once.message, /keeper|root key|not ready/i);
      await rejectsWith(client.put("nr/a", { v: "1" }, { cas: 0 }), "unavailable", 3);
      await rejectsWith(client.get("nr/a"), "unavailable", 3);
      await rejectsWith(client.undelete("nr/a"), "unavailable", 1);
      await rejectsWith(client.undelete("nr/a", [1]), "unavailable", 3);
      await rejectsWith(client.deleteMetadata("nr/a"), "unavailable", 1);
    } finally {
      client.close();
      await t.close();
    }
  });
});
