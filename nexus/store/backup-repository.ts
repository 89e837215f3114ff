// SQL for backups: dump every Nexus table in one consistent snapshot, load an archive into an empty (migrated)
// database, and read back what the restore drill checks. It moves rows it cannot read: values stay encrypted.
import type { ITask } from "pg-promise";
import { guardOutage, pgp, type Db } from "./database.js";
import type { Queryable } from "./unit-of-work.js";

/** Rows fetched per round trip while dumping, and inserted per statement while loading. */
const BATCH = 2000;

export interface SnapshotInfo {
  readonly schemaVersion: number;
  /** The snapshot's time: the backup's recovery point. */
  readonly takenAt: Date;
  /** The root key's check value and generation; undefined when the database was never bootstrapped. */
  readonly rootKey?: { readonly keyCheck: Buffer; readonly generation: number };
  readonly tables: readonly string[];
}

export interface ExportedSnapshot extends SnapshotInfo {
  /** The id another session passes to SET TRANSACTION SNAPSHOT (pg_dump --snapshot). */
  readonly snapshot: string;
  /** Nexus's schema (current_schema()): what is dumped. */
  readonly schema: string;
  readonly serverMajor: number;
  readonly rowCounts: Readonly<Record<string, number>>;
}

/**
 * The base tables of the current schema, parents before children (foreign keys), so that loading them in this
 * order never violates a reference. Ties are broken by name, for a stable archive.
 */
async function tablesInOrder(t: ITask<object>): Promise<string[]> {
  const tables = (await t.any<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  )).map((r) => r.name);
  const edges = await t.any<{ child: string; parent: string }>(
    `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
       JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE k.contype = 'f' AND n.nspname = current_schema()`,
  );
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((name) => !placed.has(name) &&
      edges.every((e) => e.child !== name || e.parent === name || placed.has(e.parent)));
    if (next === undefined) throw new Error("the schema's foreign keys form a cycle; a logical backup cannot order its tables");
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

/** The tables an empty Nexus database has no rows in (the audit log is allowed: calls to the empty instance). */
const MUST_BE_EMPTY = ["root_key", "keyring", "secret_metadata", "secrets", "admin_tokens", "policies"];

export class BackupRepository {
  /** `db` is the pool, or a transaction (a restore into the live database runs in one). */
  constructor(private readonly db: Queryable) {}

  /** Runs `work` with a repository bound to one transaction: all of it commits, or none. */
  static inTransaction<T>(db: Db, work: (repo: BackupRepository) => Promise<T>): Promise<T> {
    return guardOutage(() => db.tx("backup-restore", (t) => work(new BackupRepository(t))));
  }

  /** The tables that hold rows although an empty (never bootstrapped, unused) database would not. */
  async notEmpty(): Promise<string[]> {
    const found: string[] = [];
    for (const table of MUST_BE_EMPTY) {
      const r = await guardOutage(() => this.db.oneOrNone("SELECT 1 FROM $1:name LIMIT 1", [table]));
      if (r !== null) found.push(table);
    }
    return found;
  }

  /**
   * Reads the whole database in one REPEATABLE READ, read-only transaction: every table sees the same instant, so
   * the dump is consistent without stopping writers (they are not blocked on PostgreSQL; PGlite's one connection
   * is busy meanwhile). `begin` gets the snapshot's facts first; `row` gets each row's JSON text; both may wait
   * (backpressure), and the transaction simply stays open meanwhile.
   */
  dump(begin: (info: SnapshotInfo) => Promise<void>, table: (name: string) => Promise<void>, row: (json: string) => Promise<void>): Promise<void> {
    const mode = new pgp.txMode.TransactionMode({ tiLevel: pgp.txMode.isolationLevel.repeatableRead, readOnly: true });
    return guardOutage(() =>
      this.db.tx({ mode }, async (t) => {
        const { version, taken } = await t.one<{ version: number; taken: Date }>(
          "SELECT COALESCE(max(version), 0)::int AS version, now() AS taken FROM schema_migrations");
        const key = await t.oneOrNone<{ key_check: Buffer; generation: number }>("SELECT key_check, generation FROM root_key");
        const tables = await tablesInOrder(t);
        await begin({ schemaVersion: version, takenAt: taken, ...(key !== null ? { rootKey: { keyCheck: key.key_check, generation: key.generation } } : {}), tables });
        for (const name of tables) {
          await table(name);
          await t.none("DECLARE spike_backup NO SCROLL CURSOR FOR SELECT row_to_json(x)::text AS j FROM $1:name x", [name]);
          for (;;) {
            const rows = await t.any<{ j: string }>(`FETCH ${BATCH} FROM spike_backup`);
            for (const r of rows) await row(r.j);
            if (rows.length < BATCH) break;
          }
          await t.none("CLOSE spike_backup");
        }
      }),
    );
  }

