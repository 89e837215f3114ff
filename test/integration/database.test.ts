// The database connection: the embedded PGlite (private socket, close/reopen, lock), outage classification, a real
// PostgreSQL that stops and crashes under an open pool, pool settings and configuration (verified TLS: postgres-tls.test.ts).
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ConfigError } from "../../lib/env.js";
import { SpikeError } from "../../lib/errors.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { databaseError, guardOutage, openDatabase, parseConnectionUri, type Database } from "../../nexus/store/database.js";
import { embeddedPaths } from "../../nexus/store/embedded.js";
import { derToPem } from "../../spiffe/pem.js";
import { KeyUsage, mint } from "../harness/bad-certs.js";
import { captureLog } from "../harness/capture-log.js";
import { closeAdmin, freePort, freshDatabase, startCluster, testConfig, type Cluster } from "../harness/postgres.js";

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

after(async () => {
  await closeAdmin();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

const isUnavailable = (pattern: RegExp) => (err: unknown): boolean => {
  assert.ok(err instanceof SpikeError, `expected SpikeError, got ${String(err)}`);
  assert.equal(err.code, "unavailable");
  assert.match(err.message, /^database unavailable: /);
  assert.match(err.message, pattern);
  return true;
};

async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// ---------------------------------------------------------------------------------------------------------------

describe("the embedded database (PGlite)", () => {
  test("private socket dir, one warning, a data-dir lock, and data that survives close and reopen", async (t) => {
    const dataDir = tempDir("spike-embedded-");
    const socketDir = path.join(dataDir, "pglite-socket");
    // A socket dir left too open (by hand, by an old version) is tightened, not trusted.
    mkdirSync(socketDir);
    chmodSync(socketDir, 0o755);
    const cfg = testConfig({ SPIKE_NEXUS_DATA_DIR: dataDir });
    const first = captureLog();

    let started = performance.now();
    const database = await openDatabase(cfg, first.log);
    const firstMs = performance.now() - started;
    let reopened: Database | undefined;
    try {
      assert.equal(database.kind, "pglite");
      assert.equal(database.description, path.join(dataDir, "pglite"));
      assert.equal(statSync(socketDir).mode & 0o777, 0o700);
      const socket = path.join(socketDir, ".s.PGSQL.5432");
      assert.ok(statSync(socket).isSocket());
      assert.equal(statSync(socket).mode & 0o777, 0o600);
      assert.ok(existsSync(path.join(dataDir, "pglite", "PG_VERSION")));
      // PGlite creates its files 0666: the data directory is what keeps other users out.
      assert.equal(statSync(path.join(dataDir, "pglite")).mode & 0o777, 0o700);
      const paths = embeddedPaths(dataDir);
      assert.equal(readFileSync(paths.lockFile, "utf8").trim(), String(process.pid));

      const warnings = first.find("warn", /EMBEDDED DEVELOPMENT DATABASE/);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.text ?? "", /not for production/);
      assert.match(warnings[0]?.text ?? "", /fsync off/);
      assert.equal(first.records.filter((r) => r.level === "warn").length, 1, "exactly one warning");

      // The same SQL as on PostgreSQL, through the same pool: bytea, a transaction, a named prepared statement.
      await database.db.none("CREATE TABLE kept (id integer PRIMARY KEY, note text NOT NULL, blob bytea NOT NULL)");
      await database.db.tx(async (tx) => {
        await tx.none("INSERT INTO kept VALUES ($1, $2, $3)", [1, "survives", Buffer.from([0, 1, 2, 255])]);
        await tx.none({ name: "kept-insert", text: "INSERT INTO kept VALUES ($1, $2, $3)", values: [2, "also", Buffer.alloc(0)] });
      });

      // A second open of the same data directory is refused while the first holds it.
      await assert.rejects(openDatabase(cfg, captureLog().log), /already open in this process/);

      await database.close();
      await database.close(); // twice is fine
      assert.ok(!existsSync(socket), "the socket file is removed");
      assert.ok(!existsSync(paths.lockFile), "the lock is released");

      // A lock left by a process that is gone is taken over.
      const dead = spawnSync(process.execPath, ["-e", ""]).pid;
      writeFileSync(paths.lockFile, `${dead}\n`);
      const second = captureLog();
      started = performance.now();
      reopened = await openDatabase(cfg, second.log);
      const reopenMs = performance.now() - started;
      assert.equal(second.find("info", /taking over the embedded database lock/).length, 1);
      const rows = await reopened.db.any<{ id: number; note: string; blob: Buffer }>("SELECT id, note, blob FROM kept ORDER BY id");
      assert.deepEqual(rows, [
        { id: 1, note: "survives", blob: Buffer.from([0, 1, 2, 255]) },
        { id: 2, note: "also", blob: Buffer.alloc(0) },
      ]);
      t.diagnostic(`PGlite first start ${Math.round(firstMs)} ms, reopen ${Math.round(reopenMs)} ms`);
    } finally {
      await database.close();
      await reopened?.close();
    }
  });

  test("a data dir locked by another live process is refused, naming that process", async () => {
    const dataDir = tempDir("spike-embedded-locked-");
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      const pid = holder.pid as number;
      writeFileSync(embeddedPaths(dataDir).lockFile, `${pid}\n`);
      await assert.rejects(
        openDatabase(testConfig({ SPIKE_NEXUS_DATA_DIR: dataDir }), captureLog().log),
        new RegExp(`in use by process ${pid}`),
      );
      assert.ok(!existsSync(path.join(dataDir, "pglite")), "PGlite was not started");
      assert.equal(readFileSync(embeddedPaths(dataDir).lockFile, "utf8").trim(), String(pid), "the other process keeps its lock");
    } finally {
      holder.kill("SIGKILL");
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("databaseError", () => {
  const netError = (code: string, syscall = "connect"): Error => Object.assign(new Error(`${syscall} ${code} 10.0.0.1:5432`), { code, syscall });
  const pgError = (code: string, message = "server said no"): Error => Object.assign(new Error(message), { code, severity: "FATAL" });

  const outages: Array<[string, unknown, RegExp]> = [
    ["ECONNREFUSED", netError("ECONNREFUSED"), /connection refused \(ECONNREFUSED\)/],
    ["ECONNRESET", netError("ECONNRESET", "read"), /connection reset/],
    ["ENOTFOUND", netError("ENOTFOUND", "getaddrinfo"), /host name not found/],
    ["ETIMEDOUT", netError("ETIMEDOUT"), /timed out/],
    ["a missing Unix socket", netError("ENOENT"), /cannot connect \(ENOENT\)/],
    ["AggregateError (localhost: ::1 and 127.0.0.1)", new AggregateError([netError("ECONNREFUSED"), netError("ECONNREFUSED")], "x"), /connection refused/],
    ["Connection terminated unexpectedly", new Error("Connection terminated unexpectedly"), /connection terminated/],
    ["pool wait timeout", new Error("timeout exceeded when trying to connect"), /SPIKE_NEXUS_DB_CONNECT_TIMEOUT/],
    ["connect timeout", new Error("Connection terminated due to connection timeout"), /SPIKE_NEXUS_DB_CONNECT_TIMEOUT/],
    ["08006 connection failure", pgError("08006"), /connection failure \(08006\)/],
    ["08001 cannot connect", pgError("08001"), /08001/],
    ["57P01 admin shutdown", pgError("57P01", "terminating connection due to administrator command"), /shutting down/],
    ["57P02 crash shutdown", pgError("57P02"), /crashed/],
    ["57P03 cannot connect now", pgError("57P03", "the database system is starting up"), /starting up/],
    ["53300 too many connections", pgError("53300"), /too many connections/],
    ["57014 statement timeout", pgError("57014", "canceling statement due to statement timeout"), /STATEMENT_TIMEOUT/],
    ["28P01 bad password", pgError("28P01", 'password authentication failed for user "nexus"'), /refused the credentials/],
    ["unknown CA", Object.assign(new Error("self-signed certificate in certificate chain"), { code: "SELF_SIGNED_CERT_IN_CHAIN" }), /not signed by the CA in DB_ROOT_CERT/],
    ["wrong host name", Object.assign(new Error("Hostname/IP does not match"), { code: "ERR_TLS_CERT_ALTNAME_INVALID" }), /does not name the host/],
    ["pool closed", new Error("Connection pool of the database object has been destroyed."), /closed/],
    ["no session: init file on a full disk (XX000)", pgError("XX000", "could not write init file"), /could not write its cache file/],
  ];
  for (const [name, err, reason] of outages) {
    test(`${name} is unavailable`, () => {
      isUnavailable(reason)(databaseError(err));
    });
  }

  test("53100 disk full is resource_exhausted (it lasts until an operator frees space), other class-53 shortages unavailable", () => {
    const full = databaseError(pgError("53100", 'could not extend file "pg_tblspc/16384/PG_15/16385/16390": No space left on device'));
    assert.equal(full?.code, "resource_exhausted");
    assert.match(full?.message ?? "", /out of disk space \(53100\)/);
    assert.doesNotMatch(full?.message ?? "", /pg_tblspc/, "no server file paths in what callers see");
    assert.equal(databaseError(pgError("53200", "out of memory"))?.code, "unavailable");
    assert.equal(databaseError(full), full, "an already-mapped fault passes through");
  });

  const others: Array<[string, unknown]> = [
    ["23505 unique violation", pgError("23505", "duplicate key value violates unique constraint")],
    ["42P01 undefined table", pgError("42P01")],
    ["40001 serialization failure", pgError("40001")],
    ["a plain Error", new Error("boom")],
    ["a SpikeError of another code", new SpikeError("not_found", "no such secret")],
    ["a string", "ECONNREFUSED"],
    ["undefined", undefined],
    ["null", null],
  ];
  for (const [name, err] of others) {
    test(`${name} is not an outage`, () => {
      assert.equal(databaseError(err), undefined);
    });
  }

  test("a real refused connection, with a password in the URI: unavailable, and the password is not in the message", async () => {
    const port = await freePort();
    const cfg = testConfig({ DB_CONNECTION_URI: `postgres://nexus:hunter2secret@127.0.0.1:${port}/spike` });
    await assert.rejects(openDatabase(cfg, captureLog().log), (err: unknown) => {
      isUnavailable(/connection refused/)(err);
      assert.doesNotMatch((err as Error).message, /hunter2/);
      return true;
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("configuration", () => {
  const caPem = async (): Promise<string> => derToPem((await mint({ subject: "CN=Config CA", basicConstraints: { ca: true }, keyUsage: KeyUsage.keyCertSign })).der, "CERTIFICATE");

  test("defaults: pool 10, statement timeout 15s, connect timeout 10s, data in ~/.spike, embedded", () => {
    const cfg = loadNexusConfig({});
    assert.equal(cfg.DB_CONNECTION_URI, undefined);
    assert.equal(cfg.DB_ROOT_CERT, undefined);
    assert.equal(cfg.SPIKE_NEXUS_DATA_DIR, path.join(homedir(), ".spike"));
    assert.equal(cfg.SPIKE_NEXUS_DB_POOL_SIZE, 10);
    assert.equal(cfg.SPIKE_NEXUS_DB_STATEMENT_TIMEOUT, 15_000);
    assert.equal(cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT, 10_000);
    const set = loadNexusConfig({ SPIKE_NEXUS_DB_POOL_SIZE: "3", SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: "2s", SPIKE_NEXUS_DB_CONNECT_TIMEOUT: "500ms", SPIKE_NEXUS_DATA_DIR: "/var/lib/spike" });
    assert.deepEqual(
      [set.SPIKE_NEXUS_DB_POOL_SIZE, set.SPIKE_NEXUS_DB_STATEMENT_TIMEOUT, set.SPIKE_NEXUS_DB_CONNECT_TIMEOUT, set.SPIKE_NEXUS_DATA_DIR],
      [3, 2000, 500, "/var/lib/spike"],
    );
    assert.throws(() => loadNexusConfig({ SPIKE_NEXUS_DB_POOL_SIZE: "0" }), /SPIKE_NEXUS_DB_POOL_SIZE/);
    assert.throws(() => loadNexusConfig({ SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: "soon" }), /SPIKE_NEXUS_DB_STATEMENT_TIMEOUT/);
  });

  test("DB_ROOT_CERT: base64 of PEM is decoded; anything else names the variable and says what is wrong", async () => {
    const pem = await caPem();
    const cfg = loadNexusConfig({ DB_ROOT_CERT: Buffer.from(pem).toString("base64"), DB_CONNECTION_URI: "postgres://u@db.example/x" });
    assert.match(cfg.DB_ROOT_CERT ?? "", /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n$/);
    const bad: Array<[string, RegExp]> = [
      [pem, /DB_ROOT_CERT: is PEM text, but it must be the base64 encoding/],
      ["not base64 at all!", /DB_ROOT_CERT: is not base64/],
      [Buffer.from("hello, world").toString("base64"), /DB_ROOT_CERT: does not decode to a PEM certificate/],
      [Buffer.from("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").toString("base64"), /DB_ROOT_CERT: decodes to PEM whose certificate 1 does not parse/],
    ];
    for (const [value, message] of bad) {
      assert.throws(() => loadNexusConfig({ DB_ROOT_CERT: value }), (err: unknown) => err instanceof ConfigError && message.test(err.message));
    }
  });

  test("DB_CONNECTION_URI is parsed by us (user, password, host, port, database, sslmode), never echoing it", () => {
    assert.deepEqual(parseConnectionUri("postgres://nexus:p%40ss%2Fw@db.example:6543/spike?sslmode=verify-full&application_name=n1"), {
      host: "db.example",
      port: 6543,
      database: "spike",
      user: "nexus",
      password: "p@ss/w",
      sslmode: "verify-full",
      applicationName: "n1",
    });
    assert.deepEqual(parseConnectionUri("postgresql://nexus@[::1]/spike"), { host: "::1", port: 5432, database: "spike", user: "nexus" });
    assert.equal(parseConnectionUri("postgres://nexus@%2Fvar%2Frun%2Fpostgresql/spike").host, "/var/run/postgresql");
    assert.equal(parseConnectionUri("postgres://nexus@localhost/spike?host=/var/run/postgresql").host, "/var/run/postgresql");
    const bad: Array<[string, RegExp]> = [
      ["db.example:5432/spike", /not a URI|scheme/],
      ["mysql://u:topsecret@h/db", /scheme "mysql:"/],
      ["postgres://u:topsecret@h/db?sslmode=prefer", /sslmode=prefer, which may fall back to plaintext/],
      ["postgres://u:topsecret@h/db?sslmode=verify", /sslmode="verify"/],
      ["postgres://u:topsecret@h/db?sslrootcert=/etc/ca.pem", /"sslrootcert".*DB_ROOT_CERT instead/],
      ["postgres://u:topsecret@h1,h2/db", /several hosts/],
      ["postgres://u:topsecret@h/", /names no database/],
      ["postgres://:topsecret@h/db", /names no user/],
      ["postgres://u:topsecret@h/db?host=/run/pg&sslmode=require", /Unix socket/],
    ];
    for (const [uri, message] of bad) {
      assert.throws(
        () => loadNexusConfig({ DB_CONNECTION_URI: uri }),
        (err: unknown) => err instanceof ConfigError && /DB_CONNECTION_URI: /.test(err.message) && message.test(err.message) && !/topsecret/.test(err.message),
        uri,
      );
    }
  });

  test("contradictions are refused at open: a root cert without a URI or with sslmode=disable, verify-ca without a CA", async () => {
    const rootCert = await caPem();
    const log = captureLog().log;
    await assert.rejects(openDatabase(testConfig({ DB_ROOT_CERT: rootCert }), log), (e: unknown) => e instanceof ConfigError && /DB_ROOT_CERT is set but DB_CONNECTION_URI is not/.test(e.message));
    await assert.rejects(
      openDatabase(testConfig({ DB_ROOT_CERT: rootCert, DB_CONNECTION_URI: "postgres://u@127.0.0.1:1/db?sslmode=disable" }), log),
      (e: unknown) => e instanceof ConfigError && /sslmode=disable/.test(e.message),
    );
    await assert.rejects(
      openDatabase(testConfig({ DB_CONNECTION_URI: "postgres://u@127.0.0.1:1/db?sslmode=verify-ca" }), log),
      (e: unknown) => e instanceof ConfigError && /verify-ca, which needs the CA certificate in DB_ROOT_CERT/.test(e.message),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("pool settings on PostgreSQL", () => {
  test("pool size, statement_timeout and application_name reach the server; a statement over the limit is unavailable", async () => {
    const fresh = await freshDatabase();
    const database = await openDatabase(
      testConfig({ DB_CONNECTION_URI: fresh.uri, SPIKE_NEXUS_DB_POOL_SIZE: 2, SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: 300 }),
      captureLog().log,
    );
    try {
      assert.equal(database.kind, "postgres");
      assert.equal(database.description, `postgres://postgres@127.0.0.1:5432/${fresh.name} (sslmode=disable)`);
      assert.equal(database.db.$pool.options.max, 2);
      assert.deepEqual(await database.db.one("SHOW statement_timeout"), { statement_timeout: "300ms" });
      const app = await database.db.one<{ application_name: string }>("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()");
      assert.equal(app.application_name, "spike-nexus");
      const started = Date.now();
      await assert.rejects(guardOutage(() => database.db.one("SELECT pg_sleep(3)")), isUnavailable(/STATEMENT_TIMEOUT \(57014\)/));
      assert.ok(Date.now() - started < 2500, "cancelled by the server, not after the sleep");
      // Three concurrent queries on a pool of two: the third waits for a connection, all succeed.
      const results = await Promise.all([1, 2, 3].map((n) => database.db.one<{ n: number }>("SELECT $1::int AS n, pg_sleep(0.05)", [n])));
      assert.deepEqual(results.map((r) => r.n), [1, 2, 3]);
      assert.ok(database.db.$pool.totalCount <= 2);
    } finally {
      await database.close();
      await fresh.drop();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("a PostgreSQL outage under an open pool (a throwaway cluster)", () => {
  let cluster: Cluster | undefined;
  let database: Database | undefined;
  const captured = captureLog();
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown): void => {
    uncaught.push(err);
  };

  before(async () => {
    process.on("uncaughtException", onUncaught);
    cluster = await startCluster();
    database = await openDatabase(
      testConfig({ DB_CONNECTION_URI: cluster.uri, SPIKE_NEXUS_DB_POOL_SIZE: 3, SPIKE_NEXUS_DB_CONNECT_TIMEOUT: 3000 }),
      captured.log,
    );
  });
  after(async () => {
    process.off("uncaughtException", onUncaught);
    await database?.close();
    await cluster?.destroy();
  });

  test("stopped: idle connections fail quietly, queries get unavailable; started again: the same Database works", async () => {
    const db = (database as Database).db;
    const c = cluster as Cluster;
    // Three idle connections in the pool, each of which will be cut by the shutdown.
    await Promise.all([1, 2, 3].map(() => db.one("SELECT pg_sleep(0.05)")));
    assert.equal(db.$pool.idleCount, 3);
    const lostBefore = captured.find("warn", /idle database connection failed/).length;

    await c.stop("fast");
    await eventually(() => captured.find("warn", /idle database connection failed/).length >= lostBefore + 1, 5000, "the pool to report its lost connections");
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      await assert.rejects(guardOutage(() => db.one("SELECT 1")), isUnavailable(/connection refused|terminated|shutting down/));
      assert.ok(Date.now() - started < 3000, "fails fast while the server is down");
    }
    assert.deepEqual(uncaught, [], "no unhandled 'error' event");

    await c.start();
    assert.deepEqual(await guardOutage(() => db.one("SELECT 42 AS n")), { n: 42 });
    assert.deepEqual(uncaught, []);
  });

  test("killed (SIGKILL of the postmaster, mid-transaction): unavailable; after crash recovery the same Database works", async () => {
    const db = (database as Database).db;
    const c = cluster as Cluster;
    await db.none("CREATE TABLE IF NOT EXISTS survivors (id integer PRIMARY KEY)");
    await db.none("INSERT INTO survivors VALUES (1) ON CONFLICT DO NOTHING");
    const inflight = guardOutage(() =>
      db.tx(async (tx) => {
        await tx.none("INSERT INTO survivors VALUES (2)");
        await tx.none("SELECT pg_sleep(10)");
      }),
    ).then(
      () => assert.fail("the transaction outlived the server"),
      (err: unknown) => err,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await c.kill();
    isUnavailable(/./)(await inflight);
    await assert.rejects(guardOutage(() => db.one("SELECT 1")), isUnavailable(/connection refused|terminated/));
    assert.deepEqual(uncaught, []);

    await c.start();
    const rows = await guardOutage(() => db.any<{ id: number }>("SELECT id FROM survivors ORDER BY id"));
    assert.deepEqual(rows, [{ id: 1 }], "the committed row survived, the cut transaction did not");
    assert.deepEqual(uncaught, []);
  });
});
