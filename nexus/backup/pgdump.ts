// The backup format "pg_dump-custom" (ADR 0028): PostgreSQL's own `pg_dump -Fc` of Nexus's schema, taken by Nexus
// in the snapshot it exported from its own read-only transaction, so the manifest's row counts and key check
// describe exactly the dumped data. Checked without a database by pg_restore (its table of contents, then every
// data block read through to the end), restored by pg_restore into a throwaway database for the drill.
import { open } from "node:fs/promises";
import { SpikeError } from "../../lib/errors.js";
import type { ConnectionTarget } from "../store/database.js";
import type { ExportedSnapshot } from "../store/backup-repository.js";
import { findPgTool, libpqEnv, runTool, toolMessage, type PgTool } from "./pg-tools.js";

export const PGDUMP_FORMAT = "pg_dump-custom";
/** Every custom-format archive starts with these bytes. */
const MAGIC = Buffer.from("PGDMP", "latin1");

/** pg_dump's -n takes a pattern: quoting makes it match exactly this schema, whatever its name. */
const exactSchema = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Runs pg_dump against the live database in `snap` (exported by Nexus's own open transaction), sending the archive
 * to `out` as it is written. The tool is found once per call (SPIKE_NEXUS_PG_BIN_DIR, else PATH and the package
 * directories), at least the server's major version.
 */
export async function pgDump(
  opts: { target: ConnectionTarget; rootCert: string | undefined; binDir: string | undefined; privateDir: string },
  snap: ExportedSnapshot,
  out: (piece: Buffer) => Promise<void>,
): Promise<PgTool> {
  const tool = await findPgTool("pg_dump", { binDir: opts.binDir, minMajor: snap.serverMajor, why: `a pg_dump backup of PostgreSQL ${snap.serverMajor}` });
  const env = await libpqEnv(opts.target, opts.rootCert, opts.privateDir, tool);
  const run = await runTool(tool, [
    "--format=custom",
    `--snapshot=${snap.snapshot}`,
    `--schema=${exactSchema(snap.schema)}`,
    "--no-password",
    // A migration holding a table lock makes the backup fail after a while rather than queue behind it forever.
    "--lock-wait-timeout=30s",
  ], env, out);
  if (run.code !== 0) {
    // Could not reach the server: an outage like any other (UNAVAILABLE), not a fault of the dump.
    const outage = /connection to server .* failed|could not connect|server closed the connection/i.test(run.stderr);
    throw new SpikeError(outage ? "unavailable" : "internal", `pg_dump ${tool.version} failed: ${toolMessage(run)}`);
  }
  return tool;
}

/** What a pg_dump archive holds, read without a database. */
export interface PgArchiveContents {
  /** The schema the archive's tables are in (Nexus's schema when it was dumped). */
  readonly schema: string;
  readonly tables: readonly string[];
  /** The highest migration recorded in the archive's schema_migrations, and every one with its checksum. */
  readonly schemaVersion: number;
  readonly migrations: ReadonlyArray<{ version: number; checksum: string }>;
  readonly dumpedFrom: string;
}

async function startsWithMagic(file: string): Promise<boolean> {
  const fh = await open(file, "r");
  try {
    const head = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return bytesRead === MAGIC.length && head.equals(MAGIC);
  } finally {
    await fh.close();
  }
}

/** Any pg_restore that reads the archive; the newest found (an archive from pg_dump N needs pg_restore ≥ N). */
export const findPgRestore = (binDir: string | undefined): Promise<PgTool> =>
  findPgTool("pg_restore", { binDir, minMajor: 0, why: "checking or restoring a pg_dump backup" });

/**
 * Reads the archive with pg_restore alone: `--list` for its table of contents, then the whole archive as a SQL
 * script (every data block decompressed, so a truncated or corrupt archive fails), keeping only schema_migrations'
 * rows. Each thing wrong is added to `problems`; undefined when the archive cannot be read at all.
 */
export async function readPgArchive(file: string, binDir: string | undefined, problems: string[]): Promise<PgArchiveContents | undefined> {
  if (!(await startsWithMagic(file))) {
    problems.push("the archive is not a pg_dump custom-format archive (it does not start with PGDMP)");
    return undefined;
  }
  const tool = await findPgRestore(binDir);
  const env = { PATH: process.env.PATH ?? "" };
  const list = await runTool(tool, ["--list", file], env);
  if (list.code !== 0) {
    problems.push(`pg_restore ${tool.version} cannot read the archive's table of contents: ${toolMessage(list)}`);
    return undefined;
  }
  const tables: string[] = [];
  const schemas = new Set<string>();
  let dumpedFrom = "";
  for (const line of list.output.split("\n")) {
    const from = /^;\s+Dumped from database version: (.*)$/.exec(line);
    if (from !== null) dumpedFrom = from[1] as string;
    // "3342; 0 16389 TABLE DATA public secrets postgres": id; catalog oid; TYPE; schema; name; owner
    const entry = /^\d+; \d+ \d+ TABLE DATA (\S+) (\S+) /.exec(line);
    if (entry !== null) {
      schemas.add(entry[1] as string);
      tables.push(entry[2] as string);
    }
  }
  if (tables.length === 0 || schemas.size !== 1) {
    problems.push(`the archive's table of contents lists ${tables.length} tables in ${schemas.size} schemas; a Spike backup has one schema`);
    return undefined;
  }
  const schema = [...schemas][0] as string;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) {
    problems.push(`the archive's tables are in schema "${schema.slice(0, 63)}"; the drill restores only plain schema names (letters, digits, _)`);
    return undefined;
  }

  // The whole archive through pg_restore, as a script to stdout: only schema_migrations' COPY block is kept.
  const migrations: Array<{ version: number; checksum: string }> = [];
  let inMigrations: { version: number; checksum: number } | undefined;
  let rest = "";
  const scan = (line: string): void => {
    if (inMigrations !== undefined) {
      if (line === "\\.") {
        inMigrations = undefined;
        return;
      }
      const cols = line.split("\t");
      migrations.push({ version: Number(cols[inMigrations.version]), checksum: cols[inMigrations.checksum] ?? "" });
      return;
    }
    const copy = /^COPY \S+\.schema_migrations \(([^)]*)\) FROM stdin;$/.exec(line);
    if (copy !== null) {
      const columns = (copy[1] as string).split(", ");
      inMigrations = { version: columns.indexOf("version"), checksum: columns.indexOf("checksum") };
    }
  };
  const full = await runTool(tool, ["--file=-", file], env, async (piece) => {
    rest += piece.toString("latin1"); // COPY text of this table is ASCII; other tables' bytes are only skipped
    let at: number;
    while ((at = rest.indexOf("\n")) >= 0) {
      scan(rest.slice(0, at));
      rest = rest.slice(at + 1);
    }
  });
  if (full.code !== 0) {
    problems.push(`the archive cannot be read to its end (truncated or corrupt): pg_restore ${tool.version}: ${toolMessage(full)}`);
    return undefined;
  }
  const schemaVersion = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return { schema, tables, schemaVersion, migrations, dumpedFrom };
}

/**
 * Restores the archive into the new, throwaway database `target` names, all or nothing: the command docs/backup.md
 * gives operators for a real restore (--clean --if-exists replaces the new database's empty "public" schema,
 * which the archive creates itself).
 */
export async function pgRestore(
  file: string,
  opts: { target: ConnectionTarget; rootCert: string | undefined; binDir: string | undefined; privateDir: string },
): Promise<string | undefined> {
  const tool = await findPgRestore(opts.binDir);
  const env = await libpqEnv(opts.target, opts.rootCert, opts.privateDir, tool);
  const run = await runTool(tool, [
    `--dbname=${opts.target.database}`,
    "--clean",
    "--if-exists",
    "--no-owner",
    "--no-privileges",
    "--exit-on-error",
    "--single-transaction",
    "--no-password",
    file,
  ], env);
  return run.code === 0 ? undefined : `pg_restore ${tool.version} failed: ${toolMessage(run)}`;
}
