// A pg_dump backup over verified TLS with a password (ADR 0028): a throwaway cluster with ssl=on whose pg_hba lets
// Nexus's role in only over TLS with SCRAM. pg_dump (create) and pg_restore (drill) reach it only if Nexus hands
// them the password (PGPASSWORD), the CA from DB_ROOT_CERT (PGSSLROOTCERT) and verify-full, as it uses them itself;
// none of them appears on a command line.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { createBackup, drillBackup, verifyBackup } from "../../pilot/client/backup.js";
import { unary } from "../../pilot/client/connect.js";
import { derToPem } from "../../spiffe/pem.js";
import { mintPostgresServer } from "../harness/bad-certs.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { startCluster, type Cluster } from "../harness/postgres.js";
import { createPool } from "../../nexus/store/database.js";
import { captureLog } from "../harness/capture-log.js";

let cluster: Cluster | undefined;
let t: TestNexus | undefined;
let rootCert = "";

before(async () => {
  const server = await mintPostgresServer();
  cluster = await startCluster({ ssl: server });
  rootCert = Buffer.from(derToPem(server.ca.der, "CERTIFICATE")).toString("base64");
  const admin = createPool({ connectionString: cluster.uri, max: 1 }, "tls-admin", captureLog().log);
  try {
    await admin.none("CREATE ROLE spike_nexus LOGIN CREATEDB PASSWORD 'n3xus-pw'");
    await admin.none("CREATE DATABASE spike OWNER spike_nexus");
    await admin.none("CREATE DATABASE spike_drill OWNER spike_nexus");
    // spike_nexus only over TLS with its password; everyone else as before (trust).
    const hba = path.join(cluster.dir, "data", "pg_hba.conf");
    writeFileSync(hba, `hostssl all spike_nexus 127.0.0.1/32 scram-sha-256\nhost all spike_nexus 127.0.0.1/32 reject\nlocal all spike_nexus reject\n${readFileSync(hba, "utf8")}`);
    await admin.one("SELECT pg_reload_conf()");
  } finally {
    await admin.$pool.end();
  }
  const uri = (db: string): string => `postgres://spike_nexus:n3xus-pw@localhost:${(cluster as Cluster).port}/${db}?sslmode=verify-full`;
  t = await startTestNexus("postgres", { DB_CONNECTION_URI: uri("spike"), DB_ROOT_CERT: rootCert, SPIKE_NEXUS_BACKUP_DRILL_DB_URI: uri("spike_drill") });
});

after(async () => {
  await t?.close();
  await cluster?.destroy();
});

describe("pg_dump backups over verified TLS with a password", () => {
  test("create, verify and drill: pg_dump and pg_restore connect with Nexus's settings", async () => {
    const nexus = t as TestNexus;
    for (const [path, value] of [["apps/db", "one"], ["apps/db", "two"], ["apps/api", "k"]] as const) {
      await unary((md, o, cb) => nexus.superuser.secrets.Put({ path, data: { v: value }, customMetadata: null }, md, o, cb));
    }
    const pieces: Buffer[] = [];
    const manifest = await createBackup(nexus.superuser, new Writable({ write(c: Buffer, _e, cb) { pieces.push(c); cb(); } }));
    const archive = Buffer.concat(pieces);
    assert.equal(manifest.archiveFormat, "pg_dump-custom");
    assert.equal(Number(manifest.rowCounts.secrets), 3);
    async function* chunks(): AsyncGenerator<Buffer> {
      yield archive;
    }
    const v = await verifyBackup(nexus.superuser, { ...manifest }, chunks());
    assert.deepEqual(v.problems, []);
    const r = await drillBackup(nexus.superuser, { ...manifest }, [], chunks());
    assert.deepEqual(r.problems, []);
    assert.equal(r.versionsDecrypted, 3);
    assert.equal(r.auditChainOk, true);
  });
});
