// Schema migrations: the numbered plain-SQL files in sql/ (NNNN_name.sql), applied in order, each in its own
// transaction together with its row in schema_migrations (version, name, sha256 of the file, time).
//
// Two Nexus starting together must migrate once: the runner holds a session-level advisory lock on one connection
// while it reads schema_migrations and applies what is pending, so the second one waits, then finds nothing to do.
//
// It refuses to go on (MigrationError, whose message says what to do) when the database knows a migration this
// code does not (the schema is newer than the code: an older Nexus must not write to it), when an applied file was
// edited (its checksum differs), or when a pending migration sorts before one already applied.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Log } from "../../lib/log.js";
import { databaseError, type Db } from "./database.js";

export class MigrationError extends Error {
  override readonly name = "MigrationError";
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** sql/ at the package root: two levels up from nexus/store/ (sources, run by tsx), three from dist/nexus/store/. */
export const MIGRATIONS_DIR: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, "..", "..", "sql"), path.resolve(here, "..", "..", "..", "sql")];
  const found = candidates.find((dir) => existsSync(dir) && readdirSync(dir).some((f) => FILE_PATTERN.test(f)));
  if (found === undefined) throw new Error(`migrations not found in ${candidates.join(" or ")}`);
  return found;
})();

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly file: string;
  readonly sql: string;
  /** sha256 of the file's bytes, hex. */
  readonly checksum: string;
}

