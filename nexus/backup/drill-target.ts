// Where a restore drill restores to: never the live database (ADR 0022, 0028).
//
// A pg_dump archive: a new database `<drill database>_<random>` on the SPIKE_NEXUS_BACKUP_DRILL_DB_URI server,
// dropped afterwards (openDrillDatabase). A logical archive: with SPIKE_NEXUS_BACKUP_DRILL_DB_URI, a fresh schema `spike_drill_<random>` in that PostgreSQL database (every
// connection's search_path is that schema alone, so nothing else in the database is read or written), dropped
// afterwards. The URI must not name Nexus's own database (same host, port and database name is refused, even though
// the schema would keep the data apart: pointing a drill at production is a mistake worth stopping). Without it, an
// embedded PGlite in a fresh temp directory, removed afterwards: slower to start, but needs nothing.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SpikeError } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
import { connectionFields, createPool, parseConnectionUri, poolDatabase, serverVersion, databaseError, tlsFor, type ConnectionTarget, type ConnectionParameters, type Database, type DatabaseConfig, type Db } from "../store/database.js";

export interface DrillTargetConfig extends DatabaseConfig {
  readonly SPIKE_NEXUS_BACKUP_DRILL_DB_URI: string | undefined;
  /** Where pg_dump and pg_restore are (ADR 0028); unset: PATH and the usual package directories. */
  readonly SPIKE_NEXUS_PG_BIN_DIR: string | undefined;
}

