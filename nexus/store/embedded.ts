// The embedded development database: PGlite (PostgreSQL compiled to WebAssembly, in this process) with its data in
// <SPIKE_NEXUS_DATA_DIR>/pglite, served by pglite-socket on a Unix socket so that pg-promise reaches it exactly as
// it reaches a real PostgreSQL: same SQL, same code paths.
//
// PGlite has no authentication: anyone who can connect to the socket owns the data. The socket therefore lives
// in a directory only this user may enter (0700, checked, not a symlink). The data directory gets the same
// treatment, because PGlite creates its files with mode 0666. PGlite has one backend session, so the
// server takes one connection and the pool holds one (a pool larger than the server's limit gets its extra
// connections refused, and named prepared statements would collide in the shared session).
//
// PGlite does not lock its data directory: two processes opening it would corrupt it. A lock file holding our PID
// (<dir>/pglite.lock, created exclusively) keeps a second Nexus out; a lock left by a dead process is taken over.
import { randomBytes } from "node:crypto";
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { Log } from "../../lib/log.js";
import { createPool, databaseError, poolDatabase, serverVersion, type Database, type DatabaseConfig } from "./database.js";

/** pg connects to `<host>/.s.PGSQL.<port>` when host is a directory; the port only names the socket file. */
const SOCKET_PORT = 5432;
const SOCKET_NAME = `.s.PGSQL.${SOCKET_PORT}`;
/** sun_path holds 108 bytes on Linux (104 on macOS); stay below both. */
const MAX_SOCKET_PATH = 100;

/** Data directories opened by this process: a second open of the same one is refused like one from elsewhere. */
const openHere = new Set<string>();

export interface EmbeddedPaths {
  readonly dataDir: string;
  readonly pgliteDir: string;
  readonly lockFile: string;
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  return { dataDir, pgliteDir: path.join(dataDir, "pglite"), lockFile: path.join(dataDir, "pglite.lock") };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the data directory's lock file, or throws naming the process that holds it. */
function lockDataDir(p: EmbeddedPaths, log: Log): () => void {
  if (openHere.has(p.pgliteDir)) {
    throw new Error(`the embedded database in ${p.pgliteDir} is already open in this process`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(p.lockFile, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw err;
      const pid = Number.parseInt(readFileSync(p.lockFile, "utf8").trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new Error(
          `the embedded database in ${p.pgliteDir} is in use by process ${pid} (another Nexus?); stop it, or delete ` +
            `${p.lockFile} if that process is not a Nexus`,
        );
      }
      log.info("taking over the embedded database lock left by a process that is gone", { lockFile: p.lockFile, pid });
      unlinkSync(p.lockFile);
    }
  }
  openHere.add(p.pgliteDir);
  return () => {
    openHere.delete(p.pgliteDir);
    rmSync(p.lockFile, { force: true });
  };
}

/** Makes `dir` a directory that only we can enter: created 0700, or checked (ours, not a symlink) and set to 0700. */
async function privateDirectory(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} must be a directory (it is a symlink or a file)`);
  if (typeof process.getuid === "function" && st.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to uid ${st.uid}, not to this user; the embedded database's socket must live in a directory of ours`);
  }
  await chmod(dir, 0o700);
}

/**
 * Where the socket goes: <dataDir>/pglite-socket, or, when that path is too long for a Unix socket, a fresh
 * private directory under the temp dir (removed on close).
 */
async function socketDirectory(dataDir: string): Promise<{ dir: string; temporary: boolean }> {
  const preferred = path.join(dataDir, "pglite-socket");
  if (path.join(preferred, SOCKET_NAME).length <= MAX_SOCKET_PATH) {
    await privateDirectory(preferred);
    return { dir: preferred, temporary: false };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "spike-nexus-"));
  await privateDirectory(dir);
  return { dir, temporary: true };
}

/** Opens (creating on first use) the embedded PGlite database; see the module comment. */
export async function openEmbedded(cfg: Pick<DatabaseConfig, "SPIKE_NEXUS_DATA_DIR" | "SPIKE_NEXUS_DB_CONNECT_TIMEOUT" | "SPIKE_NEXUS_DB_STATEMENT_TIMEOUT">, log: Log): Promise<Database> {
  const paths = embeddedPaths(cfg.SPIKE_NEXUS_DATA_DIR);
  if (!existsSync(paths.dataDir)) mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
  const unlock = lockDataDir(paths, log);
  const cleanups: Array<() => Promise<void> | void> = [unlock];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (err) {
        log.warn("closing the embedded database: a step failed", { error: (err as Error).message });
      }
    }
    cleanups.length = 0;
  };
  try {
    const fresh = !existsSync(path.join(paths.pgliteDir, "PG_VERSION"));
    // PGlite writes its files world-readable and -writable (0666): only the directory's mode keeps others out.
    await privateDirectory(paths.pgliteDir);
    const started = performance.now();
    const engine = await PGlite.create({ dataDir: paths.pgliteDir });
    cleanups.push(() => engine.close());
    const engineMs = Math.round(performance.now() - started);

    const socket = await socketDirectory(paths.dataDir);
    if (socket.temporary) cleanups.push(() => rm(socket.dir, { recursive: true, force: true }));
    const socketPath = path.join(socket.dir, SOCKET_NAME);
    // We hold the lock, so a socket file here is left over from a process that died.
    rmSync(socketPath, { force: true });
    const server = new PGLiteSocketServer({ db: engine, path: socketPath, maxConnections: 1 });
    server.addEventListener("error", (event) => {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      log.warn("embedded database socket server error", { error: detail instanceof Error ? detail.message : String(detail) });
    });
    await server.start();
    cleanups.push(async () => {
      await server.stop();
      rmSync(socketPath, { force: true });
    });
    await chmod(socketPath, 0o600);

    const db = createPool(
      {
        host: socket.dir,
        port: SOCKET_PORT,
        user: "postgres",
        database: "postgres",
        // PGlite accepts no password and checks none; a random one keeps pg from reading PGPASSWORD.
        password: randomBytes(9).toString("base64url"),
        max: 1,
        // Never drop the idle connection: the server frees its one slot asynchronously after a disconnect, so a
        // quick reconnect could be refused as "too many connections".
        idleTimeoutMillis: 0,
        connectionTimeoutMillis: cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT,
        // Sent like on PostgreSQL, but PGlite does not enforce statement_timeout (single-threaded wasm, no timers).
        statement_timeout: cfg.SPIKE_NEXUS_DB_STATEMENT_TIMEOUT,
        application_name: "spike-nexus",
      },
      "pglite",
      log,
    );
    const database = poolDatabase(db, "pglite", paths.pgliteDir, cleanup);
    try {
      const version = await serverVersion(db);
      const totalMs = Math.round(performance.now() - started);
      log.warn(
        "using the EMBEDDED DEVELOPMENT DATABASE (PGlite): not for production. PGlite runs with fsync off, so a " +
          "machine crash can lose recent writes, and it serves one connection. Set DB_CONNECTION_URI to use PostgreSQL.",
        { dataDir: paths.pgliteDir, created: fresh, engineMs, readyMs: totalMs, server: version },
      );
    } catch (err) {
      await database.close();
      throw databaseError(err) ?? err;
    }
    return database;
  } catch (err) {
    await cleanup();
    throw err;
  }
}
