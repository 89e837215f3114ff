// PostgreSQL for tests: fresh databases on the machine's server, throwaway clusters the harness starts (and may
// stop, kill or restart: only those, by PID), and the shared embedded PGlite, so one suite runs on both backends.
//
// The machine's server: SPIKE_TEST_PG_URI (default postgres://postgres@127.0.0.1:5432/postgres, trust auth).
// Cluster binaries: SPIKE_TEST_PG_BIN (default /usr/lib/postgresql/15/bin). They refuse to run as root, so as
// root every one runs as the `postgres` user through runuser, in directories owned by postgres.
// SPIKE_TEST_BACKENDS=postgres (or pglite) narrows backends().
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createLogger, type Log } from "../../lib/log.js";
import { createPool, openDatabase, parseConnectionUri, type Database, type DatabaseConfig, type Db } from "../../nexus/store/database.js";

const run = promisify(execFile);

const PG_BIN = process.env.SPIKE_TEST_PG_BIN ?? "/usr/lib/postgresql/15/bin";
export const ADMIN_URI = process.env.SPIKE_TEST_PG_URI ?? "postgres://postgres@127.0.0.1:5432/postgres";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const harnessLog: Log = createLogger("test-harness", { level: 5 });

let postgresIds: { uid: number; gid: number } | undefined;
function postgresUser(): { uid: number; gid: number } {
  postgresIds ??= {
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
  };
  return postgresIds;
}

/** [command, args] that run a PostgreSQL binary as the postgres user when we are root. */
function asPostgres(binary: string, args: readonly string[]): [string, string[]] {
  const full = path.join(PG_BIN, binary);
  return isRoot ? ["runuser", ["-u", "postgres", "--", full, ...args]] : [full, [...args]];
}