export interface DrillTarget {
  readonly database: Database;
  /** Safe to log. */
  readonly description: string;
  /** Closes and removes everything the drill made. */
  dispose(): Promise<void>;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1"]);

function sameServer(a: ConnectionTarget, b: ConnectionTarget): boolean {
  const host = (h: string): string => (LOOPBACK.has(h.toLowerCase()) ? "loopback" : h.toLowerCase());
  return host(a.host) === host(b.host) && a.port === b.port && a.database === b.database;
}

/** Refuses a drill database that is the live one; returns the parsed target otherwise. */
export function checkNotLive(cfg: DrillTargetConfig): ConnectionTarget | undefined {
  if (cfg.SPIKE_NEXUS_BACKUP_DRILL_DB_URI === undefined) return undefined;
  const drill = parseConnectionUri(cfg.SPIKE_NEXUS_BACKUP_DRILL_DB_URI);
  if (cfg.DB_CONNECTION_URI !== undefined && sameServer(drill, parseConnectionUri(cfg.DB_CONNECTION_URI))) {
    throw new SpikeError(
      "failed_precondition",
      `SPIKE_NEXUS_BACKUP_DRILL_DB_URI names Nexus's own live database (${drill.database} on ${drill.host}:${drill.port}); ` +
        "a drill restores only into a throwaway database: point it at another database",
    );
  }
  return drill;
}

/** Which database a connection reaches, independent of how it was named: the name, its oid, the server's start. */
async function identity(db: Database["db"]): Promise<string> {
  const r = await db.one<{ id: string }>(
    "SELECT current_database() || '/' || (SELECT oid FROM pg_database WHERE datname = current_database())::text || '/' || pg_postmaster_start_time()::text AS id",
  );
  return r.id;
}

/** The drill's pool settings on `target`, every connection seeing only `schema`. */
function drillConnection(target: ConnectionTarget, cfg: DrillTargetConfig, log: Log, schema: string): ConnectionParameters {
  const { ssl } = tlsFor(target, cfg.DB_ROOT_CERT, log);
  const connection = {
    ...connectionFields(target, ssl),
    application_name: "spike-nexus-drill",
    max: 2,
    connectionTimeoutMillis: cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT,
    options: `-c search_path=${schema}`,
  };
  return connection;
}

/**
 * A one-connection pool on the drill URI's database, after refusing it when it turns out to be Nexus's live
 * database reached under another name (a DNS alias, a Unix socket): before anything is created in it.
 */
async function adminPool(cfg: DrillTargetConfig, target: ConnectionTarget, log: Log, live: Database | undefined): Promise<Db> {
  const { ssl } = tlsFor(target, cfg.DB_ROOT_CERT, log);
  const admin = createPool({ ...connectionFields(target, ssl), application_name: "spike-nexus-drill", max: 1, connectionTimeoutMillis: cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT }, "drill-admin", log);
  try {
    await serverVersion(admin);
    if (live?.kind === "postgres" && (await identity(admin)) === (await identity(live.db))) {
      throw new SpikeError(
        "failed_precondition",
        "SPIKE_NEXUS_BACKUP_DRILL_DB_URI reaches Nexus's own live database under another name; a drill restores only into a throwaway database: point it at another database",
      );
    }
    return admin;
  } catch (err) {
    await admin.$pool.end();
    throw databaseError(err) ?? err;
  }
}

/** Why a pg_dump archive cannot be drilled without SPIKE_NEXUS_BACKUP_DRILL_DB_URI (there is no embedded fallback). */
export const needsDrillServer = (): SpikeError => new SpikeError(
  "failed_precondition",
  "a pg_dump backup is drilled with pg_restore into a throwaway PostgreSQL database: set SPIKE_NEXUS_BACKUP_DRILL_DB_URI on Nexus (a role with CREATEDB)",
);

/** A throwaway database for a pg_restore, and how to reach it. */
export interface DrillDatabase {
  /** The drill URI's target with the throwaway database's name: what pg_restore connects to. */
  readonly target: ConnectionTarget;
  /** Safe to log. */
  readonly description: string;
  /** A pool on the restored database whose connections see only `schema` (the archive's). */
  open(schema: string): Database;
  /** Closes the pool and drops the database. */
  dispose(): Promise<void>;
}

/**
 * For a pg_dump archive (ADR 0028): a new database `<drill database>_<random>` on the drill URI's server (pg_restore
 * recreates the archive's schema by name, so it cannot go into a scratch schema), dropped afterwards. Needs
 * SPIKE_NEXUS_BACKUP_DRILL_DB_URI and CREATEDB; the same refusals as openDrillTarget apply to the URI's database.
 */
export async function openDrillDatabase(cfg: DrillTargetConfig, log: Log, live: Database | undefined): Promise<DrillDatabase> {
  const target = checkNotLive(cfg);
  if (target === undefined) throw needsDrillServer();
  const admin = await adminPool(cfg, target, log, live);
  const name = `${target.database.slice(0, 40)}_${randomBytes(6).toString("hex")}`;
  try {
    await admin.none("CREATE DATABASE $1:name", [name]);
  } catch (err) {
    await admin.$pool.end();
    throw databaseError(err) ?? err;
  }
  const restored: ConnectionTarget = { ...target, database: name };
  const pools: Database[] = [];
  const description = `database ${name} on ${target.host}:${target.port}`;
  const drop = async (): Promise<void> => {
    try {
      // FORCE (PostgreSQL 13+) ends any session pg_restore or the drill left behind.
      await admin.none("DROP DATABASE IF EXISTS $1:name WITH (FORCE)", [name]);
    } catch (err) {
      log.warn("the drill database could not be dropped; drop it by hand", { database: name, error: (err as Error).message });
    } finally {
      await admin.$pool.end();
    }
  };
  return {
    target: restored,
    description,
    open: (schema) => {
      // The archive's schema alone (readPgArchive accepts only plain names, so no quoting is needed here).
      const db = createPool(drillConnection(restored, cfg, log, schema), "drill", log);
      const database = poolDatabase(db, "postgres", description);
      pools.push(database);
      return database;
    },
    dispose: async () => {
      for (const p of pools) await p.close().catch(() => undefined);
      await drop();
    },
  };
}

/**
 * Opens the drill database. `live` is Nexus's own database: besides the URI comparison (checkNotLive), a drill
 * target that turns out to be the same database reached under another name (a DNS alias, a Unix socket) is
 * refused once connected, before anything is created in it.
 */
export async function openDrillTarget(cfg: DrillTargetConfig, log: Log, live?: Database): Promise<DrillTarget> {
  const target = checkNotLive(cfg);
  if (target === undefined) {
    const dir = await mkdtemp(path.join(tmpdir(), "spike-drill-"));
    try {
      const { openEmbedded } = await import("../store/embedded.js");
      const database = await openEmbedded({ ...cfg, SPIKE_NEXUS_DATA_DIR: dir }, log.getSubLogger({ name: "drill" }));
      return {
        database,
        description: `embedded PGlite in ${dir}`,
        dispose: async () => {
          await database.close().catch(() => undefined);
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  }
  const schema = `spike_drill_${randomBytes(6).toString("hex")}`;
  // Every connection sees only the drill's schema: tables are created, read and dropped there alone.
  const connection = drillConnection(target, cfg, log, schema);
  const admin = await adminPool(cfg, target, log, live);
  try {
    await admin.none("CREATE SCHEMA $1:name", [schema]);
  } catch (err) {
    await admin.$pool.end();
    throw databaseError(err) ?? err;
  }
  const db = createPool(connection, "drill", log);
  const description = `schema ${schema} in ${target.database} on ${target.host}:${target.port}`;
  const database = poolDatabase(db, "postgres", description);
  return {
    database,
    description,
    dispose: async () => {
      await database.close().catch(() => undefined);
      try {
        await admin.none("DROP SCHEMA IF EXISTS $1:name CASCADE", [schema]);
      } catch (err) {
        log.warn("the drill schema could not be dropped; drop it by hand", { schema, error: (err as Error).message });
      } finally {
        await admin.$pool.end();
      }
    },
  };
}
