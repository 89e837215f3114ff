// The CLI's one-shot transport (pilot/client/oneshot.ts, ADR 0029) checks Nexus exactly as the grpc-js
// credentials do: for each server below, both clients reach the same verdict, and a refused server never sees the
// request. Servers are plain grpc-js servers serving health, some with raw certificates that skip our checks.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { services } from "../../lib/proto.js";
import { Status } from "../../lib/wire/status.js";
import { connectNexus, unary, type NexusConnection } from "../../pilot/client/connect.js";
import { connectNexusOnce } from "../../pilot/client/oneshot.js";
import { serverCredentials } from "../../spiffe/tls.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { createTestPki, type TestPki } from "../harness/pki.js";

const TD = "spike.ist";
let pki: TestPki;
let client: X509Source;
const servers: grpc.Server[] = [];
let calls = 0;

async function serve(credentials: grpc.ServerCredentials): Promise<string> {
  const server = new grpc.Server();
  server.addService(services.Health, {
    Check: (_call: unknown, cb: grpc.sendUnaryData<{ status: string }>) => {
      calls++;
      cb(null, { status: "SERVING" });
    },
  });
  servers.push(server);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", credentials, (err, p) => (err ? reject(err) : resolve(p))));
  return `127.0.0.1:${port}`;
}

/** A server presenting a raw certificate (no SPIFFE checks of ours on its side), trusting our CA for clients. */
async function rawServer(cert: { certPem: string; keyPem: string }): Promise<string> {
  return serve(grpc.ServerCredentials.createSsl(Buffer.from(pki.ca.certPem), [{ cert_chain: Buffer.from(cert.certPem), private_key: Buffer.from(cert.keyPem) }], true));
}

type Verdict = { ok: true; serverId: string | undefined } | { ok: false; code: number; details: string };

async function check(connect: (address: string, source: X509Source, tds: readonly string[]) => NexusConnection, address: string): Promise<Verdict> {
  const conn = connect(address, client, [TD]);
  try {
    await unary((md, o, cb) => conn.health.Check({ service: "" }, md, o, cb), 5000);
    return { ok: true, serverId: conn.serverId()?.text };
  } catch (err) {
    const e = err as grpc.ServiceError;
    return { ok: false, code: e.code, details: e.details };
  } finally {
    conn.close();
  }
}

/** Both transports against `address`: the same verdict, and (when refused) no request reached the server. */
async function bothSay(address: string): Promise<[Verdict, Verdict]> {
  const before = calls;
  const viaGrpc = await check(connectNexus, address);
  const viaOneShot = await check(connectNexusOnce, address);
  assert.equal(viaOneShot.ok, viaGrpc.ok, `grpc-js: ${JSON.stringify(viaGrpc)}; one-shot: ${JSON.stringify(viaOneShot)}`);
  if (!viaGrpc.ok) assert.equal(calls, before, "a refused server saw the request");
  return [viaGrpc, viaOneShot];
}

before(async () => {
  pki = await createTestPki(TD);
  client = await pki.source(`spiffe://${TD}/spike/pilot/role/superuser`);
});
after(() => {
  for (const s of servers) s.forceShutdown();
});

describe("the one-shot CLI transport checks Nexus as strictly as grpc-js", () => {
  test("Nexus's SVID from our CA: answered, and the verified ID is Nexus's", async () => {
    const [g, o] = await bothSay(await serve(serverCredentials(await pki.source(`spiffe://${TD}/spike/nexus`), [TD])));
    assert.deepEqual(o, { ok: true, serverId: `spiffe://${TD}/spike/nexus` });
    assert.deepEqual(g, o);
  });

  test("a Keeper (right CA, wrong role) is refused, saying whom it found and whom it wanted", async () => {
    const [, o] = await bothSay(await serve(serverCredentials(await pki.source(`spiffe://${TD}/spike/keeper/1`), [TD])));
    assert.ok(!o.ok);
    assert.equal(o.code, Status.UNAVAILABLE);
    assert.match(o.details, new RegExp(`server SPIFFE ID is spiffe://${TD}/spike/keeper/1, want spiffe://${TD}/spike/nexus`));
  });

  test("Nexus's ID under a foreign CA of the same trust domain name is refused at the handshake", async () => {
    const rogue = await createTestPki(TD);
    const [, o] = await bothSay(await rawServer(await rogue.mintRaw(`spiffe://${TD}/spike/nexus`)));
    assert.ok(!o.ok);
    assert.equal(o.code, Status.UNAVAILABLE);
  });

  test("Nexus's path in another trust domain, signed by our CA, is refused", async () => {
    const [, o] = await bothSay(await rawServer(await pki.mintRaw("spiffe://evil.example/spike/nexus")));
    assert.ok(!o.ok);
    assert.match(o.details, /server (SPIFFE ID|certificate refused)/);
  });

  test("an expired Nexus SVID of our CA is refused", async () => {
    const now = Date.now();
    const [, o] = await bothSay(await rawServer(await pki.mintRaw(`spiffe://${TD}/spike/nexus`, { notBefore: new Date(now - 7_200_000), notAfter: new Date(now - 60_000) })));
    assert.ok(!o.ok);
  });

  test("a server certificate with two URI SANs is not an SVID: refused", async () => {
    const [, o] = await bothSay(await rawServer(await pki.mintRaw(`spiffe://${TD}/spike/nexus`, { uris: [`spiffe://${TD}/spike/nexus`, `spiffe://${TD}/workload/x`] })));
    assert.ok(!o.ok);
    assert.match(o.details, /URI SAN/);
  });

  test("nothing listening: UNAVAILABLE, worded as a connection that never happened", async () => {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    server.forceShutdown();
    const o = await check(connectNexusOnce, `127.0.0.1:${port}`);
    assert.ok(!o.ok);
    assert.equal(o.code, Status.UNAVAILABLE);
    assert.match(o.details, /No connection established.*ECONNREFUSED/);
  });
});
