// The migration runner on real PostgreSQL (a fresh database per test on the machine's server) and on PGlite (one
// instance for the file, emptied between tests): fresh apply, idempotence, two runners at once, and the refusals.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, afterEach, beforeEach, describe, test } from "node:test";
import { openDatabase, type Database } from "../../nexus/store/database.js";
import { loadMigrations, migrate, MigrationError, MIGRATIONS_DIR, pendingMigrations } from "../../nexus/store/migrate.js";
import { captureLog } from "../harness/capture-log.js";
import { backends, closeAdmin, closeSharedPglite, openTestDatabase, testConfig, type TestDatabase } from "../harness/postgres.js";

const shippedFiles = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
const shippedVersions = shippedFiles.map((f) => Number(f.slice(0, 4)));
const latest = shippedVersions.at(-1) ?? 0;

const tempDirs: string[] = [];
/** A migrations dir: the shipped files plus `extra` (file name → SQL). */
function migrationsWith(extra: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "spike-migrations-"));
  tempDirs.push(dir);
  for (const f of shippedFiles) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  for (const [name, sql] of Object.entries(extra)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

async function tables(database: Database): Promise<string[]> {
  const rows = await database.db.any<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

after(async () => {
  await closeSharedPglite();
  await closeAdmin();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

test("MIGRATIONS_DIR is the repository's sql/ and its files load in order with sha256 checksums", () => {
  assert.equal(path.basename(MIGRATIONS_DIR), "sql");
  assert.ok(shippedFiles.includes("0001_secrets_and_keyring.sql"));
  const loaded = loadMigrations();
  assert.deepEqual(loaded.map((m) => m.file), shippedFiles);
  for (const m of loaded) {
    const expected = createHash("sha256").update(readFileSync(path.join(MIGRATIONS_DIR, m.file))).digest("hex");
    assert.equal(m.checksum, expected);
    assert.match(m.checksum, /^[0-9a-f]{64}$/);
  }
});

test("a misnamed or duplicate migration file is an error, not skipped", () => {
  const misnamed = migrationsWith({ "2_forgot_padding.sql": "SELECT 1" });
  assert.throws(() => loadMigrations(misnamed), (err: unknown) => err instanceof MigrationError && /2_forgot_padding\.sql.*NNNN_name\.sql/.test(err.message));
  const duplicate = migrationsWith({ "0001_again.sql": "SELECT 1" });
  assert.throws(() => loadMigrations(duplicate), /same version 1/);
});

test("a pending migration that sorts before an applied one is refused", () => {
  const files = loadMigrations(migrationsWith({ "9001_a.sql": "SELECT 1", "9002_b.sql": "SELECT 1" }));
  const recorded = files.filter((f) => f.version !== 9001).map((f) => ({ version: f.version, name: f.name, checksum: f.checksum }));
  assert.throws(() => pendingMigrations(files, recorded), /9001_a\.sql is pending, but migration 9002.*already applied/);
  assert.deepEqual(pendingMigrations(files, recorded.slice(0, -1)).map((f) => f.version), [9001, 9002]);
});

for (const kind of backends()) {
  describe(`migrations on ${kind}`, () => {
    const captured = captureLog();
    let t: TestDatabase;
    beforeEach(async () => {
      t = await openTestDatabase(kind, captured.log);
    });
    afterEach(async () => {
      await t.close();
    });

    test("a fresh database gets every migration, its tables and its schema_migrations rows", async () => {
      assert.deepEqual(await tables(t.database), []);
      const result = await migrate(t.database.db, captured.log);
      assert.deepEqual(result.applied, shippedVersions);
      assert.equal(result.version, latest);
      const names = await tables(t.database);
      for (const table of ["schema_migrations", "keyring", "secret_metadata", "secrets"]) assert.ok(names.includes(table), `${table} in ${names.join(",")}`);
      const rows = await t.database.db.any<{ version: number; name: string; checksum: string; applied_at: Date }>(
        "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version",
      );
      assert.deepEqual(rows.map((r) => r.version), shippedVersions);
      for (const [i, row] of rows.entries()) {
        const file = shippedFiles[i] as string;
        assert.equal(row.name, file.slice(5, -4));
        assert.equal(row.checksum, createHash("sha256").update(readFileSync(path.join(MIGRATIONS_DIR, file))).digest("hex"));
        assert.ok(row.applied_at instanceof Date && Math.abs(row.applied_at.getTime() - Date.now()) < 60_000);
      }
    });

    test("a second run applies nothing and reports the same version", async () => {
      await migrate(t.database.db, captured.log);
      const before = await t.database.db.one<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
      const again = await migrate(t.database.db, captured.log);
      assert.deepEqual(again, { applied: [], version: latest });
      const afterwards = await t.database.db.one<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
      assert.equal(afterwards.n, before.n);
    });

    test("two runners at once apply each migration exactly once", async () => {
      // A slow extra migration widens the window: without the lock both runners would see an empty database and
      // the second would fail on CREATE TABLE (or record a version twice).
      const dir = migrationsWith({ "9000_slow.sql": "SELECT pg_sleep(0.4);\nCREATE TABLE slow_marker (id integer);\n" });
      const all = [...shippedVersions, 9000];
      const logA = captureLog("runner-a");
      const logB = captureLog("runner-b");
      // postgres: a second Database, so two pools and two sessions; pglite has one session, so both runners share it.
      const second = t.uri !== undefined ? await openDatabase(testConfig({ DB_CONNECTION_URI: t.uri }), captured.log) : t.database;
      try {
        const [a, b] = await Promise.all([
          migrate(t.database.db, logA.log, { dir }),
          migrate(second.db, logB.log, { dir }),
        ]);
        assert.deepEqual([...a.applied, ...b.applied].sort((x, y) => x - y), all);
        assert.ok(a.applied.length === 0 || b.applied.length === 0, `both applied: ${a.applied} / ${b.applied}`);
        assert.equal(a.version, 9000);
        assert.equal(b.version, 9000);
        const rows = await t.database.db.any<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
        assert.deepEqual(rows.map((r) => r.version), all);
        if (kind === "postgres") {
          // They really overlapped: one of them found the lock taken.
          const waited = [logA, logB].filter((l) => l.find("info", /waiting for another Nexus/).length > 0);
          assert.equal(waited.length, 1);
        }
      } finally {
        if (second !== t.database) await second.close();
      }
    });

    test("a database with a migration the code does not know is refused: the schema is newer", async () => {
      await migrate(t.database.db, captured.log);
      await t.database.db.none("INSERT INTO schema_migrations (version, name, checksum) VALUES (9999, 'from_the_future', 'x')");
      await assert.rejects(
        migrate(t.database.db, captured.log),
        (err: unknown) =>
          err instanceof MigrationError &&
          /schema is newer than this Nexus/.test(err.message) &&
          /9999/.test(err.message) &&
          /Run a Nexus release that includes migration 9999/.test(err.message),
      );
      // Refusing changed nothing.
      const rows = await t.database.db.any<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
      assert.deepEqual(rows.map((r) => r.version), [...shippedVersions, 9999]);
    });

    test("an applied migration whose recorded checksum differs from its file is refused", async () => {
      await migrate(t.database.db, captured.log);
      await t.database.db.none("UPDATE schema_migrations SET checksum = $1 WHERE version = $2", ["0".repeat(64), shippedVersions[0]]);
      await assert.rejects(
        migrate(t.database.db, captured.log),
        (err: unknown) => err instanceof MigrationError && /was changed after it was applied/.test(err.message) && /new migration/.test(err.message),
      );
    });

    test("a migration that fails is rolled back whole and not recorded; later runs retry it", async () => {
      const dir = migrationsWith({ "9000_broken.sql": "CREATE TABLE half_done (id integer);\nSELECT no_such_function();\n" });
      await assert.rejects(
        migrate(t.database.db, captured.log, { dir }),
        (err: unknown) => err instanceof MigrationError && /9000_broken\.sql failed and was rolled back/.test(err.message) && /42883/.test(err.message),
      );
      const names = await tables(t.database);
      assert.ok(!names.includes("half_done"), "the failed migration's first statement was rolled back");
      assert.ok(names.includes("secrets"), "the migrations before it stay applied");
      const rows = await t.database.db.any<{ version: number }>("SELECT version FROM schema_migrations ORDER BY version");
      assert.deepEqual(rows.map((r) => r.version), shippedVersions);
      // The lock was released: a run with the fixed file goes through.
      const fixed = migrationsWith({ "9000_broken.sql": "CREATE TABLE half_done (id integer);\n" });
      assert.deepEqual((await migrate(t.database.db, captured.log, { dir: fixed })).applied, [9000]);
    });
  });
}
