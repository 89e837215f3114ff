// Backups and the restore drill (issue 7), in both archive formats: pg_dump-custom (pg_dump -Fc run by Nexus,
// pg_restore for verify and drill; ADR 0028) and spike-logical-v1 (ADR 0021). A dump of many secrets restores into a throwaway database where every
// version decrypts and the audit chain verifies; a tampered, truncated or newer-schema dump is caught by verify and
// by the drill (and nothing is restored from it); a drill pointed at the live database is refused; only the
// superuser may call; the embedded PGlite is backed up the same way. SPIKE_TEST_BACKUP_SECRETS sets how many secrets
// the big drill holds: 2,000 in `npm test`, 10,000 with `npm run test:drill` (the issue's goal: under 60 s).
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { gunzipSync, gzipSync } from "node:zlib";
import { createHash, randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { Writable } from "node:stream";
import { KeyringCipher } from "../../nexus/secrets/keyring-cipher.js";
import { SecretsService } from "../../nexus/secrets/service.js";
import { KeyringRepository } from "../../nexus/store/keyring-repository.js";
import { SecretsRepository } from "../../nexus/store/secrets-repository.js";
import { createBackup, drillBackup, restoreBackup, verifyBackup } from "../../pilot/client/backup.js";
import { AuditLog } from "../../nexus/audit/log.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import type { BackupManifest, BackupManifest__Output } from "../../proto/types/spike/v1/BackupManifest.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TD, startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends, freshDatabase, type FreshDatabase } from "../harness/postgres.js";

const SECRETS = Number(process.env.SPIKE_TEST_BACKUP_SECRETS ?? 2_000);

interface Backup {
  archive: Buffer;
  manifest: BackupManifest__Output;
}

const LOGICAL = "spike-logical-v1";
const PGDUMP = "pg_dump-custom";

async function takeBackup(c: NexusConnection, format = ""): Promise<Backup> {
  const pieces: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      pieces.push(chunk);
      cb();
    },
  });
  const manifest = await createBackup(c, sink, () => undefined, format);
  return { archive: Buffer.concat(pieces), manifest };
}

async function* chunks(buf: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < buf.length; at += 256 * 1024) yield buf.subarray(at, at + 256 * 1024);
}

const asInput = (m: BackupManifest__Output): BackupManifest => ({ ...m });
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

const put = (c: NexusConnection, path: string, data: Record<string, string>) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data, customMetadata: null }, md, o, cb));

/** Rewrites the archive's lines through `edit` and returns a forged backup whose checksum and size fit. */
function forge(b: Backup, edit: (lines: string[]) => string[], manifest: Partial<BackupManifest> = {}): { archive: Buffer; manifest: BackupManifest } {
  const lines = gunzipSync(b.archive).toString("utf8").split("\n");
  const archive = gzipSync(Buffer.from(edit(lines).join("\n"), "utf8"));
  return { archive, manifest: { ...asInput(b.manifest), archiveSha256: sha(archive), archiveBytes: archive.length, ...manifest } };
}

async function loadSecrets(t: TestNexus, n: number, opts: { prefix?: string; value?: (i: number) => string } = {}): Promise<void> {
  // Bulk load through Nexus's own services in this process (no gRPC, no audit rows): the drill, not the load, is
  // what this test measures. Commits need not wait for the disk here.
  await t.db.db.none("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET synchronous_commit = off', current_database()); END $$");
  const cipher = new KeyringCipher(t.rootKeys, () => new KeyringRepository(t.db.db));
  const service = new SecretsService(new SecretsRepository(t.db.db), cipher, { maxBytes: 1 << 20, maxKeys: 100, defaultMaxVersions: 10 });
  const prefix = opts.prefix ?? "load/s";
  const value = opts.value ?? ((i: number) => `v${i}`);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < n; i = next++) await service.put(`${prefix}${String(i).padStart(6, "0")}`, [["value", value(i)]], {});
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  cipher.close();
}