  /**
   * Opens the same kind of read-only snapshot as dump(), exports it (pg_export_snapshot) for another session (a
   * pg_dump given --snapshot) and counts every table's rows in it; `work` runs while the snapshot stays open, so
   * what it dumps is exactly what was counted. Also returns Nexus's schema and the server's major version.
   */
  exportSnapshot<T>(work: (info: ExportedSnapshot) => Promise<T>): Promise<T> {
    const mode = new pgp.txMode.TransactionMode({ tiLevel: pgp.txMode.isolationLevel.repeatableRead, readOnly: true });
    return guardOutage(() =>
      this.db.tx({ mode }, async (t) => {
        const s = await t.one<{ snapshot: string; version: number; taken: Date; schema: string; major: number }>(
          `SELECT pg_export_snapshot() AS snapshot, (SELECT COALESCE(max(version), 0)::int FROM schema_migrations) AS version,
                  now() AS taken, current_schema() AS schema, (current_setting('server_version_num')::int / 10000) AS major`);
        const key = await t.oneOrNone<{ key_check: Buffer; generation: number }>("SELECT key_check, generation FROM root_key");
        const tables = await tablesInOrder(t);
        const rowCounts: Record<string, number> = {};
        for (const name of tables) rowCounts[name] = Number((await t.one<{ n: string }>("SELECT count(*) AS n FROM $1:name", [name])).n);
        return work({
          snapshot: s.snapshot,
          schema: s.schema,
          serverMajor: s.major,
          schemaVersion: s.version,
          takenAt: s.taken,
          ...(key !== null ? { rootKey: { keyCheck: key.key_check, generation: key.generation } } : {}),
          tables,
          rowCounts,
        });
      }),
    );
  }

  /** The recorded migrations (a restored database's, checked against this build's files). */
  async migrations(): Promise<Array<{ version: number; checksum: string }>> {
    return guardOutage(() => this.db.any("SELECT version, checksum FROM schema_migrations ORDER BY version"));
  }

  /** The tables of this (migrated) database: what a restore may load into. */
  async tables(): Promise<string[]> {
    return guardOutage(() => this.db.task((t) => tablesInOrder(t)));
  }

  /** Empties a table (a fresh schema's seeded rows, such as the audit head, are replaced by the archive's). */
  async clear(table: string): Promise<void> {
    await guardOutage(() => this.db.none("DELETE FROM $1:name", [table]));
  }

  /**
   * Inserts rows (row_to_json texts of this table's row type) in batches, identity columns included as they were
   * (OVERRIDING SYSTEM VALUE).
   */
  async insert(table: string, rows: readonly string[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      const json = `[${rows.slice(i, i + BATCH).join(",")}]`;
      await guardOutage(() => this.db.none("INSERT INTO $1:name OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::$1:name, $2::json)", [table, json]));
    }
  }

  /** Moves the table's identity sequences past the loaded rows, so the next generated id does not collide. */
  async resetIdentities(table: string): Promise<void> {
    const columns = await guardOutage(() => this.db.any<{ name: string }>(
      "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
      [table],
    ));
    for (const { name } of columns) {
      await guardOutage(() => this.db.one(
        "SELECT setval(pg_get_serial_sequence(quote_ident($1), $2), COALESCE((SELECT max($2:name) FROM $1:name), 1), (SELECT count(*) > 0 FROM $1:name))",
        [table, name],
      ));
    }
  }

  async schemaVersion(): Promise<number> {
    const r = await guardOutage(() => this.db.one<{ version: number }>("SELECT COALESCE(max(version), 0)::int AS version FROM schema_migrations"));
    return r.version;
  }

  async counts(tables: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables) {
      const r = await guardOutage(() => this.db.one<{ n: string }>("SELECT count(*) AS n FROM $1:name", [table]));
      out[table] = Number(r.n);
    }
    return out;
  }

  async secretCount(): Promise<number> {
    const r = await guardOutage(() => this.db.one<{ n: string }>("SELECT count(*) AS n FROM secret_metadata"));
    return Number(r.n);
  }

  /** Every stored (not destroyed) secret version, in pages, for the drill to decrypt. */
  async *versions(): AsyncGenerator<Array<{ path: string; version: number; ciphertext: Buffer }>> {
    let after: [string, number] | undefined;
    for (;;) {
      const page: Array<{ path: string; version: number; ciphertext: Buffer }> = await guardOutage(() =>
        after === undefined
          ? this.db.any("SELECT path, version, ciphertext FROM secrets WHERE ciphertext IS NOT NULL ORDER BY path, version LIMIT $1", [BATCH])
          : this.db.any("SELECT path, version, ciphertext FROM secrets WHERE ciphertext IS NOT NULL AND (path, version) > ($2, $3) ORDER BY path, version LIMIT $1", [BATCH, after[0], after[1]]));
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1] as { path: string; version: number };
      after = [last.path, last.version];
      if (page.length < BATCH) return;
    }
  }

  async versionCount(): Promise<number> {
    const r = await guardOutage(() => this.db.one<{ n: string }>("SELECT count(*) AS n FROM secrets WHERE ciphertext IS NOT NULL"));
    return Number(r.n);
  }

  /** Admin tokens' ciphertexts (also encrypted under the keyring). */
  async adminTokens(): Promise<Array<{ id: string; ciphertext: Buffer }>> {
    return guardOutage(() => this.db.any("SELECT id::text AS id, ciphertext FROM admin_tokens ORDER BY id"));
  }
}
