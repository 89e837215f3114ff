// mTLS between the real Nexus and Keeper servers (in process) and clients with minted SVIDs: who gets in, who
// is refused at the handshake, who is refused per call, and what every RPC of the contract answers.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createLogger } from "../../lib/log.js";
import { NEXUS_SERVICES, clients, services } from "../../lib/proto.js";
import { describeRole, hasRole } from "../../lib/roles.js";
import { loadKeeperConfig } from "../../keeper/config.js";
import { startKeeper, type KeeperHandle } from "../../keeper/server.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { startNexus, type NexusHandle } from "../../nexus/server.js";
import { connectNexus, unary } from "../../pilot/client/connect.js";
import { channelOptions, clientCredentials } from "../../spiffe/tls.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { callAny } from "../harness/call-any.js";
import { createTestPki, rawClientCredentials, type TestPki } from "../harness/pki.js";
import { closeAdmin, freshDatabase, type FreshDatabase } from "../harness/postgres.js";

const TD = "spike.ist";
const id = (path: string): string => `spiffe://${TD}${path}`;
const quiet = createLogger("test", { level: 6 });

let pki: TestPki;
let pg: FreshDatabase;
let nexus: NexusHandle;
let keeper: KeeperHandle;
const sources: X509Source[] = [];
const opened: grpc.Client[] = [];

async function sourceFor(spiffeId: string): Promise<X509Source> {
  const s = await pki.source(spiffeId);
  sources.push(s);
  return s;
}

type ClientCtor = new (a: string, c: grpc.ChannelCredentials, o: grpc.ClientOptions) => grpc.Client;

/** A client that checks nothing about the server, so the test isolates what the server decides. */
async function clientAs<T extends grpc.Client>(Ctor: new (a: string, c: grpc.ChannelCredentials, o: grpc.ClientOptions) => T, port: number, spiffeId: string): Promise<T> {
  const svid = await pki.issue(spiffeId);
  const client = new Ctor(`127.0.0.1:${port}`, rawClientCredentials(pki.ca.certPem, svid.certPem, svid.keyPem), channelOptions());
  opened.push(client);
  return client;
}

function health(client: InstanceType<typeof clients.Health>): Promise<grpc.StatusObject & { status?: string | undefined }> {
  return new Promise((resolve) => {
    client.Check({ service: "" }, { deadline: Date.now() + 5000 }, (err, res) => {
      if (err) resolve({ code: err.code, details: err.details, metadata: err.metadata });
      else resolve({ code: grpc.status.OK, details: "", metadata: new grpc.Metadata(), status: res?.status });
    });
  });
}