async function runAsPostgres(binary: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const [cmd, argv] = asPostgres(binary, args);
  try {
    const { stdout } = await run(cmd, argv, { timeout: timeoutMs, encoding: "utf8" });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${binary} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
}

/** A directory the postgres user owns (0700). */
function postgresDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (isRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  return dir;
}

function writePostgresFile(file: string, content: string, mode: number): void {
  writeFileSync(file, content, { mode });
  if (isRoot) {
    const { uid, gid } = postgresUser();
    chownSync(file, uid, gid);
  }
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Cleanup of everything started here, also when a test file ends without cleaning up.

const clusters = new Set<ThrowawayCluster>();
const databases = new Set<string>();
const dataDirs = new Set<string>();
let hooked = false;

function cleanupSync(): void {
  for (const cluster of clusters) cluster.destroySync();
  clusters.clear();
  for (const name of databases) {
    const { host, port, user } = parseConnectionUri(ADMIN_URI);
    spawnSync(path.join(PG_BIN, "psql"), ["-h", host, "-p", String(port), "-U", user, "-d", "postgres", "-qc", `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`], {
      stdio: "ignore",
      timeout: 10_000,
    });
  }
  databases.clear();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", cleanupSync);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      cleanupSync();
      process.kill(process.pid, signal);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fresh databases on the machine's server

let admin: Db | undefined;
function adminDb(): Db {
  if (admin === undefined) {
    const t = parseConnectionUri(ADMIN_URI);
    admin = createPool(
      {
        host: t.host,
        port: t.port,
        user: t.user,
        database: t.database,
        ...(t.password !== undefined ? { password: t.password } : {}),
        max: 2,
        allowExitOnIdle: true,
      },
      "test-admin",
      harnessLog,
    );
  }
  return admin;
}

/** Ends the admin pool (idle admin connections do not keep the process alive anyway). */
export async function closeAdmin(): Promise<void> {
  const db = admin;
  admin = undefined;
  if (db !== undefined && !db.$pool.ended) await db.$pool.end();
}

export interface FreshDatabase {
  readonly name: string;
  readonly uri: string;
  drop(): Promise<void>;
}

/** A new, uniquely named, empty database on the machine's server; dropped by drop() or at exit. */
export async function freshDatabase(): Promise<FreshDatabase> {
  hookExit();
  const name = `spike_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await adminDb().none("CREATE DATABASE $1:name", [name]);
  databases.add(name);
  const url = new URL(ADMIN_URI);
  url.pathname = `/${name}`;
  return {
    name,
    uri: url.toString(),
    drop: async () => {
      if (!databases.delete(name)) return;
      await adminDb().none("DROP DATABASE IF EXISTS $1:name WITH (FORCE)", [name]);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Throwaway clusters

export interface ClusterOptions {
  /** Serve TLS (ssl=on) with this certificate and key; plaintext connections stay allowed. */
  readonly ssl?: { readonly certPem: string; readonly keyPem: string };
}

export type StopMode = "smart" | "fast" | "immediate";

export interface Cluster {
  readonly port: number;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth). */
  readonly uri: string;
  readonly dir: string;
  /** The server's log (pg_ctl -l). */
  readonly logFile: string;
  readonly running: boolean;
  /** pg_ctl stop -m <mode> (default fast), waiting until it is down. */
  stop(mode?: StopMode): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** SIGKILL to the postmaster (its PID from postmaster.pid), then waits until its children are gone: a crash. */
  kill(): Promise<void>;
  /** Stops it if running and deletes its files. */
  destroy(): Promise<void>;
  /** pg_ctl promote, waiting until it accepts writes (a standby made primary: failover). */
  promote(): Promise<void>;
}

function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid ...; comm may hold spaces and parentheses, so parse after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

class ThrowawayCluster implements Cluster {
  running = false;
  readonly dataDir: string;
  readonly logFile: string;

  constructor(
    readonly dir: string,
    readonly port: number,
    private readonly ssl: ClusterOptions["ssl"],
  ) {
    this.dataDir = path.join(dir, "data");
    this.logFile = path.join(dir, "postgres.log");
  }

  get uri(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private options(): string {
    const o = [`-p ${this.port}`, "-c listen_addresses=127.0.0.1", `-k ${this.dir}`, "-c fsync=on", "-c max_connections=40"];
    if (this.ssl !== undefined) {
      o.push("-c ssl=on", `-c ssl_cert_file=${path.join(this.dir, "server.crt")}`, `-c ssl_key_file=${path.join(this.dir, "server.key")}`);
    }
    return o.join(" ");
  }

  async initialize(): Promise<void> {
    await runAsPostgres("initdb", ["-D", this.dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "-N", "--no-instructions"]);
    if (this.ssl !== undefined) {
      writePostgresFile(path.join(this.dir, "server.crt"), this.ssl.certPem, 0o644);
      writePostgresFile(path.join(this.dir, "server.key"), this.ssl.keyPem, 0o600);
    }
  }

  async start(): Promise<void> {
    try {
      await runAsPostgres("pg_ctl", ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", "-o", this.options(), "start"]);
    } catch (err) {
      const log = existsSync(this.logFile) ? readFileSync(this.logFile, "utf8").split("\n").slice(-15).join("\n") : "";
      throw new Error(`${(err as Error).message}\nlog:\n${log}`);
    }
    this.running = true;
  }

  async stop(mode: StopMode = "fast"): Promise<void> {
    await runAsPostgres("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
    this.running = false;
  }

  async promote(): Promise<void> {
    await runAsPostgres("pg_ctl", ["-D", this.dataDir, "-w", "-t", "60", "promote"]);
  }

  postmasterPid(): number | undefined {
    const file = path.join(this.dataDir, "postmaster.pid");
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  async kill(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid === undefined) throw new Error(`cluster on port ${this.port} has no postmaster.pid`);
    const children = childPids(pid);
    process.kill(pid, "SIGKILL");
    this.running = false;
    // Its backends notice the postmaster's death and exit; a new postmaster cannot start while they hold the
    // shared memory. Wait for them, and kill any straggler (they are this cluster's, found by parent PID).
    const deadline = Date.now() + 10_000;
    while ([pid, ...children].some(alive)) {
      if (Date.now() > deadline) {
        for (const child of children.filter(alive)) process.kill(child, "SIGKILL");
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async destroy(): Promise<void> {
    clusters.delete(this);
    if (this.postmasterPid() !== undefined && this.running) {
      try {
        await this.stop("immediate");
      } catch {
        this.destroySync();
        return;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  destroySync(): void {
    const pid = this.postmasterPid();
    if (pid !== undefined && alive(pid)) {
      const [cmd, argv] = asPostgres("pg_ctl", ["-D", this.dataDir, "-m", "immediate", "-w", "-t", "20", "stop"]);
      spawnSync(cmd, argv, { stdio: "ignore", timeout: 25_000 });
      if (alive(pid)) process.kill(pid, "SIGKILL");
    }
    this.running = false;
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** initdb into a temp dir owned by postgres, then start on a free loopback port (fsync on). */
export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  hookExit();
  const dir = postgresDir("spike-pg-");
  let cluster = new ThrowawayCluster(dir, await freePort(), opts.ssl);
  clusters.add(cluster);
  try {
    await cluster.initialize();
    for (let attempt = 1; ; attempt++) {
      try {
        await cluster.start();
        return cluster;
      } catch (err) {
        // Someone may have taken the port between freePort() and the start: try another one.
        if (attempt >= 3 || !/could not (bind|create)|Address already in use/i.test((err as Error).message)) throw err;
        clusters.delete(cluster);
        cluster = new ThrowawayCluster(dir, await freePort(), opts.ssl);
        clusters.add(cluster);
      }
    }
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
}

/**
 * A streaming replica of `primary` (trust auth on loopback allows replication): `pg_basebackup -R -X stream` into a
 * temp dir owned by postgres, started on a free loopback port. Stop, kill or destroy it like any cluster.
 */
export async function startReplica(primary: Cluster, opts: { tablespaces?: readonly string[] } = {}): Promise<Cluster> {
  hookExit();
  const dir = postgresDir("spike-pg-replica-");
  const cluster = new ThrowawayCluster(dir, await freePort(), undefined);
  clusters.add(cluster);
  try {
    // The primary's tablespaces (absolute paths) get their own copies inside the replica's dir, not the same paths.
    const mapped = (opts.tablespaces ?? []).flatMap((ts, i) => {
      const copy = path.join(dir, `tablespace-${i}`);
      return ["-T", `${ts}=${copy}`];
    });
    await runAsPostgres("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primary.port), "-U", "postgres", "-D", cluster.dataDir, "-R", "-X", "stream", "-c", "fast", ...mapped]);
    await cluster.start();
    return cluster;
  } catch (err) {
    await cluster.destroy();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Both backends

export type Backend = "postgres" | "pglite";

/** The backends a suite runs on: both, unless SPIKE_TEST_BACKENDS narrows them. */
export function backends(): Backend[] {
  const all: Backend[] = ["postgres", "pglite"];
  const wanted = process.env.SPIKE_TEST_BACKENDS;
  if (wanted === undefined || wanted === "") return all;
  const list = wanted.split(",").map((s) => s.trim());
  return all.filter((b) => list.includes(b));
}

/** A configuration for tests: short timeouts, a small pool, and a temp data dir for PGlite. */
export function testConfig(overrides: Partial<DatabaseConfig> = {}): DatabaseConfig {
  return {
    DB_CONNECTION_URI: undefined,
    DB_ROOT_CERT: undefined,
    SPIKE_NEXUS_DATA_DIR: path.join(tmpdir(), "spike-test-unused"),
    SPIKE_NEXUS_DB_POOL_SIZE: 4,
    SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: 15_000,
    SPIKE_NEXUS_DB_CONNECT_TIMEOUT: 5_000,
    ...overrides,
  };
}

export interface TestDatabase {
  readonly kind: Backend;
  readonly database: Database;
  /** The URI of the fresh database (postgres only). */
  readonly uri?: string;
  /** postgres: closes the pool and drops the database; pglite: nothing (the instance is shared, see closeSharedPglite). */
  close(): Promise<void>;
}

let sharedPglite: Promise<Database> | undefined;

/**
 * An empty database on `kind`. postgres: a fresh database. pglite: the process's one PGlite instance (creating
 * one takes seconds), emptied by dropping and recreating the public schema.
 */
export async function openTestDatabase(kind: Backend, log: Log, overrides: Partial<DatabaseConfig> = {}): Promise<TestDatabase> {
  if (kind === "postgres") {
    const fresh = await freshDatabase();
    try {
      const database = await openDatabase(testConfig({ ...overrides, DB_CONNECTION_URI: fresh.uri }), log);
      return {
        kind,
        database,
        uri: fresh.uri,
        close: async () => {
          await database.close();
          await fresh.drop();
        },
      };
    } catch (err) {
      await fresh.drop();
      throw err;
    }
  }
  if (sharedPglite === undefined) {
    hookExit();
    const dir = mkdtempSync(path.join(tmpdir(), "spike-pglite-"));
    dataDirs.add(dir);
    sharedPglite = openDatabase(testConfig({ ...overrides, SPIKE_NEXUS_DATA_DIR: dir }), log);
  }
  const database = await sharedPglite;
  await database.db.multi("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  return { kind, database, close: async () => {} };
}

/** Closes the shared PGlite instance (call it in an `after` hook so the process can exit). */
export async function closeSharedPglite(): Promise<void> {
  const pending = sharedPglite;
  sharedPglite = undefined;
  if (pending === undefined) return;
  try {
    await (await pending).close();
  } catch {
    // it never opened; the failing test has reported why
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}
