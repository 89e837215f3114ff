// `spike backup create/verify/drill` as real processes against a dev-like stack: the dev issuer, three spike-keeper
// daemons and spike-nexus (on PostgreSQL here: the dump from the embedded PGlite is covered by
// test/integration/backup.test.ts), bootstrapped, with recovery share files. Nexus has no drill database set: a
// logical archive is drilled in an embedded PGlite in a temp dir (PostgreSQL 15 data into PostgreSQL 17) with the
// root key from the share files; a pg_dump archive (the default on PostgreSQL, dumped by the spike-nexus process
// with the machine's pg_dump) is created and verified, and its drill is refused for want of a drill database.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { closeAdmin, freePort, freshDatabase, type FreshDatabase } from "../harness/postgres.js";
import { killAll, run, startDaemon, type Daemon } from "../harness/processes.js";

const TD = "spike.ist";
let dir: string;
let issuer: DevIssuer;
let nexusPort: number;
let pg: FreshDatabase;
const daemons: Daemon[] = [];

const socket = (name: string): string => `unix://${devSocketPath(dir, name)}`;
const spike = (args: string[], role = "pilot", timeoutMs = 60_000) =>
  run("pilot", args, { SPIFFE_ENDPOINT_SOCKET: socket(role), SPIKE_NEXUS_API_URL: `127.0.0.1:${nexusPort}` }, timeoutMs);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "spike-backup-e2e-"));
  issuer = await DevIssuer.start({ devDir: dir, trustDomain: TD, registrations: defaultRegistrations(TD, 3) });
  pg = await freshDatabase();
  nexusPort = await freePort();
  const keeperPorts = [await freePort(), await freePort(), await freePort()];
  await Promise.all(keeperPorts.map(async (port, i) => {
    const d = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: socket(`keeper-${i + 1}`), SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${port}` });
    daemons.push(d);
    await d.waitFor(/Keeper is listening/);
  }));
  const nexus = startDaemon("nexus", [], {
    SPIFFE_ENDPOINT_SOCKET: socket("nexus"),
    SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${nexusPort}`,
    DB_CONNECTION_URI: pg.uri,
    SPIKE_NEXUS_KEEPER_PEERS: keeperPorts.map((p, i) => `127.0.0.1:${p}=spiffe://${TD}/spike/keeper/${i + 1}`).join(","),
    SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: "500ms",
  });
  daemons.push(nexus);
  await nexus.waitFor(/database ready/);
});

after(async () => {
  for (const d of daemons) await d.stop("SIGKILL");
  killAll();
  await issuer?.stop();
  await pg?.drop();
  await closeAdmin();
  rmSync(dir, { recursive: true, force: true });
});