before(async () => {
  pki = await createTestPki(TD);
  pg = await freshDatabase();
  nexus = await startNexus(loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", DB_CONNECTION_URI: pg.uri }), quiet, { source: await sourceFor(id("/spike/nexus")) });
  // Policies live in the database: until it is open, policy guards answer UNAVAILABLE, not a decision.
  await nexus.storageReady;
  keeper = await startKeeper(loadKeeperConfig({ SPIKE_KEEPER_TLS_PORT: "127.0.0.1:0" }), quiet, await sourceFor(id("/spike/keeper/2")));
});

after(async () => {
  for (const c of opened) c.close();
  await nexus.close();
  await keeper.close();
  for (const s of sources) s.close();
  await pg.drop();
  await closeAdmin();
});

describe("Nexus admits valid SVIDs and checks roles per call", () => {
  test("the Pilot superuser sees Nexus SERVING through the real client, which verified Nexus's ID", async () => {
    const conn = connectNexus(`127.0.0.1:${nexus.port}`, await sourceFor(id("/spike/pilot/role/superuser")), [TD]);
    try {
      const res = await unary<{ status: string }>((md, o, cb) => conn.health.Check({ service: "" }, md, o, cb));
      assert.equal(res.status, "SERVING");
      assert.equal(conn.serverId()?.text, id("/spike/nexus"));
    } finally {
      conn.close();
    }
  });

  test("every RPC of every Nexus service answers PERMISSION_DENIED to a workload with no grant", async () => {
    let count = 0;
    for (const key of NEXUS_SERVICES) {
      const Ctor: ClientCtor = clients[key];
      const client = await clientAs(Ctor, nexus.port, id("/workload/intruder"));
      for (const [name, method] of Object.entries(services[key])) {
        const status = await callAny(client, method);
        assert.equal(status.code, grpc.status.PERMISSION_DENIED, `${key}.${name}: ${status.details}`);
        assert.match(status.details, /workload\/intruder may not call/);
        count++;
      }
    }
    assert.ok(count >= 35, `walked ${count} RPCs`);
  });

  test("the superuser passes the guard of every RPC but recover/restore, and gets an answer (never a hang)", async () => {
    const notForSuperuser = new Set(["/spike.v1.Operator/Recover", "/spike.v1.Operator/Restore"]);
    for (const key of NEXUS_SERVICES) {
      const Ctor: ClientCtor = clients[key];
      const client = await clientAs(Ctor, nexus.port, id("/spike/pilot/role/superuser"));
      for (const method of Object.values(services[key])) {
        const status = await callAny(client, method);
        if (notForSuperuser.has(method.path)) assert.equal(status.code, grpc.status.PERMISSION_DENIED, method.path);
        else assert.notEqual(status.code, grpc.status.PERMISSION_DENIED, `${method.path}: ${status.details}`);
        assert.notEqual(status.code, grpc.status.DEADLINE_EXCEEDED, method.path);
      }
    }
  });

  test("recover and restore belong to their own roles, not the superuser's", async () => {
    // Past the guard, this Nexus has no root key (Recover: UNAVAILABLE) and the empty share is bad input (Restore).
    const rec = await clientAs(clients.Operator, nexus.port, id("/spike/pilot/role/recover"));
    assert.equal((await callAny(rec, services.Operator.Recover)).code, grpc.status.UNAVAILABLE);
    assert.equal((await callAny(rec, services.Operator.Restore)).code, grpc.status.PERMISSION_DENIED);
    const res = await clientAs(clients.Operator, nexus.port, id("/spike/pilot/role/restore"));
    assert.equal((await callAny(res, services.Operator.Restore)).code, grpc.status.INVALID_ARGUMENT);
    assert.equal((await callAny(res, services.Operator.Recover)).code, grpc.status.PERMISSION_DENIED);
  });

  test("a role faked by string prefix is nobody: superuser-x is denied; superuser/sub-path is the superuser", async () => {
    const fake = await clientAs(clients.Secrets, nexus.port, id("/spike/pilot/role/superuser-x"));
    assert.equal((await callAny(fake, services.Secrets.Get)).code, grpc.status.PERMISSION_DENIED);
    const sub = await clientAs(clients.Secrets, nexus.port, id("/spike/pilot/role/superuser/alice"));
    // Past the guard, the empty request fails validation: proof the guard let it through.
    assert.equal((await callAny(sub, services.Secrets.Get)).code, grpc.status.INVALID_ARGUMENT);
  });

  test("an ID from another trust domain, signed by our CA, is refused on every call", async () => {
    const other = await createTestPki("evil.example");
    const minted = await other.issue("spiffe://evil.example/spike/pilot/role/superuser");
    // Chains to the evil CA, which Nexus does not trust: the handshake fails.
    const client = new clients.Health(`127.0.0.1:${nexus.port}`, rawClientCredentials(pki.ca.certPem, minted.certPem, minted.keyPem), channelOptions());
    opened.push(client);
    assert.equal((await health(client)).code, grpc.status.UNAVAILABLE);
  });
});

describe("certificates that must never get in", () => {
  const rawLeaf = (opts: Parameters<TestPki["mintRaw"]>[1], spiffeId = id("/spike/pilot/role/superuser")) => pki.mintRaw(spiffeId, opts);

  async function healthWith(cert: { certPem: string; keyPem: string }): Promise<grpc.StatusObject> {
    const client = new clients.Health(`127.0.0.1:${nexus.port}`, rawClientCredentials(pki.ca.certPem, cert.certPem, cert.keyPem), channelOptions());
    opened.push(client);
    return health(client);
  }

  test("an SVID from a second dev CA with the same trust domain name is refused at the handshake", async () => {
    const rogue = await createTestPki(TD);
    const svid = await rogue.issue(id("/spike/pilot/role/superuser"));
    const status = await healthWith({ certPem: svid.certPem, keyPem: svid.keyPem });
    assert.equal(status.code, grpc.status.UNAVAILABLE);
  });

  test("an expired SVID from our own CA is refused at the handshake", async () => {
    const now = Date.now();
    const cert = await rawLeaf({ notBefore: new Date(now - 7_200_000), notAfter: new Date(now - 3_600_000) });
    assert.equal((await healthWith(cert)).code, grpc.status.UNAVAILABLE);
  });

  test("a certificate from our CA with two URI SANs is not an SVID: refused on every call, health included", async () => {
    const cert = await rawLeaf({ uris: [id("/spike/pilot/role/superuser"), id("/workload/other")] });
    const status = await healthWith(cert);
    assert.equal(status.code, grpc.status.PERMISSION_DENIED);
    assert.match(status.details, /URI SAN/i);
  });

  test("a well-formed leaf minted the same way is admitted (so the refusals above are about the defect)", async () => {
    const status = await healthWith(await rawLeaf({}));
    assert.equal(status.code, grpc.status.OK);
  });

  test("a CA certificate posing as a leaf is refused", async () => {
    const cert = await rawLeaf({ basicConstraints: { ca: true } });
    const status = await healthWith(cert);
    assert.notEqual(status.code, grpc.status.OK);
  });

  test("a leaf whose key usage allows certificate signing is refused", async () => {
    const { KeyUsage } = await import("../harness/bad-certs.js");
    const status = await healthWith(await rawLeaf({ keyUsage: KeyUsage.digitalSignature | KeyUsage.keyCertSign }));
    assert.equal(status.code, grpc.status.PERMISSION_DENIED);
    assert.match(status.details, /keyCertSign|key usage/i);
  });
});

describe("clients check the server's SPIFFE ID", () => {
  test("a client expecting Nexus refuses a Keeper (a valid SVID of the right CA, the wrong role)", async () => {
    const conn = connectNexus(`127.0.0.1:${keeper.port}`, await sourceFor(id("/spike/nexus")), [TD]);
    try {
      await assert.rejects(unary((md, o, cb) => conn.health.Check({ service: "" }, md, o, cb)), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.UNAVAILABLE);
        assert.match(err.details, new RegExp(`server SPIFFE ID is ${id("/spike/keeper/2")}, want ${describeRole("nexus", [TD])}`));
        return true;
      });
    } finally {
      conn.close();
    }
  });
});