describe("backup and restore drill on postgres", () => {
  let t: TestNexus;
  let drillDb: FreshDatabase;
  let good: Backup;

  before(async () => {
    drillDb = await freshDatabase();
    t = await startTestNexus("postgres", { SPIKE_NEXUS_BACKUP_DRILL_DB_URI: drillDb.uri });
    // A few secrets through the API (audited, several versions, one destroyed), then the bulk.
    await put(t.superuser, "apps/db", { password: "one" });
    await put(t.superuser, "apps/db", { password: "two" });
    await put(t.superuser, "apps/api", { key: "k" });
    await unary((md, o, cb) => t.superuser.secrets.Destroy({ path: "apps/api", versions: [1] }, md, o, cb));
    const started = performance.now();
    await loadSecrets(t, SECRETS);
    console.log(`# loaded ${SECRETS} secrets in ${Math.round(performance.now() - started)} ms`);
  });

  after(async () => {
    await t?.close();
    await drillDb?.drop();
  });

  test(`create, verify and drill a backup of ${SECRETS} secrets: every version decrypts, the audit chain verifies`, async () => {
    let started = performance.now();
    good = await takeBackup(t.superuser, LOGICAL);
    const createMs = Math.round(performance.now() - started);
    const m = good.manifest;
    assert.equal(m.archiveFormat, "spike-logical-v1");
    assert.equal(Number(m.archiveBytes), good.archive.length);
    assert.equal(m.archiveSha256, sha(good.archive));
    assert.equal(Number(m.rowCounts.secret_metadata), SECRETS + 2);
    assert.ok(m.schemaVersion >= 5);
    assert.equal(m.mac.length, 32, "signed with the live root key");
    assert.ok(!good.archive.includes(Buffer.from("v1234")), "values are not in the archive in the clear (it is compressed ciphertext)");

    started = performance.now();
    const v = await verifyBackup(t.superuser, asInput(m), chunks(good.archive));
    assert.deepEqual(v.problems, []);
    assert.equal(v.ok, true);
    assert.equal(v.macVerified, true);
    assert.ok(v.tocEntries >= 8);
    const verifyMs = Math.round(performance.now() - started);

    await drillPasses(good, `${SECRETS} secrets`, createMs, verifyMs);
    // The drill's schema is gone again.
    const left = await t.db.db.any(`SELECT 1 FROM pg_namespace WHERE nspname LIKE 'spike_drill_%'`);
    assert.equal(left.length, 0);
  });

  test("a tampered archive is caught by verify and by the drill, and nothing is restored from it", async () => {
    const flipped = Buffer.from(good.archive);
    const mid = Math.floor(flipped.length / 2);
    flipped.writeUInt8(flipped.readUInt8(mid) ^ 0x01, mid);
    const v = await verifyBackup(t.superuser, asInput(good.manifest), chunks(flipped));
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /SHA-256 does not match/.test(p)), v.problems.join("; "));
    const r = await drillBackup(t.superuser, asInput(good.manifest), [], chunks(flipped));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => /SHA-256 does not match/.test(p)));
    assert.equal(r.versionsDecrypted, 0, "nothing restored");

    // A forger who edits a ciphertext and recomputes the checksum: the manifest's MAC gives it away, and the
    // edited version fails to decrypt.
    const forged = forge(good, (lines) => {
      const i = lines.findIndex((l) => l.startsWith('{"path":"load/s000007"') && l.includes('"ciphertext":"\\\\x'));
      assert.ok(i > 0, "found the row to edit");
      lines[i] = (lines[i] as string).replace(/("ciphertext":"\\\\x[0-9a-f]{40})([0-9a-f])/, (_all, head: string, c: string) => `${head}${c === "0" ? "1" : "0"}`);
      return lines;
    });
    const fv = await verifyBackup(t.superuser, forged.manifest, chunks(forged.archive));
    assert.equal(fv.ok, false);
    assert.equal(fv.macVerified, false);
    assert.ok(fv.problems.some((p) => /MAC does not verify/.test(p)), fv.problems.join("; "));
    const fr = await drillBackup(t.superuser, forged.manifest, [], chunks(forged.archive));
    assert.equal(fr.ok, false);
    assert.ok(fr.problems.some((p) => /MAC does not verify/.test(p)), fr.problems.join("; "));
    assert.ok(fr.problems.some((p) => /1 secret versions do not decrypt: load\/s000007@1/.test(p)), fr.problems.join("; "));
    assert.equal(fr.versionsDecrypted, fr.versionsTotal - 1);
  });

  test("a truncated archive: verify and drill say it is truncated", async () => {
    const cut = good.archive.subarray(0, Math.floor(good.archive.length / 2));
    const v = await verifyBackup(t.superuser, asInput(good.manifest), chunks(cut));
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /truncated/.test(p)), v.problems.join("; "));
    // Even with a manifest made to fit the cut file, the archive's own structure gives it away.
    const fitted = { ...asInput(good.manifest), archiveSha256: sha(cut), archiveBytes: cut.length };
    const r = await drillBackup(t.superuser, fitted, [], chunks(cut));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => /truncated/.test(p)), r.problems.join("; "));
    assert.equal(r.versionsDecrypted, 0);
  });

  test("a backup from a newer schema is refused", async () => {
    const newer = forge(good, (lines) => {
      lines[0] = (lines[0] as string).replace(/"schemaVersion":\d+/, '"schemaVersion":9999');
      return lines;
    }, { schemaVersion: 9999 });
    const v = await verifyBackup(t.superuser, newer.manifest, chunks(newer.archive));
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /schema version 9999, newer than this Nexus/.test(p)), v.problems.join("; "));
    const r = await drillBackup(t.superuser, newer.manifest, [], chunks(newer.archive));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => /newer than this Nexus/.test(p)));
    assert.equal(r.schemaVersion, 0, "nothing restored");
  });

  test("restore: into an empty database only, all or nothing; the restored data reads back with the backup's key", async () => {
    const fresh = await startTestNexus("postgres", {}, { rootKey: false });
    try {
      const flipped = Buffer.from(good.archive);
      flipped.writeUInt8(flipped.readUInt8(100) ^ 0x01, 100);
      await assert.rejects(restoreBackup(fresh.superuser, asInput(good.manifest), chunks(flipped)), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
        assert.match(err.details, /SHA-256 does not match/);
        return true;
      });
      const r = await restoreBackup(fresh.superuser, asInput(good.manifest), chunks(good.archive));
      assert.equal(Number(r.rowCounts.secret_metadata), SECRETS + 2);
      assert.equal(r.keyCheckFingerprint, good.manifest.keyCheckFingerprint);
      await assert.rejects(restoreBackup(fresh.superuser, asInput(good.manifest), chunks(good.archive)), (err: grpc.ServiceError) => {
        assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
        assert.match(err.details, /only into an empty database/);
        return true;
      });
      // What a restarted Nexus with the backup's root key sees.
      const keys = new InMemoryRootKeyProvider(t.rootKeys.rootKey());
      const cipher = new KeyringCipher(keys, () => new KeyringRepository(fresh.db.db));
      const service = new SecretsService(new SecretsRepository(fresh.db.db), cipher, { maxBytes: 1 << 20, maxKeys: 100, defaultMaxVersions: 10 });
      assert.deepEqual((await service.get("load/s000007", 0)).data, { value: "v7" });
      assert.deepEqual((await service.get("apps/db", 1)).data, { password: "one" });
      cipher.close();
      const auditLog = new AuditLog(() => fresh.db.db, () => undefined, false);
      const audit = await auditLog.verify(0, 0, () => undefined).finally(() => auditLog.close());
      assert.equal(audit.ok, true, audit.broken?.detail);
      const own = await fresh.db.db.any<{ action: string }>("SELECT action FROM audit_log ORDER BY sequence DESC LIMIT 3");
      assert.ok(own.some((row) => row.action === "backup.restore"), "the restore's own record follows the restored chain");
    } finally {
      await fresh.close();
    }
  });

  let goodPg: Backup;

  /** Drills a good backup of the loaded database: everything passes; prints the timings. */
  async function drillPasses(b: Backup, label: string, createMs: number, verifyMs: number): Promise<void> {
    const started = performance.now();
    const stages = new Set<string>();
    const r = await drillBackup(t.superuser, asInput(b.manifest), [], chunks(b.archive), (p) => stages.add(p.stage));
    const drillMs = Math.round(performance.now() - started);
    assert.deepEqual(r.problems, []);
    assert.equal(r.ok, true);
    assert.equal(r.secrets, SECRETS + 2);
    // apps/db has 2 versions, apps/api 1 of which is destroyed (not counted), each bulk secret 1.
    assert.equal(r.versionsTotal, SECRETS + 2);
    assert.equal(r.versionsDecrypted, r.versionsTotal);
    assert.equal(r.auditChainOk, true);
    assert.ok(Number(r.auditRecords) >= 4);
    assert.equal(r.schemaVersion, b.manifest.schemaVersion);
    assert.ok(stages.has("restoring") && stages.has("decrypting"), [...stages].join(","));
    console.log(`# ${label}: archive ${b.archive.length} bytes; create ${createMs} ms, verify ${verifyMs} ms, drill ${drillMs} ms (RTO ${r.rtoMillis} ms, RPO ${r.rpoSeconds} s)`);
  }
  /** backup.create audit records (sealed or pending) of dumps that stopped because their caller went away. */
  const failedDumps = async (): Promise<string[]> =>
    (await t.db.db.any<{ outcome: string }>(
      "SELECT outcome FROM audit_log WHERE action = 'backup.create' UNION ALL SELECT outcome FROM audit_pending WHERE action = 'backup.create'",
    )).map((r) => r.outcome).filter((o) => o === "UNAVAILABLE");
  /** Drill databases left on the drill server (each drill makes `<drill db>_<random>` and drops it). */
  const drillDatabases = async (): Promise<string[]> =>
    (await t.db.db.any<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${drillDb.name}\\_%`])).map((r) => r.datname);

  test(`pg_dump format: create, verify and drill a backup of ${SECRETS} secrets: every version decrypts, the audit chain verifies`, async () => {
    let started = performance.now();
    goodPg = await takeBackup(t.superuser); // the default on PostgreSQL
    const createMs = Math.round(performance.now() - started);
    const m = goodPg.manifest;
    assert.equal(m.archiveFormat, PGDUMP);
    assert.equal(goodPg.archive.subarray(0, 5).toString("latin1"), "PGDMP", "a pg_dump custom-format archive");
    assert.equal(Number(m.archiveBytes), goodPg.archive.length);
    assert.equal(m.archiveSha256, sha(goodPg.archive));
    assert.equal(Number(m.rowCounts.secret_metadata), SECRETS + 2);
    assert.ok(Number(m.rowCounts.audit_log) >= 4, "row counts are the snapshot's, audit log included");
    assert.equal(m.mac.length, 32, "signed with the live root key");
    assert.equal(m.keyCheckFingerprint, good.manifest.keyCheckFingerprint);

    started = performance.now();
    const v = await verifyBackup(t.superuser, asInput(m), chunks(goodPg.archive));
    const verifyMs = Math.round(performance.now() - started);
    assert.deepEqual(v.problems, []);
    assert.equal(v.macVerified, true);
    assert.equal(v.tocEntries, Object.keys(m.rowCounts).length, "one TABLE DATA entry per table the manifest counts");

    await drillPasses(goodPg, `pg_dump format, ${SECRETS} secrets`, createMs, verifyMs);
    assert.deepEqual(await drillDatabases(), [], "the drill's database is dropped");
  });

  test("pg_dump format: the manifest's row counts are the dumped snapshot's, even while writers go on", async () => {
    // Writes during the dump land after the exported snapshot: the archive and its counts both leave them out.
    const writes = (async () => {
      for (let i = 0; i < 20; i++) await put(t.superuser, `during/s${i}`, { a: String(i) });
    })();
    const b = await takeBackup(t.superuser);
    await writes;
    const r = await drillBackup(t.superuser, asInput(b.manifest), [], chunks(b.archive));
    assert.deepEqual(r.problems, [], "restored row counts equal the manifest's");
    assert.equal(r.secrets, Number(b.manifest.rowCounts.secret_metadata));
  });

  test("pg_dump format: a tampered archive is caught by verify and by the drill, and nothing is restored from it", async () => {
    const flipped = Buffer.from(goodPg.archive);
    const mid = Math.floor(flipped.length / 2);
    flipped.writeUInt8(flipped.readUInt8(mid) ^ 0x01, mid);
    const v = await verifyBackup(t.superuser, asInput(goodPg.manifest), chunks(flipped));
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /SHA-256 does not match/.test(p)), v.problems.join("; "));
    const r = await drillBackup(t.superuser, asInput(goodPg.manifest), [], chunks(flipped));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => /SHA-256 does not match/.test(p)));
    assert.equal(r.versionsDecrypted, 0, "nothing restored");

    // A forger who recomputes the checksum: pg_restore finds the damaged data block, and the MAC gives it away.
    const fitted = { ...asInput(goodPg.manifest), archiveSha256: sha(flipped), archiveBytes: flipped.length };
    const fv = await verifyBackup(t.superuser, fitted, chunks(flipped));
    assert.equal(fv.ok, false);
    assert.equal(fv.macVerified, false);
    assert.ok(fv.problems.some((p) => /MAC does not verify/.test(p)), fv.problems.join("; "));
    assert.ok(fv.problems.some((p) => /cannot be read to its end \(truncated or corrupt\): pg_restore/.test(p)), fv.problems.join("; "));
    const fr = await drillBackup(t.superuser, fitted, [], chunks(flipped));
    assert.equal(fr.ok, false);
    assert.ok(fr.problems.some((p) => /cannot be read to its end/.test(p)), fr.problems.join("; "));
    assert.equal(fr.versionsDecrypted, 0);
    assert.deepEqual(await drillDatabases(), []);
  });

  test("pg_dump format: a truncated archive: verify and drill say it is truncated", async () => {
    const cut = goodPg.archive.subarray(0, Math.floor(goodPg.archive.length / 2));
    const v = await verifyBackup(t.superuser, asInput(goodPg.manifest), chunks(cut));
    assert.equal(v.ok, false);
    assert.ok(v.problems.some((p) => /truncated/.test(p)), v.problems.join("; "));
    // With a manifest made to fit the cut file, pg_restore still reads to the end and fails there.
    const fitted = { ...asInput(goodPg.manifest), archiveSha256: sha(cut), archiveBytes: cut.length };
    const r = await drillBackup(t.superuser, fitted, [], chunks(cut));
    assert.equal(r.ok, false);
    assert.ok(r.problems.some((p) => /truncated or corrupt/.test(p)), r.problems.join("; "));
    assert.equal(r.versionsDecrypted, 0);
    // Not an archive at all.
    const junk = Buffer.from("not a dump\n");
    const jv = await verifyBackup(t.superuser, { ...asInput(goodPg.manifest), archiveSha256: sha(junk), archiveBytes: junk.length }, chunks(junk));
    assert.ok(jv.problems.some((p) => /not a pg_dump custom-format archive/.test(p)), jv.problems.join("; "));
  });

  test("pg_dump format: a backup from a newer schema is refused, whether the manifest or the archive says so", async () => {
    const claim = { ...asInput(goodPg.manifest), schemaVersion: 9999 };
    const v = await verifyBackup(t.superuser, claim, chunks(goodPg.archive));
    assert.ok(v.problems.some((p) => /schema version 9999, newer than this Nexus/.test(p)), v.problems.join("; "));
    const r = await drillBackup(t.superuser, claim, [], chunks(goodPg.archive));
    assert.equal(r.ok, false);
    assert.equal(r.schemaVersion, 0, "nothing restored");

    // An archive really taken from a newer schema (its schema_migrations has migration 9999), with a manifest that
    // does not say so: pg_restore's reading of the archive gives it away.
    const scratch = await freshDatabase();
    const dir = mkdtempSync(path.join(tmpdir(), "spike-newer-"));
    try {
      const env = { ...process.env, PGHOST: "127.0.0.1", PGUSER: "postgres", PGDATABASE: scratch.name };
      writeFileSync(path.join(dir, "a.dump"), goodPg.archive);
      execFileSync("psql", ["-qc", "DROP SCHEMA public CASCADE"], { env });
      execFileSync("pg_restore", ["--no-owner", "--no-privileges", "-d", scratch.name, path.join(dir, "a.dump")], { env });
      execFileSync("psql", ["-qc", "INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'future', 'x')"], { env });
      const newer = execFileSync("pg_dump", ["-Fc", "-n", "public"], { env, maxBuffer: 1 << 30 });
      const m = { ...asInput(goodPg.manifest), archiveSha256: sha(newer), archiveBytes: newer.length };
      const nv = await verifyBackup(t.superuser, m, chunks(newer));
      assert.ok(nv.problems.some((p) => /archive is from schema version 9999, newer than this Nexus/.test(p)), nv.problems.join("; "));
      const nr = await drillBackup(t.superuser, m, [], chunks(newer));
      assert.ok(nr.problems.some((p) => /9999/.test(p)), nr.problems.join("; "));
      assert.equal(nr.schemaVersion, 0, "nothing restored");
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await scratch.drop();
    }
  });

  test("pg_dump format: Restore refuses it (pg_restore restores it; docs/backup.md), and an unknown format is INVALID_ARGUMENT", async () => {
    await assert.rejects(restoreBackup(t.superuser, asInput(goodPg.manifest), chunks(goodPg.archive)), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
      assert.match(err.details, /restored with pg_restore/);
      return true;
    });
    await assert.rejects(takeBackup(t.superuser, "tar"), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
      assert.match(err.details, /"tar" is not a backup format/);
      return true;
    });
  });

  /**
   * Whether a dump of this database is running now: pg_dump's session, or the snapshot transaction of Spike's own
   * format between its fetches.
   */
  const dumpRunning = async (format: string): Promise<boolean> =>
    (await t.db.db.any(
      format === PGDUMP
        ? "SELECT 1 FROM pg_stat_activity WHERE application_name = 'spike-nexus-backup' AND datname = current_database()"
        : `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND state LIKE 'idle in transaction%' AND query LIKE 'FETCH%'`,
    )).length > 0;

  // "paused": the caller stops reading, then cancels (the dump is waiting for room). "reading": the caller cancels
  // while it reads, so the dump may be anywhere. (A dump that was fetching rows when its reader failed used to wait
  // forever; that moment is hard to hit from here, so test/unit/gzip-pipe.test.ts drives it directly.)
  const cancels = [
    { format: LOGICAL, mode: "paused" },
    { format: PGDUMP, mode: "paused" },
    { format: LOGICAL, mode: "reading" },
  ] as const;
  for (const { format, mode } of cancels) {
    test(`${format}: a caller that cancels mid-dump (${mode}) stops it: the snapshot transaction ends, Nexus goes on serving`, async () => {
      // Some 2 MiB of values that do not compress: the archive is then far larger than everything between the dump
      // and a reader that stops (gzip's buffers, the HTTP/2 window, the sockets), so the dump must wait for the reader.
      // Without it the archive of this database is ~150 KB, about what those buffers hold: the dump could finish
      // before the cancel arrived and be recorded "ok".
      if ((await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM secret_metadata WHERE path LIKE 'large/%'")).n === 0) {
        await loadSecrets(t, 32, { prefix: "large/s", value: () => randomBytes(48 * 1024).toString("base64") });
      }
      const before = (await failedDumps()).length;
      const call = t.superuser.backup.Create({ format });
      let pieces = 0;
      let heldBack = false;
      await new Promise<void>((resolve) => {
        call.on("data", (m: { event?: string }) => {
          if (mode === "reading") {
            if (m.event === "chunk" && ++pieces === 3) {
              heldBack = true; // 3 pieces of an archive of over 2 MiB: the dump has far to go
              call.cancel();
              resolve();
            }
            return;
          }
          if (m.event === "chunk" && ++pieces === 1) {
            // Stop reading: flow control stalls the dump (pg_dump blocks on its pipe), so the cancel finds it running.
            call.pause();
            void (async () => {
              // The cancel must find the dump running, held back by the reader (else this tests nothing).
              const deadline = Date.now() + 5000;
              let running = false;
              while (!running && Date.now() < deadline) {
                running = await dumpRunning(format);
                if (!running) await new Promise((r) => setTimeout(r, 50));
              }
              heldBack = running;
              call.cancel();
              resolve();
            })();
          }
        });
        call.on("error", () => resolve());
      });
      assert.ok(heldBack, `the ${format} dump is still running when the caller cancels`);
      // The dump's audit record says it stopped (a dump that ran on to the end would be recorded "ok").
      const deadline = Date.now() + 10_000;
      let outcomes: string[] = [];
      while (outcomes.length <= before && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        outcomes = await failedDumps();
      }
      assert.equal(outcomes.length, before + 1);
      let open: unknown[] = [];
      while (Date.now() < deadline) {
        // No dump transaction and no pg_dump session left behind.
        open = await t.db.db.any(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
             AND ((state LIKE 'idle in transaction%' AND (query LIKE 'FETCH%' OR query LIKE '%pg_export_snapshot%' OR query LIKE 'SELECT count(*)%'))
                  OR application_name = 'spike-nexus-backup')`);
        if (open.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(open.length, 0, "no dump transaction or pg_dump left open");
      assert.ok((await put(t.superuser, `apps/after-cancel-${format}`, { a: "1" })).version >= 1);
    });
  }

  test("only the superuser may back up", async () => {
    const workload = await t.connectAs(`spiffe://${TD}/workload/billing`);
    await assert.rejects(takeBackup(workload), (err: grpc.ServiceError) => err.code === grpc.status.PERMISSION_DENIED);
  });
});