/** Reads every migration in `dir`, sorted by version. A .sql file with a malformed name is an error, not skipped. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".sql")) continue;
    const m = FILE_PATTERN.exec(file);
    if (m === null) {
      throw new MigrationError(`${path.join(dir, file)}: a migration file is named NNNN_name.sql (four digits, lower case, underscores)`);
    }
    const bytes = readFileSync(path.join(dir, file));
    migrations.push({
      version: Number(m[1]),
      name: m[2] as string,
      file,
      sql: bytes.toString("utf8"),
      checksum: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  for (let i = 1; i < migrations.length; i++) {
    const [a, b] = [migrations[i - 1] as Migration, migrations[i] as Migration];
    if (a.version === b.version) throw new MigrationError(`${a.file} and ${b.file} have the same version ${a.version}`);
  }
  if (migrations[0]?.version === 0) throw new MigrationError(`${migrations[0].file}: versions start at 0001`);
  return migrations;
}

interface Recorded {
  version: number;
  name: string;
  checksum: string;
}

const pad = (v: number): string => String(v).padStart(4, "0");

/** Throws when the recorded migrations do not fit the files; returns the pending ones, in order. */
export function pendingMigrations(files: readonly Migration[], recorded: readonly Recorded[], log?: Log): Migration[] {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const known = files.at(-1)?.version ?? 0;
  for (const row of recorded) {
    const file = byVersion.get(row.version);
    if (file === undefined) {
      if (row.version > known) {
        throw new MigrationError(
          `the database schema is newer than this Nexus: it has migration ${pad(row.version)} (${row.name}), and this ` +
            `build knows migrations up to ${pad(known)}. Run a Nexus release that includes migration ${pad(row.version)}, ` +
            `or restore a backup taken at schema version ${pad(known)} or older.`,
        );
      }
      throw new MigrationError(
        `migration ${pad(row.version)} (${row.name}) is recorded in the database but ${MIGRATIONS_DIR} has no file for ` +
          `it: this build does not match the database. Run the Nexus release that applied it.`,
      );
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.file} was changed after it was applied: the database recorded sha256 ${row.checksum.slice(0, 12)}…, ` +
          `the file has ${file.checksum.slice(0, 12)}…. An applied migration must never be edited: restore the file as it ` +
          `was and put the change in a new migration.`,
      );
    }
    if (file.name !== row.name) {
      log?.warn("a migration file was renamed after it was applied (same content)", { version: row.version, recorded: row.name, file: file.file });
    }
  }
  const applied = new Set(recorded.map((r) => r.version));
  const latest = Math.max(0, ...applied);
  const pending = files.filter((f) => !applied.has(f.version));
  const early = pending.find((f) => f.version < latest);
  if (early !== undefined) {
    throw new MigrationError(
      `migration ${early.file} is pending, but migration ${pad(latest)}, which comes after it, is already applied; ` +
        `renumber it after ${pad(latest)}.`,
    );
  }
  return pending;
}

/** Any bigint works as long as nothing else in the database uses it; this one spells "SPIKEMIG". */
const LOCK_KEY = "6003378890918938951";

export interface MigrateOptions {
  /** Migrations to apply (default: MIGRATIONS_DIR). */
  readonly dir?: string;
  /** How long to wait for another Nexus that is migrating (default 10 minutes). */
  readonly lockWaitMs?: number;
  /** Apply migrations only up to this version (a restore first rebuilds the schema its dump was taken at). */
  readonly upTo?: number;
}

export interface MigrateResult {
  /** Versions applied by this call, in order. */
  readonly applied: number[];
  /** The schema version now (the highest applied), 0 when there are no migrations. */
  readonly version: number;
}

/**
 * Applies the pending migrations. Connection failures come out as SpikeError("unavailable"); a database that
 * does not fit the code as MigrationError; a failing migration as the database's error (nothing of it applied).
 */
export async function migrate(db: Db, log: Log, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const files = loadMigrations(opts.dir);
  const lockWaitMs = opts.lockWaitMs ?? 600_000;
  try {
    return await db.task("migrate", async (t) => {
      const started = Date.now();
      let waiting = false;
      for (;;) {
        const { locked } = await t.one<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_KEY}) AS locked`);
        if (locked) break;
        if (!waiting) log.info("waiting for another Nexus to finish migrating the database");
        waiting = true;
        if (Date.now() - started > lockWaitMs) {
          throw new MigrationError(
            `another session has held the migration lock for ${Math.round(lockWaitMs / 1000)} s; find it with ` +
              `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = ${BigInt(LOCK_KEY) & 0xffffffffn}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 150));
      }
      try {
        await t.none(
          `CREATE TABLE IF NOT EXISTS schema_migrations (
             version    integer     PRIMARY KEY,
             name       text        NOT NULL,
             checksum   text        NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
           )`,
        );
        const recorded = await t.any<Recorded>("SELECT version, name, checksum FROM schema_migrations ORDER BY version");
        const pending = pendingMigrations(files, recorded, log).filter((m) => opts.upTo === undefined || m.version <= opts.upTo);
        const applied: number[] = [];
        for (const m of pending) {
          const began = Date.now();
          try {
            await t.tx(`migration ${m.file}`, async (tx) => {
              // A migration may rewrite a large table: it is not bound by the pool's statement timeout.
              await tx.none("SET LOCAL statement_timeout = 0");
              await tx.multi(m.sql);
              await tx.none("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", [m.version, m.name, m.checksum]);
            });
          } catch (err) {
            if (databaseError(err) !== undefined) throw err;
            const code = (err as { code?: unknown }).code;
            throw new MigrationError(
              `migration ${m.file} failed and was rolled back: ${(err as Error).message}${typeof code === "string" ? ` (${code})` : ""}`,
              { cause: err },
            );
          }
          applied.push(m.version);
          log.info("applied database migration", { migration: m.file, ms: Date.now() - began });
        }
        const version = Math.max(0, ...recorded.map((r) => r.version), ...applied);
        if (applied.length === 0) log.debug("database schema is up to date", { version });
        return { applied, version };
      } finally {
        try {
          await t.none(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
        } catch {
          // The connection is gone, and the lock with it.
        }
      }
    });
  } catch (err) {
    if (err instanceof MigrationError) throw err;
    throw databaseError(err) ?? err;
  }
}