describe("Keepers admit only Nexus and bootstrap", () => {
  async function keeperAs(spiffeId: string): Promise<InstanceType<typeof clients.Keeper>> {
    const source = await sourceFor(spiffeId);
    const client = new clients.Keeper(`127.0.0.1:${keeper.port}`, clientCredentials(source, [TD], { expected: "keeper", allows: (k) => hasRole(k, "keeper", [TD]) }), channelOptions());
    opened.push(client);
    return client;
  }
  const keeperCall = <Res>(fn: (md: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => grpc.ClientUnaryCall): Promise<Res> => unary(fn, 5000);

  test("the Pilot superuser, a workload and a prefix-spoofed Nexus are refused on every call, health included", async () => {
    for (const who of [id("/spike/pilot/role/superuser"), id("/workload/app"), id("/spike/nexus-evil")]) {
      const client = await clientAs(clients.Keeper, keeper.port, who);
      for (const method of Object.values(services.Keeper)) {
        assert.equal((await callAny(client, method)).code, grpc.status.PERMISSION_DENIED, `${who} ${method.path}`);
      }
      const h = await clientAs(clients.Health, keeper.port, who);
      assert.equal((await health(h)).code, grpc.status.PERMISSION_DENIED);
    }
  });

  test("bootstrap may contribute but not read; Nexus may read back exactly what was contributed", async () => {
    const boot = await keeperAs(id("/spike/bootstrap"));
    const value = Buffer.alloc(32, 7);
    await assert.rejects(keeperCall((md, o, cb) => boot.Contribute({ share: { id: 3, value } }, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && /holds share 2/.test(e.details));
    await assert.rejects(keeperCall((md, o, cb) => boot.Contribute({ share: { id: 2, value: Buffer.alloc(32) } }, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && /all zeros/.test(e.details));
    await assert.rejects(keeperCall((md, o, cb) => boot.Contribute({ share: { id: 2, value: Buffer.alloc(32, 0xff) } }, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && /scalar/.test(e.details));
    const res = await keeperCall<{ unchanged: boolean }>((md, o, cb) => boot.Contribute({ share: { id: 2, value } }, md, o, cb));
    assert.equal(res.unchanged, false);
    await assert.rejects(keeperCall((md, o, cb) => boot.Shard({}, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.PERMISSION_DENIED);

    const nx = await keeperAs(id("/spike/nexus"));
    const shard = await keeperCall<{ share: { id: number; value: Buffer } | null }>((md, o, cb) => nx.Shard({}, md, o, cb));
    assert.equal(shard.share?.id, 2);
    assert.deepEqual(shard.share?.value, value);
    const status = await keeperCall<{ hasShare: boolean; shareId: number }>((md, o, cb) => nx.Status({}, md, o, cb));
    assert.equal(status.hasShare, true);
    assert.equal(status.shareId, 2);
  });
});
