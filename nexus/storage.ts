// The database side of Nexus's life: open it and apply migrations in the background, retrying with backoff while
// it is unreachable (Nexus keeps serving and answers UNAVAILABLE meanwhile), and stop for good only when the
// schema itself is wrong (newer than this code, or a migration file changed).
import { ConfigError } from "../lib/env.js";
import { unavailable } from "../lib/errors.js";
import type { Log } from "../lib/log.js";
import { isDatabaseFault, openDatabase, type Database, type DatabaseConfig } from "./store/database.js";
import { MigrationError, migrate } from "./store/migrate.js";

export interface Storage {
  /** The open, migrated database; throws SpikeError("unavailable") with the reason until it is. */
  database(): Database;
  /** Resolves once the database is open and migrated (or rejects on a fatal schema/config error). */
  readonly ready: Promise<Database>;
  close(): Promise<void>;
}

export function startStorage(cfg: DatabaseConfig, log: Log, opts: { maxBackoffMs?: number } = {}): Storage {
  let current: Database | undefined;
  let reason = "connecting to the database";
  let closed = false;
  let wake: (() => void) | undefined;

  const ready = (async (): Promise<Database> => {
    let delay = 500;
    for (;;) {
      if (closed) throw unavailable("Nexus is stopping");
      let db: Database | undefined;
      try {
        db = await openDatabase(cfg, log);
        const result = await migrate(db.db, log);
        log.info("database ready", { database: db.description, schemaVersion: result.version, applied: result.applied });
        current = db;
        return db;
      } catch (err) {
        await db?.close().catch(() => undefined);
        if (err instanceof MigrationError || err instanceof ConfigError) throw err;
        // Unreachable, or out of disk space while migrating: both pass, and Nexus waits them out.
        if (!isDatabaseFault(err)) throw err;
        reason = err.message;
        log.warn("database not usable yet; retrying", { reason, retryInMs: delay });
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, delay).unref();
        });
        delay = Math.min(delay * 2, opts.maxBackoffMs ?? 30_000);
      }
    }
  })();
  // The caller decides what a fatal error means (Nexus exits); this keeps an unobserved rejection from crashing.
  ready.catch(() => undefined);

  return {
    ready,
    database: () => {
      if (current === undefined) throw unavailable(`database not ready: ${reason}`);
      return current;
    },
    close: async () => {
      closed = true;
      wake?.();
      await current?.close();
    },
  };
}