describe("spike backup against a dev-like stack", () => {
  const archive = (): string => join(dir, "nexus.ndjson.gz");
  const pgArchive = (): string => join(dir, "nexus.dump");
  /** A copy of `from` cut to half its size, beside its (intact) manifest. */
  const truncatedCopy = (from: string, name: string): string => {
    const cut = join(dir, name);
    copyFileSync(from, cut);
    copyFileSync(`${from}.manifest.json`, `${cut}.manifest.json`);
    truncateSync(cut, Math.floor(statSync(cut).size / 2));
    return cut;
  };
  const shares = (): string => join(dir, "shares");

  test("create: a bootstrapped Nexus with secrets is dumped to an archive and its manifest (0600)", async () => {
    const boot = await spike(["operator", "bootstrap", "--token-file", join(dir, "admin-token")]);
    assert.equal(boot.code, 0, boot.stderr);
    for (const args of [["apps/db", "password=one"], ["apps/db", "password=two"], ["apps/api", "key=k"]]) {
      const put = await spike(["secret", "put", ...args]);
      assert.equal(put.code, 0, put.stderr);
    }
    const rec = await spike(["operator", "recover", "--dir", shares()], "pilot-recover");
    assert.equal(rec.code, 0, rec.stderr);

    const made = await spike(["backup", "create", "--archive-format", "logical", "--out", archive(), "--format", "json"]);
    assert.equal(made.code, 0, made.stderr);
    const m = JSON.parse(made.stdout) as { archive: string; databaseBackend: string; schemaVersion: number; keyCheckFingerprint: string; rowCounts: Record<string, number>; mac: string };
    assert.equal(m.databaseBackend, "postgres");
    assert.equal(m.rowCounts.secret_metadata, 2);
    assert.equal(m.rowCounts.secrets, 3);
    assert.match(m.keyCheckFingerprint, /^[0-9a-f]{16}$/);
    assert.ok(m.mac.length > 0);
    assert.equal(statSync(archive()).mode & 0o777, 0o600);
    assert.equal(statSync(`${archive()}.manifest.json`).mode & 0o777, 0o600);
    assert.ok(!existsSync(`${archive()}.partial`));

    const pgMade = await spike(["backup", "create", "--out", pgArchive(), "--format", "json"]);
    assert.equal(pgMade.code, 0, pgMade.stderr);
    const pm = JSON.parse(pgMade.stdout) as { archiveFormat: string; rowCounts: Record<string, number>; mac: string };
    assert.equal(pm.archiveFormat, "pg_dump-custom", "pg_dump is the default on PostgreSQL");
    assert.equal(pm.rowCounts.secrets, 3);
    assert.ok(pm.mac.length > 0);
    assert.equal(readFileSync(pgArchive()).subarray(0, 5).toString("latin1"), "PGDMP");
  });

  test("pg_dump archive: verify passes (pg_restore reads it all); truncated exits 8; the drill without a drill database exits 7 naming it", async () => {
    const ok = await spike(["backup", "verify", pgArchive()]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /The backup is intact: .*manifest MAC verified/);
    const truncated = await spike(["backup", "verify", truncatedCopy(pgArchive(), "cut.dump")]);
    assert.equal(truncated.code, 8);
    const drill = await spike(["backup", "drill", pgArchive()]);
    assert.equal(drill.code, 7, drill.stderr);
    assert.match(drill.stderr, /SPIKE_NEXUS_BACKUP_DRILL_DB_URI/);
  });

  test("verify: an intact backup passes; a truncated one exits 8 saying so; a missing manifest exits 5", async () => {
    const ok = await spike(["backup", "verify", archive()]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /The backup is intact: .*manifest MAC verified/);

    const truncated = await spike(["backup", "verify", truncatedCopy(archive(), "cut.ndjson.gz")]);
    assert.equal(truncated.code, 8);
    assert.match(truncated.stdout, /NOT usable[\s\S]*\(truncated\)/);

    const lonely = join(dir, "lonely.ndjson.gz");
    copyFileSync(archive(), lonely);
    const noManifest = await spike(["backup", "verify", lonely]);
    assert.equal(noManifest.code, 5);
    assert.match(noManifest.stderr, /cannot read the manifest/);
  });

  test("drill: restores into a throwaway PGlite with the root key from share files, decrypts every version; RPO and RTO printed", async () => {
    const r = await spike(["backup", "drill", archive(), "--shares-dir", shares()], "pilot", 120_000);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Restore drill PASSED/);
    assert.match(r.stdout, /versions decrypted 3\/3, audit chain intact/);
    assert.match(r.stdout, /RPO \d+ s .*; RTO \d+\.\d s/);
    console.log(`# ${r.stdout.trim().split("\n").at(-1) ?? ""}`);
  });

  test("restore: refused (exit 7) into a database that is not empty", async () => {
    const r = await spike(["backup", "restore", archive()]);
    assert.equal(r.code, 7, r.stderr);
    assert.match(r.stderr, /only into an empty database/);
  });

  test("drill: a tampered archive exits 8 and restores nothing", async () => {
    const bad = join(dir, "tampered.ndjson.gz");
    const bytes = readFileSync(archive());
    const mid = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(mid) ^ 0xff, mid);
    writeFileSync(bad, bytes);
    copyFileSync(`${archive()}.manifest.json`, `${bad}.manifest.json`);
    const r = await spike(["backup", "drill", bad, "--format", "json"]);
    assert.equal(r.code, 8);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: string[] };
    assert.equal(out.ok, false);
    assert.ok(out.problems.some((p) => /SHA-256 does not match/.test(p)), out.problems.join("; "));
  });
});
