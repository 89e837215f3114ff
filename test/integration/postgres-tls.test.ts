// Verified TLS to a real PostgreSQL the harness starts with ssl=on and a server certificate from a test CA:
// DB_ROOT_CERT with sslmode=verify-ca / verify-full, the refusals (wrong CA, wrong host name) that stop Nexus at
// start saying which, and sslmode=require without a root cert, which connects but warns.
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError } from "../../lib/env.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { startStorage } from "../../nexus/storage.js";
import { openDatabase } from "../../nexus/store/database.js";
import { derToPem } from "../../spiffe/pem.js";
import { KeyUsage, mint, mintPostgresServer, type Minted } from "../harness/bad-certs.js";
import { captureLog } from "../harness/capture-log.js";
import { createTestPki } from "../harness/pki.js";
import { startCluster, type Cluster } from "../harness/postgres.js";
import { killAll, startDaemon } from "../harness/processes.js";

const TD = "spike.ist";
let cluster: Cluster | undefined;
let ca: Minted;
let otherCa: Minted;
const b64 = (m: Minted): string => Buffer.from(derToPem(m.der, "CERTIFICATE")).toString("base64");
const uri = (host: string, query: string): string => `postgres://postgres@${host}:${(cluster as Cluster).port}/postgres${query}`;

before(async () => {
  otherCa = await mint({ subject: "CN=Some Other CA", basicConstraints: { ca: true }, keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign });
  // The server certificate names "localhost" only: connecting to 127.0.0.1 under verify-full must fail.
  const server = await mintPostgresServer();
  ca = server.ca;
  cluster = await startCluster({ ssl: server });
});
after(async () => {
  killAll();
  await cluster?.destroy();
});

/** A configuration error (Nexus stops) whose message matches. */
const isRefused = (pattern: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
  assert.match(err.message, pattern);
  return true;
};

describe("TLS to PostgreSQL: DB_ROOT_CERT and sslmode", () => {
  /** Opens through loadNexusConfig, as Nexus does; returns whether the session is encrypted. */
  async function connect(host: string, query: string, rootCert?: string, log = captureLog().log): Promise<boolean> {
    const env: Record<string, string> = { DB_CONNECTION_URI: uri(host, query) };
    if (rootCert !== undefined) env.DB_ROOT_CERT = rootCert;
    const database = await openDatabase(loadNexusConfig(env), log);
    try {
      const row = await database.db.one<{ ssl: boolean }>("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
      return row.ssl;
    } finally {
      await database.close();
    }
  }

  test("verify-full with the right CA and the certificate's host name connects, encrypted", async () => {
    assert.equal(await connect("localhost", "?sslmode=verify-full", b64(ca)), true);
  });

  test("a root cert without sslmode means verify-full", async () => {
    assert.equal(await connect("localhost", "", b64(ca)), true);
    await assert.rejects(connect("127.0.0.1", "", b64(ca)), isRefused(/does not name the host/));
  });

  test("verify-full refuses a host name the certificate does not carry, saying so", async () => {
    await assert.rejects(connect("127.0.0.1", "?sslmode=verify-full", b64(ca)), isRefused(/does not name the host in DB_CONNECTION_URI/));
  });

  test("verify-ca checks the chain only: the same host name mismatch connects", async () => {
    assert.equal(await connect("127.0.0.1", "?sslmode=verify-ca", b64(ca)), true);
  });

  test("a wrong CA is refused under verify-ca, verify-full and require-with-a-root-cert, saying so", async () => {
    for (const [host, query] of [["127.0.0.1", "?sslmode=verify-ca"], ["localhost", "?sslmode=verify-full"], ["127.0.0.1", "?sslmode=require"]] as const) {
      await assert.rejects(connect(host, query, b64(otherCa)), isRefused(/not signed by the CA in DB_ROOT_CERT/), query);
    }
  });

  test("require without a root cert connects encrypted and warns that the server is not verified", async () => {
    const captured = captureLog();
    assert.equal(await connect("127.0.0.1", "?sslmode=require", undefined, captured.log), true);
    assert.equal(captured.find("warn", /server is not verified/).length, 1);
  });

  test("sslmode=disable connects in plaintext; require against a server without TLS is retried as an outage", async () => {
    assert.equal(await connect("127.0.0.1", "?sslmode=disable"), false);
    const plain = await startCluster();
    try {
      const cfg = loadNexusConfig({ DB_CONNECTION_URI: `${plain.uri}?sslmode=require` });
      await assert.rejects(openDatabase(cfg, captureLog().log), (e: unknown) => !(e instanceof ConfigError) && /does not support TLS/.test(String(e)));
    } finally {
      await plain.destroy();
    }
  });

  test("storage stops for good (no retry loop) on a certificate that does not verify", async () => {
    const captured = captureLog();
    const storage = startStorage(loadNexusConfig({ DB_CONNECTION_URI: uri("localhost", "?sslmode=verify-full"), DB_ROOT_CERT: b64(otherCa) }), captured.log);
    await assert.rejects(storage.ready, isRefused(/cannot verify PostgreSQL at postgres:\/\/postgres@localhost:\d+\/postgres \(sslmode=verify-full\): .*not signed by the CA in DB_ROOT_CERT/));
    assert.equal(captured.find("warn", /retrying/).length, 0);
    await storage.close();
  });
});

describe("a Nexus process and PostgreSQL's certificate", () => {
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "spike-pgtls-"));
    const pki = await createTestPki(TD);
    const svid = await pki.issue(`spiffe://${TD}/spike/nexus`);
    writeFileSync(path.join(dir, "svid.pem"), svid.certPem);
    writeFileSync(path.join(dir, "key.pem"), svid.keyPem, { mode: 0o600 });
    writeFileSync(path.join(dir, "bundle.pem"), pki.ca.certPem);
    env = {
      SPIKE_SVID_CERT_FILE: path.join(dir, "svid.pem"),
      SPIKE_SVID_KEY_FILE: path.join(dir, "key.pem"),
      SPIKE_SVID_BUNDLE_FILE: path.join(dir, "bundle.pem"),
      SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0",
      SPIKE_LOG_FORMAT: "json",
    };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [what, host, cert, message] of [
    ["a wrong CA", "localhost", () => b64(otherCa), /not signed by the CA in DB_ROOT_CERT/],
    ["a wrong host name under verify-full", "127.0.0.1", () => b64(ca), /does not name the host in DB_CONNECTION_URI/],
  ] as const) {
    test(`stops at start on ${what}, saying which`, async () => {
      const nexus = startDaemon("nexus", [], { ...env, DB_CONNECTION_URI: uri(host, "?sslmode=verify-full"), DB_ROOT_CERT: cert() });
      await nexus.waitFor(message, 30_000);
      const code = await new Promise<number | null>((resolve) => {
        if (nexus.child.exitCode !== null) resolve(nexus.child.exitCode);
        else nexus.child.once("exit", (c) => resolve(c));
      });
      assert.equal(code, 1, nexus.output());
    });
  }

  test("serves with the right CA", async () => {
    const nexus = startDaemon("nexus", [], { ...env, DB_CONNECTION_URI: uri("localhost", "?sslmode=verify-full"), DB_ROOT_CERT: b64(ca) });
    await nexus.waitFor(/database ready/, 30_000);
    assert.equal(await nexus.stop(), 0);
  });
});
