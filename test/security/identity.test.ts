// Security suite, identity side (issue 8 item 5): certificates from a foreign CA and expired SVIDs never complete
// a handshake; SPIFFE IDs that only look like a role by string prefix (spike/pilot-evil, spike/keeper/1/x,
// superuser-x, nexus-evil) or come from another trust domain get PERMISSION_DENIED on every RPC of every Nexus
// service; and no workload reaches the reserved spike/system/ paths through an unanchored pattern.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NEXUS_SERVICES, clients, services } from "../../lib/proto.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { channelOptions } from "../../spiffe/tls.js";
import { callAny } from "../harness/call-any.js";
import { TD, startTestNexus, type TestNexus } from "../harness/nexus.js";
import { createTestPki, rawClientCredentials } from "../harness/pki.js";

let t: TestNexus;
const opened: grpc.Client[] = [];
before(async () => {
  t = await startTestNexus("postgres");
});
after(async () => {
  for (const c of opened) c.close();
  await t.close();
});

function healthWith(cert: { certPem: string; keyPem: string }, caPem = t.pki.ca.certPem): Promise<grpc.status> {
  const client = new clients.Health(`127.0.0.1:${t.nexus.port}`, rawClientCredentials(caPem, cert.certPem, cert.keyPem), channelOptions());
  opened.push(client);
  return new Promise((resolve) => client.Check({ service: "" }, { deadline: Date.now() + 5000 }, (err) => resolve(err ? err.code : grpc.status.OK)));
}

describe("certificates", () => {
  test("an SVID from a foreign CA (same trust domain name, another key) is refused at the handshake", async () => {
    const rogue = await createTestPki(TD);
    const svid = await rogue.issue(`spiffe://${TD}/spike/pilot/role/superuser`);
    assert.equal(await healthWith(svid), grpc.status.UNAVAILABLE);
    assert.equal(await healthWith(svid, rogue.ca.certPem), grpc.status.UNAVAILABLE, "trusting the rogue CA on the client side changes nothing");
  });

  test("an expired SVID of our own CA is refused at the handshake; a valid one of the same ID is admitted", async () => {
    const now = Date.now();
    const expired = await t.pki.mintRaw(`spiffe://${TD}/spike/pilot/role/superuser`, { notBefore: new Date(now - 7_200_000), notAfter: new Date(now - 60_000) });
    assert.equal(await healthWith(expired), grpc.status.UNAVAILABLE);
    assert.equal(await healthWith(await t.pki.mintRaw(`spiffe://${TD}/spike/pilot/role/superuser`)), grpc.status.OK);
  });
});

describe("role-prefix spoofs and foreign trust domains", () => {
  const spoofs = [
    `spiffe://${TD}/spike/pilot-evil`,
    `spiffe://${TD}/spike/pilot/role/superuser-x`,
    `spiffe://${TD}/spike/keeper/1/x`,
    `spiffe://${TD}/spike/nexus-evil`,
    `spiffe://evil.example/spike/pilot/role/superuser`,
  ];
  for (const id of spoofs) {
    test(`${id} gets no RPC of any Nexus service`, async () => {
      // Minted directly by our CA (the test PKI's issuer would refuse a foreign trust domain).
      const svid = await t.pki.mintRaw(id);
      const client = new grpc.Client(`127.0.0.1:${t.nexus.port}`, rawClientCredentials(t.pki.ca.certPem, svid.certPem, svid.keyPem), channelOptions());
      opened.push(client);
      const outcomes: string[] = [];
      for (const name of NEXUS_SERVICES) {
        for (const method of Object.values(services[name]) as Array<grpc.MethodDefinition<object, object>>) {
          const s = await callAny(client, method);
          if (s.code !== grpc.status.PERMISSION_DENIED) outcomes.push(`${method.path}: ${grpc.status[s.code]} ${s.details}`);
        }
      }
      assert.deepEqual(outcomes, []);
    });
  }
});

describe("reserved paths", () => {
  let workload: NexusConnection;
  const W = `spiffe://${TD}/workload/w`;
  const create = (spiffeIdPattern: string, pathPattern: string, name: string) =>
    unary((md, o, cb) => t.superuser.policies.Create({ policy: { name, spiffeIdPattern, pathPattern, permissions: ["PERMISSION_READ", "PERMISSION_WRITE", "PERMISSION_LIST", "PERMISSION_EXECUTE"] } }, md, o, cb));

  before(async () => {
    await create(`^${W.replaceAll(".", "\\.")}$`, "apps/.*", "w-apps");
    workload = await t.connectAs(W);
  });

  test("a policy with an unanchored SPIFFE-ID pattern may not reach spike/system/ by any path pattern", async () => {
    const reaching = [".*", "spike/.*", "spike/system/.*", "spike/system/acl", ".*acl", "(apps|spike/system/acl)", "spike/sys.*/acl", "[s]pike/system/cipher/exec", "spike.system.secret", ".*/system/.*"];
    let i = 0;
    for (const path of reaching) {
      await assert.rejects(create("spiffe://spike\\.ist/workload/.*", path, `reach-${i++}`), (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && /reserved path/.test(e.details), path);
    }
    const rows = await t.db.db.one<{ c: string }>("SELECT count(*) AS c FROM policies WHERE name LIKE 'reach-%'");
    assert.equal(Number(rows.c), 0, "none was stored");
  });

  test("a workload granted apps/.* reaches no reserved operation and no reserved path, traversal included", async () => {
    const denied = (e: grpc.ServiceError): boolean => e.code === grpc.status.PERMISSION_DENIED || e.code === grpc.status.INVALID_ARGUMENT;
    await assert.rejects(unary((md, o, cb) => workload.policies.List({}, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.PERMISSION_DENIED);
    await assert.rejects(unary((md, o, cb) => workload.cipher.Encrypt({ plaintext: Buffer.from("x") }, md, o, cb)), (e: grpc.ServiceError) => e.code === grpc.status.PERMISSION_DENIED);
    for (const path of ["spike/system/acl", "spike/system/secret", "apps/../spike/system/acl", "apps/./../spike/system/secret"]) {
      await assert.rejects(unary((md, o, cb) => workload.secrets.Get({ path, version: 0 }, md, o, cb)), denied, path);
      await assert.rejects(unary((md, o, cb) => workload.secrets.Put({ path, data: { k: "v" } }, md, o, cb)), denied, path);
    }
    // ...while its own grant works, so the refusals above are about the paths.
    await unary((md, o, cb) => workload.secrets.Put({ path: "apps/ok", data: { k: "v" } }, md, o, cb));
  });
});