describe("a drill pointed at the live database", () => {
  let t: TestNexus;
  let live: FreshDatabase;
  before(async () => {
    live = await freshDatabase();
    t = await startTestNexus("postgres", { DB_CONNECTION_URI: live.uri });
    await put(t.superuser, "apps/x", { a: "1" });
  });
  after(async () => {
    await t?.close();
    await live?.drop();
  });

  test("is a configuration error when the URI names it (spelled differently: localhost for 127.0.0.1)", async () => {
    const { loadNexusConfig } = await import("../../nexus/config.js");
    assert.throws(
      () => loadNexusConfig({ DB_CONNECTION_URI: live.uri, SPIKE_NEXUS_BACKUP_DRILL_DB_URI: live.uri.replace("127.0.0.1", "localhost") }),
      /SPIKE_NEXUS_BACKUP_DRILL_DB_URI.*names Nexus's own live database/s,
    );
  });

  test("is refused too when the URI reaches it under another name (the server's Unix socket)", async () => {
    const name = new URL(live.uri).pathname.slice(1);
    const viaSocket = `postgres://postgres@localhost/${name}?host=/var/run/postgresql`;
    const other = await startTestNexus("postgres", { DB_CONNECTION_URI: live.uri, SPIKE_NEXUS_BACKUP_DRILL_DB_URI: viaSocket });
    try {
      other.rootKeys.set(t.rootKeys.rootKey());
      for (const format of [PGDUMP, LOGICAL]) {
        const b = await takeBackup(other.superuser, format);
        await assert.rejects(drillBackup(other.superuser, asInput(b.manifest), [], chunks(b.archive)), (err: grpc.ServiceError) => {
          assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
          assert.match(err.details, /reaches Nexus's own live database under another name/);
          return true;
        }, format);
      }
      const databases = await t.db.db.any("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${name}\\_%`]);
      assert.equal(databases.length, 0, "no drill database was created");
      const schemas = await t.db.db.any("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'spike_drill_%'");
      assert.equal(schemas.length, 0);
      const n = await t.db.db.one<{ n: string }>("SELECT count(*) AS n FROM secret_metadata");
      assert.equal(Number(n.n), 1, "the live database is untouched");
    } finally {
      await other.close();
    }
  });
});

describe("a backup of the embedded PGlite", { skip: !backends().includes("pglite") && "SPIKE_TEST_BACKENDS leaves out pglite" }, () => {
  let t: TestNexus;
  let drillDb: FreshDatabase;
  before(async () => {
    drillDb = await freshDatabase();
    t = await startTestNexus("pglite", { SPIKE_NEXUS_BACKUP_DRILL_DB_URI: drillDb.uri });
  });
  after(async () => {
    await t?.close();
    await drillDb?.drop();
  });

  test("is taken from PGlite (PostgreSQL 17) and drilled on PostgreSQL 15", async () => {
    await put(t.superuser, "apps/db", { password: "one" });
    await put(t.superuser, "apps/db", { password: "two" });
    await put(t.superuser, "apps/api", { key: "k" });
    const b = await takeBackup(t.superuser); // the default on PGlite
    assert.equal(b.manifest.databaseBackend, "pglite");
    assert.equal(b.manifest.archiveFormat, LOGICAL);
    await assert.rejects(takeBackup(t.superuser, PGDUMP), (err: grpc.ServiceError) => {
      assert.equal(err.code, grpc.status.FAILED_PRECONDITION);
      assert.match(err.details, /pg_dump cannot read the embedded PGlite/);
      return true;
    });
    const v = await verifyBackup(t.superuser, asInput(b.manifest), chunks(b.archive));
    assert.deepEqual(v.problems, []);
    const r = await drillBackup(t.superuser, asInput(b.manifest), [], chunks(b.archive));
    assert.deepEqual(r.problems, []);
    assert.equal(r.versionsDecrypted, 3);
    assert.equal(r.versionsTotal, 3);
    assert.equal(r.auditChainOk, true);
  });
});
