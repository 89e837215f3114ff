// Which pg_dump / pg_restore Nexus runs (ADR 0028): the newest found, at least the server's major version, and a
// message naming what to install otherwise; the libpq environment carries the connection without argv.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { findPgTool, libpqEnv } from "../../nexus/backup/pg-tools.js";

/** The machine's PostgreSQL client directory (the test environment has one; the integration tests need it). */
const installed = readdirSync("/usr/lib/postgresql").map((v) => `/usr/lib/postgresql/${v}/bin`).sort().at(-1) as string;

describe("finding pg_dump", () => {
  test("the newest on PATH and in /usr/lib/postgresql/*/bin, with its version", async () => {
    const tool = await findPgTool("pg_dump", { binDir: undefined, minMajor: 10, why: "a test" });
    assert.match(tool.version, /^\d+\.\d+$/);
    assert.ok(tool.major >= 10);
  });

  test("older than the server: FAILED_PRECONDITION naming the version found and the package to install", async () => {
    const found = await findPgTool("pg_dump", { binDir: installed, minMajor: 0, why: "a test" });
    await assert.rejects(findPgTool("pg_dump", { binDir: installed, minMajor: found.major + 1, why: "a pg_dump backup of PostgreSQL 99" }), (err: Error & { code?: string }) => {
      assert.equal(err.code, "failed_precondition");
      assert.match(err.message, new RegExp(`needs pg_dump ${found.major + 1} or newer; the newest in SPIKE_NEXUS_PG_BIN_DIR \\(${installed}\\) is ${found.version.replace(".", "\\.")}`));
      assert.match(err.message, new RegExp(`postgresql-client-${found.major + 1}`));
      return true;
    });
  });

  test("none in SPIKE_NEXUS_PG_BIN_DIR: says so, and what to install", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "spike-nobin-"));
    try {
      await assert.rejects(findPgTool("pg_restore", { binDir: empty, minMajor: 15, why: "checking a backup" }), /checking a backup needs pg_restore, and there is none in SPIKE_NEXUS_PG_BIN_DIR .*postgresql-client-15/);
      await assert.rejects(findPgTool("pg_restore", { binDir: empty, minMajor: 0, why: "checking a backup" }), /install the PostgreSQL client tools beside Nexus \(Debian\/Ubuntu: postgresql-client\)/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("the libpq environment", () => {
  test("connection, password and CA go in the environment (a 0600 file for the CA), inherited PG* variables do not", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "spike-libpq-"));
    process.env.PGSERVICE = "elsewhere";
    try {
      const tool = await findPgTool("pg_dump", { binDir: undefined, minMajor: 0, why: "a test" });
      const env = await libpqEnv({ host: "db.example", port: 5433, database: "spike", user: "nexus", password: "pw" }, "-----BEGIN CERTIFICATE-----\n", dir, tool);
      assert.equal(env.PGHOST, "db.example");
      assert.equal(env.PGPORT, "5433");
      assert.equal(env.PGPASSWORD, "pw");
      assert.equal(env.PGSSLMODE, "verify-full", "DB_ROOT_CERT without sslmode means verify-full, as for Nexus's pool");
      assert.equal(env.PGSERVICE, undefined);
      const ca = env.PGSSLROOTCERT as string;
      assert.equal(readFileSync(ca, "utf8"), "-----BEGIN CERTIFICATE-----\n");
      assert.equal(statSync(ca).mode & 0o777, 0o600);
      const plain = await libpqEnv({ host: "127.0.0.1", port: 5432, database: "spike", user: "nexus" }, undefined, dir, tool);
      assert.equal(plain.PGSSLMODE, "disable");
      assert.equal(plain.PGPASSWORD, undefined);
    } finally {
      delete process.env.PGSERVICE;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
