// Backups and the restore drill (issue 7, ADR 0021). Create dumps the live database in one snapshot into the
// archive format (archive.ts) and describes it with a manifest; Verify checks an uploaded archive against its
// manifest without restoring it; Drill restores it into a throwaway database (drill-target.ts), runs Nexus's own
// keyring, secrets and audit code against it, decrypts every stored version and verifies the audit chain.
// Nothing here writes to the live database.
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SpikeError, invalidArgument } from "../../lib/errors.js";
import { writeWithBackpressure } from "../../lib/stream-write.js";
import type { Log } from "../../lib/log.js";
import { AuditLog } from "../audit/log.js";
import { keyCheckMatches, keyCheckValue } from "../crypto/key-check.js";
import { Keyring } from "../crypto/keyring.js";
import type { RootKeyProvider } from "../crypto/root-key.js";
import { combineShares, type Share } from "../crypto/shamir.js";
import { fingerprint } from "../root-key/lifecycle.js";
import { BackupRepository } from "../store/backup-repository.js";
import { parseConnectionUri, type Database, type Db } from "../store/database.js";
import { KeyringRepository } from "../store/keyring-repository.js";
import { MigrationError, loadMigrations, migrate } from "../store/migrate.js";
import { RootKeyRepository } from "../store/root-key-repository.js";
import { ARCHIVE_FORMAT, ArchiveError, endLine, headerLine, readArchive, tableLine, type ArchiveHeader } from "./archive.js";
import { checkNotLive, needsDrillServer, openDrillDatabase, openDrillTarget, type DrillTargetConfig } from "./drill-target.js";
import { gzipPipe } from "./gzip-pipe.js";
import { PGDUMP_FORMAT, pgDump, pgRestore, readPgArchive, type PgArchiveContents } from "./pgdump.js";
import { MANIFEST_FORMAT_VERSION, macMatches, manifestMac, type Manifest } from "./manifest.js";

/** Largest archive piece on the wire (the proto's limit). */
export const MAX_CHUNK_BYTES = 1024 * 1024;
/** Largest upload Verify and Drill accept. */
export const MAX_UPLOAD_BYTES = 16 * 1024 * 1024 * 1024;
/** How often (in bytes or rows) progress is reported. */
const PROGRESS_EVERY_BYTES = 4 * 1024 * 1024;

export interface ProgressEvent {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  readonly unit: string;
}

export interface VerifyOutcome {
  readonly problems: string[];
  readonly archiveSha256: string;
  readonly archiveBytes: number;
  readonly tables: number;
  readonly supportedSchemaVersion: number;
  readonly macVerified: boolean;
}

export interface DrillOutcome {
  readonly problems: string[];
  readonly secrets: number;
  readonly versionsTotal: number;
  readonly versionsDecrypted: number;
  readonly auditChainOk: boolean;
  readonly auditRecords: number;
  readonly schemaVersion: number;
  readonly rpoSeconds: number;
  readonly rtoMillis: number;
}

export interface BackupServiceDeps {
  readonly database: () => Database;
  readonly rootKeys: RootKeyProvider;
  readonly config: DrillTargetConfig;
  readonly log: Log;
  readonly nexusVersion: string;
}

/** The newest schema version this build can run. */
export const supportedSchemaVersion = (): number => loadMigrations().at(-1)?.version ?? 0;

/** The drill's figures as it goes (DrillOutcome without the RTO, which finish() stamps). */
type DrillCounters = { -readonly [K in keyof DrillOutcome]: DrillOutcome[K] };

/** An uploaded archive in a private temp file, hashed as it arrived. */
interface Upload {
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  remove(): Promise<void>;
}

export class BackupService {
  #drilling = false;

  constructor(private readonly deps: BackupServiceDeps) {}

  /**
   * Dumps the live database: archive pieces go to `chunk` as the gzip stream makes them (each awaited, so a slow
   * reader slows the dump instead of filling memory), then the manifest is returned.
   */
  async create(format: string, chunk: (bytes: Buffer) => Promise<void>, progress: (p: ProgressEvent) => Promise<void>): Promise<Manifest> {
    const database = this.deps.database();
    const chosen = format === "" ? (database.kind === "postgres" ? PGDUMP_FORMAT : ARCHIVE_FORMAT) : format;
    if (chosen !== PGDUMP_FORMAT && chosen !== ARCHIVE_FORMAT) {
      throw invalidArgument(`format "${format.slice(0, 40)}" is not a backup format; use ${PGDUMP_FORMAT} or ${ARCHIVE_FORMAT}`);
    }
    if (chosen === PGDUMP_FORMAT) {
      if (database.kind !== "postgres" || this.deps.config.DB_CONNECTION_URI === undefined) {
        throw new SpikeError("failed_precondition", `pg_dump cannot read the embedded PGlite database; use format ${ARCHIVE_FORMAT}`);
      }
      return this.#createPgDump(database, this.deps.config.DB_CONNECTION_URI, chunk, progress);
    }
    return this.#createLogical(database, chunk, progress);
  }

  /** Sends `piece` on in parts of at most MAX_CHUNK_BYTES, hashing them; reports progress every few MiB. */
  static #chunker(chunk: (bytes: Buffer) => Promise<void>, progress: (p: ProgressEvent) => Promise<void>) {
    const hash = createHash("sha256");
    let bytes = 0;
    let reported = 0;
    return {
      send: async (piece: Buffer): Promise<void> => {
        for (let at = 0; at < piece.length; at += MAX_CHUNK_BYTES) {
          const part = piece.subarray(at, at + MAX_CHUNK_BYTES);
          hash.update(part);
          bytes += part.length;
          await chunk(part);
        }
        if (bytes - reported >= PROGRESS_EVERY_BYTES) {
          reported = bytes;
          await progress({ stage: "dumping", done: bytes, total: 0, unit: "bytes" });
        }
      },
      done: (): { sha256: string; bytes: number } => ({ sha256: hash.digest("hex"), bytes }),
    };
  }

  /**
   * pg_dump -Fc of Nexus's schema (ADR 0028), in the snapshot Nexus exports from its own read-only transaction: the
   * row counts, schema version and key check in the manifest are read in that same snapshot.
   */
  async #createPgDump(database: Database, uri: string, chunk: (bytes: Buffer) => Promise<void>, progress: (p: ProgressEvent) => Promise<void>): Promise<Manifest> {
    const out = BackupService.#chunker(chunk, progress);
    const dir = await mkdtemp(path.join(tmpdir(), "spike-pgdump-"));
    try {
      const snap = await new BackupRepository(database.db).exportSnapshot(async (s) => {
        const tool = await pgDump({ target: parseConnectionUri(uri), rootCert: this.deps.config.DB_ROOT_CERT, binDir: this.deps.config.SPIKE_NEXUS_PG_BIN_DIR, privateDir: dir }, s, out.send);
        this.deps.log.info("pg_dump backup taken", { pgDump: tool.path, version: tool.version, schema: s.schema });
        return s;
      });
      const { sha256, bytes } = out.done();
      return this.#sign({
        formatVersion: MANIFEST_FORMAT_VERSION,
        createdTime: snap.takenAt,
        schemaVersion: snap.schemaVersion,
        keyCheckFingerprint: snap.rootKey !== undefined ? fingerprint(snap.rootKey.keyCheck) : "",
        rootKeyGeneration: snap.rootKey?.generation ?? 0,
        rowCounts: { ...snap.rowCounts },
        archiveSha256: sha256,
        archiveBytes: bytes,
        archiveFormat: PGDUMP_FORMAT,
        databaseBackend: database.kind,
        nexusVersion: this.deps.nexusVersion,
        mac: Buffer.alloc(0),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Signs the manifest when this Nexus holds the root key its data needs. */
  #sign(unsigned: Manifest): Manifest {
    const key = this.#liveKeyFor(unsigned);
    return key === undefined ? unsigned : { ...unsigned, mac: manifestMac(key, unsigned) };
  }

  /** The logical archive (ADR 0021): Nexus's own code reads every table through a cursor. */
  async #createLogical(database: Database, chunk: (bytes: Buffer) => Promise<void>, progress: (p: ProgressEvent) => Promise<void>): Promise<Manifest> {
    const repo = new BackupRepository(database.db);
    const out = BackupService.#chunker(chunk, progress);
    // A failing reader (the caller went away) stops the dump at its next write, wherever it is (gzip-pipe.ts).
    const pipe = gzipPipe((piece) => out.send(piece));
    const counts: Record<string, number> = {};
    let info: { schemaVersion: number; takenAt: Date; keyCheck?: Buffer; generation: number } | undefined;
    let current = "";
    try {
      await repo.dump(
        async (snapshot) => {
          info = { schemaVersion: snapshot.schemaVersion, takenAt: snapshot.takenAt, generation: snapshot.rootKey?.generation ?? 0, ...(snapshot.rootKey ? { keyCheck: snapshot.rootKey.keyCheck } : {}) };
          await pipe.write(headerLine({ format: ARCHIVE_FORMAT, schemaVersion: snapshot.schemaVersion, createdTime: snapshot.takenAt.toISOString(), backend: database.kind }));
        },
        async (table) => {
          current = table;
          counts[table] = 0;
          await pipe.write(tableLine(table));
        },
        async (json) => {
          counts[current] = (counts[current] ?? 0) + 1;
          await pipe.write(`${json}\n`);
        },
      );
      await pipe.write(endLine(counts));
      await pipe.end();
    } catch (err) {
      await pipe.abort();
      throw pipe.failure ?? err; // the reader's failure is the cause; the dump's error is its echo
    }
    if (info === undefined) throw new SpikeError("internal", "the dump produced no snapshot");
    const { sha256, bytes } = out.done();
    return this.#sign({
      formatVersion: MANIFEST_FORMAT_VERSION,
      createdTime: info.takenAt,
      schemaVersion: info.schemaVersion,
      keyCheckFingerprint: info.keyCheck !== undefined ? fingerprint(info.keyCheck) : "",
      rootKeyGeneration: info.generation,
      rowCounts: counts,
      archiveSha256: sha256,
      archiveBytes: bytes,
      archiveFormat: ARCHIVE_FORMAT,
      databaseBackend: database.kind,
      nexusVersion: this.deps.nexusVersion,
      mac: Buffer.alloc(0),
    });
  }

  /** The live root key when it is the one the manifest names (or the database holds no key check). */
  #liveKeyFor(m: Manifest): Buffer | undefined {
    if (!this.deps.rootKeys.readiness().ready) return undefined;
    const key = this.deps.rootKeys.rootKey();
    if (m.keyCheckFingerprint !== "" && fingerprint(keyCheckValue(key)) !== m.keyCheckFingerprint) return undefined;
    return key;
  }

  /** Checks an uploaded archive against its manifest, without restoring it. */
  async verify(manifest: Manifest, upload: AsyncIterable<Buffer>): Promise<VerifyOutcome> {
    const received = await receive(upload, manifest, async () => undefined);
    try {
      const problems: string[] = [];
      const found = await inspect(received, manifest, problems, this.deps.config.SPIKE_NEXUS_PG_BIN_DIR);
      const key = this.#liveKeyFor(manifest);
      const macVerified = key !== undefined && manifest.mac.length > 0 && macMatches(key, manifest);
      if (key !== undefined && manifest.mac.length > 0 && !macVerified) {
        problems.push("the manifest's MAC does not verify under this Nexus's root key: the manifest was edited or forged");
      }
      return { problems, archiveSha256: received.sha256, archiveBytes: received.bytes, tables: found.tables, supportedSchemaVersion: supportedSchemaVersion(), macVerified };
    } finally {
      await received.remove();
    }
  }

  /**
   * The restore drill. Refuses (FAILED_PRECONDITION) before reading the upload when the drill database would be
   * the live one, when no root key is available, or when a drill is already running.
   */
  async drill(
    start: { manifest: Manifest; shares: readonly Share[] },
    upload: AsyncIterable<Buffer>,
    progress: (p: ProgressEvent) => Promise<void>,
  ): Promise<DrillOutcome> {
    checkNotLive(this.deps.config);
    const live = this.deps.database();
    if (start.shares.length === 0 && !this.deps.rootKeys.readiness().ready) {
      throw new SpikeError("failed_precondition", "Nexus holds no root key and no shares were given: the drill cannot decrypt anything");
    }
    if (start.manifest.archiveFormat === PGDUMP_FORMAT && this.deps.config.SPIKE_NEXUS_BACKUP_DRILL_DB_URI === undefined) throw needsDrillServer();
    if (this.#drilling) throw new SpikeError("failed_precondition", "a restore drill is already running on this Nexus");
    this.#drilling = true;
    const began = Date.now();
    let key: Buffer | undefined;
    try {
      key = start.shares.length > 0 ? combineShares(start.shares, start.shares.length) : Buffer.from(this.deps.rootKeys.rootKey());
      const received = await receive(upload, start.manifest, (bytes) => progress({ stage: "uploading", done: bytes, total: Number(start.manifest.archiveBytes), unit: "bytes" }));
      try {
        return await this.#restoreAndCheck(start.manifest, received, key, began, progress, live);
      } finally {
        await received.remove();
      }
    } finally {
      key?.fill(0);
      this.#drilling = false;
    }
  }

  /**
   * Loads an archive into the live database, which must be empty, in one transaction (ADR 0022). Refuses
   * (FAILED_PRECONDITION, listing the problems) an archive that fails a check or is at another schema version.
   */
  async restore(manifest: Manifest, upload: AsyncIterable<Buffer>): Promise<{ rowCounts: Record<string, number>; schemaVersion: number; keyCheckFingerprint: string }> {
    if (manifest.archiveFormat === PGDUMP_FORMAT) {
      throw new SpikeError("failed_precondition", `a ${PGDUMP_FORMAT} backup is restored with pg_restore into a new database before Nexus starts on it (docs/backup.md); this call loads ${ARCHIVE_FORMAT} backups`);
    }
    const database = this.deps.database();
    const live = new BackupRepository(database.db);
    const busy = await live.notEmpty();
    if (busy.length > 0) {
      throw new SpikeError("failed_precondition", `a backup is restored only into an empty database, and this one has rows in ${busy.join(", ")}; use a new database`);
    }
    const received = await receive(upload, manifest, async () => undefined);
    try {
      const problems: string[] = [];
      const found = await inspect(received, manifest, problems, undefined);
      const current = await live.schemaVersion();
      if (found.schemaVersion !== undefined && found.schemaVersion !== current) {
        problems.push(`the backup is at schema version ${found.schemaVersion} and this database at ${current}; restore it with the Nexus release of that schema version, then upgrade`);
      }
      if (problems.length > 0) throw new SpikeError("failed_precondition", `the backup is not restored: ${problems.join("; ")}`);
      await BackupRepository.inTransaction(database.db, async (repo) => {
        const raced = await repo.notEmpty();
        if (raced.length > 0) throw new SpikeError("failed_precondition", `the database got rows in ${raced.join(", ")} meanwhile; nothing was restored`);
        await load(repo, received, problems, async () => undefined);
        if (problems.length > 0) throw new SpikeError("failed_precondition", `the backup is not restored: ${problems.join("; ")}`);
      });
      this.deps.log.warn("a backup was restored into this database: restart Nexus, then give it the backup's root key", {
        schemaVersion: current,
        keyCheck: manifest.keyCheckFingerprint,
      });
      return { rowCounts: { ...manifest.rowCounts }, schemaVersion: current, keyCheckFingerprint: manifest.keyCheckFingerprint };
    } finally {
      await received.remove();
    }
  }

  async #restoreAndCheck(manifest: Manifest, upload: Upload, key: Buffer, began: number, progress: (p: ProgressEvent) => Promise<void>, live: Database): Promise<DrillOutcome> {
    const problems: string[] = [];
    const restoreStarted = Date.now();
    const outcome: DrillCounters = {
      problems,
      secrets: 0,
      versionsTotal: 0,
      versionsDecrypted: 0,
      auditChainOk: false,
      auditRecords: 0,
      schemaVersion: 0,
      rpoSeconds: Math.max(0, Math.round((began - manifest.createdTime.getTime()) / 1000)),
      rtoMillis: 0,
    };
    const finish = (): DrillOutcome => ({ ...outcome, rtoMillis: Date.now() - restoreStarted });

    // Nothing is restored from an archive that does not match its manifest, or that this build cannot run.
    const found = await inspect(upload, manifest, problems, this.deps.config.SPIKE_NEXUS_PG_BIN_DIR);
    if (problems.length > 0 || found.schemaVersion === undefined) return finish();
    if (manifest.mac.length > 0 && !macMatches(key, manifest)) {
      problems.push("the manifest's MAC does not verify under the drill's root key: the manifest was forged, or the key is not the backup's");
    }

    await progress({ stage: "restoring", done: 0, total: Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0), unit: "rows" });
    const quiet = this.deps.log.getSubLogger({ name: "drill", minLevel: 4 });
    if (found.pg !== undefined) {
      // pg_dump archive: pg_restore into a new database on the drill server (ADR 0028).
      const target = await openDrillDatabase(this.deps.config, this.deps.log, live);
      this.deps.log.info("restore drill: restoring with pg_restore", { target: target.description, schemaVersion: found.schemaVersion });
      const dir = await mkdtemp(path.join(tmpdir(), "spike-pgrestore-"));
      try {
        const failed = await pgRestore(upload.file, { target: target.target, rootCert: this.deps.config.DB_ROOT_CERT, binDir: this.deps.config.SPIKE_NEXUS_PG_BIN_DIR, privateDir: dir });
        if (failed !== undefined) {
          problems.push(`the archive does not restore: ${failed}`);
          return finish();
        }
        await progress({ stage: "restoring", done: Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0), total: 0, unit: "rows" });
        const db = target.open(found.pg.schema).db;
        // migrate() would refuse a changed migration too; saying which one is clearer.
        const files = new Map(loadMigrations().map((m) => [m.version, m.checksum]));
        for (const m of await new BackupRepository(db).migrations()) {
          if (files.get(m.version) !== m.checksum) problems.push(`the restored database's migration ${m.version} differs from this build's file (checksum)`);
        }
        if (problems.length > 0) return finish();
        return await this.#checkRestored(db, manifest, key, outcome, progress, quiet).then(finish);
      } finally {
        await rm(dir, { recursive: true, force: true });
        await target.dispose();
      }
    }
    const target = await openDrillTarget(this.deps.config, this.deps.log, live);
    this.deps.log.info("restore drill: restoring", { target: target.description, schemaVersion: found.schemaVersion });
    try {
      const db = target.database.db;
      await migrate(db, quiet, { upTo: found.schemaVersion });
      const repo = new BackupRepository(db);
      const beforeLoad = problems.length;
      await load(repo, upload, problems, (rows) => progress({ stage: "restoring", done: rows, total: 0, unit: "rows" }));
      if (problems.length > beforeLoad) return finish();
      return await this.#checkRestored(db, manifest, key, outcome, progress, quiet).then(finish);
    } finally {
      await target.dispose();
    }
  }

  /**
   * What the drill checks in a restored database, whatever the format: the remaining migrations apply (the
   * upgrade path), row counts match the manifest, the key is the backup's, every version and admin token decrypts,
   * the audit chain verifies. Fills `outcome` and its problems.
   */
  async #checkRestored(db: Db, manifest: Manifest, key: Buffer, outcome: DrillCounters, progress: (p: ProgressEvent) => Promise<void>, quiet: Log): Promise<void> {
    const problems = outcome.problems;
    try {
      outcome.schemaVersion = (await migrate(db, quiet)).version;
    } catch (err) {
      if (!(err instanceof MigrationError)) throw err;
      problems.push(`the restored database does not migrate: ${err.message}`);
      return;
    }
    const repo = new BackupRepository(db);
    const restored = await repo.counts(Object.keys(manifest.rowCounts).filter((t) => t !== "schema_migrations"));
    for (const [table, n] of Object.entries(restored)) {
      if (n !== manifest.rowCounts[table]) problems.push(`table ${table} restored ${n} rows, the manifest says ${String(manifest.rowCounts[table])}`);
    }
    outcome.secrets = await repo.secretCount();
    outcome.versionsTotal = await repo.versionCount();

    const record = await new RootKeyRepository(db).get();
    if (record !== undefined && !keyCheckMatches(key, record.keyCheck) && !(record.pending !== undefined && keyCheckMatches(key, record.pending.keyCheck))) {
      problems.push(`the root key the drill holds is not the backup's (key check ${fingerprint(record.keyCheck)}): give the backup's shares`);
      return;
    }

    await progress({ stage: "decrypting", done: 0, total: outcome.versionsTotal, unit: "versions" });
    let keyring: Keyring;
    try {
      keyring = await Keyring.open(new KeyringRepository(db), key);
    } catch (err) {
      problems.push(`the keyring does not open with the root key: ${(err as Error).message}`);
      return;
    }
    try {
      const failed: string[] = [];
      for await (const page of repo.versions()) {
        for (const row of page) {
          try {
            keyring.decrypt(row.ciphertext, { table: "secrets", path: row.path, version: row.version }).fill(0);
            outcome.versionsDecrypted++;
          } catch {
            failed.push(`${row.path}@${row.version}`);
          }
        }
        await progress({ stage: "decrypting", done: outcome.versionsDecrypted + failed.length, total: outcome.versionsTotal, unit: "versions" });
      }
      if (failed.length > 0) problems.push(`${failed.length} secret versions do not decrypt: ${failed.slice(0, 5).join(", ")}${failed.length > 5 ? ", ..." : ""}`);
      for (const token of await repo.adminTokens()) {
        try {
          keyring.decrypt(token.ciphertext, { table: "admin_tokens", path: token.id, version: 1 }).fill(0);
        } catch {
          problems.push(`admin token ${token.id} does not decrypt`);
        }
      }
    } finally {
      keyring.close();
    }

    await progress({ stage: "verifying audit", done: 0, total: 0, unit: "records" });
    // Verifying seals the archive's pending records into the chain first, as a restarted Nexus would.
    const auditLog = new AuditLog(() => db, () => undefined, false);
    const audit = await auditLog.verify(0, 0, () => undefined).finally(() => auditLog.close());
    outcome.auditChainOk = audit.ok;
    outcome.auditRecords = audit.checked;
    if (!audit.ok) problems.push(`the restored audit chain is broken: ${audit.broken?.detail ?? "unknown break"}`);
  }
}

/** Writes the upload to a private temp file, hashing it, enforcing the chunk and total limits. */
async function receive(upload: AsyncIterable<Buffer>, manifest: Manifest, progress: (bytes: number) => Promise<void>): Promise<Upload> {
  const dir = await mkdtemp(path.join(tmpdir(), "spike-backup-"));
  const file = path.join(dir, `upload-${randomBytes(4).toString("hex")}.gz`);
  const remove = (): Promise<void> => rm(dir, { recursive: true, force: true });
  const out = createWriteStream(file, { mode: 0o600 });
  const hash = createHash("sha256");
  let bytes = 0;
  let reported = 0;
  try {
    for await (const piece of upload) {
      if (piece.length > MAX_CHUNK_BYTES) throw invalidArgument(`an archive chunk is ${piece.length} bytes; at most ${MAX_CHUNK_BYTES}`);
      bytes += piece.length;
      if (bytes > MAX_UPLOAD_BYTES) throw new SpikeError("resource_exhausted", `the archive exceeds the upload limit of ${MAX_UPLOAD_BYTES} bytes`);
      hash.update(piece);
      await writeWithBackpressure(out, piece);
      if (bytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = bytes;
        await progress(bytes);
      }
    }
    out.end();
    await once(out, "finish");
    if (manifest.archiveBytes > 0) await progress(bytes);
  } catch (err) {
    out.destroy();
    await remove();
    throw err;
  }
  return { file, sha256: hash.digest("hex"), bytes, remove };
}

/** What inspect() found in an archive: its own schema version (undefined when unreadable) and its tables. */
interface Inspected {
  readonly schemaVersion?: number;
  readonly tables: number;
  /** For a pg_dump archive: its table of contents and migrations. */
  readonly pg?: PgArchiveContents;
}

/**
 * Compares the upload with its manifest and reads the archive through to its end (its own format's way), adding
 * each problem found as a sentence.
 */
async function inspect(upload: Upload, manifest: Manifest, problems: string[], binDir: string | undefined): Promise<Inspected> {
  if (manifest.formatVersion !== MANIFEST_FORMAT_VERSION) problems.push(`the manifest is format ${manifest.formatVersion}; this Nexus reads format ${MANIFEST_FORMAT_VERSION}`);
  if (upload.bytes !== manifest.archiveBytes) {
    problems.push(`the archive is ${upload.bytes} bytes, the manifest says ${manifest.archiveBytes}${upload.bytes < manifest.archiveBytes ? " (truncated)" : ""}`);
  }
  if (upload.sha256 !== manifest.archiveSha256) problems.push("the archive's SHA-256 does not match the manifest: the archive is corrupt or was altered");
  const supported = supportedSchemaVersion();
  if (manifest.schemaVersion > supported) {
    problems.push(`the backup is from schema version ${manifest.schemaVersion}, newer than this Nexus (${supported}); restore it with a Nexus release that has migration ${manifest.schemaVersion}`);
  }
  const own = (version: number): void => {
    if (version !== manifest.schemaVersion) problems.push(`the archive is at schema version ${version}, the manifest says ${manifest.schemaVersion}`);
    if (version > supported && manifest.schemaVersion <= supported) problems.push(`the archive is from schema version ${version}, newer than this Nexus (${supported})`);
  };
  if (manifest.archiveFormat === PGDUMP_FORMAT) {
    const pg = await readPgArchive(upload.file, binDir, problems);
    if (pg === undefined) return { tables: 0 };
    own(pg.schemaVersion);
    const inArchive = new Set(pg.tables);
    const missing = Object.keys(manifest.rowCounts).filter((t) => !inArchive.has(t));
    const extra = pg.tables.filter((t) => manifest.rowCounts[t] === undefined);
    if (missing.length > 0) problems.push(`the archive has no data for table${missing.length > 1 ? "s" : ""} ${missing.join(", ")}, which the manifest lists`);
    if (extra.length > 0) problems.push(`the archive holds table${extra.length > 1 ? "s" : ""} ${extra.join(", ")}, which the manifest does not list`);
    const files = new Map(loadMigrations().map((m) => [m.version, m.checksum]));
    for (const m of pg.migrations) {
      if (m.version <= supported && files.get(m.version) !== m.checksum) problems.push(`the backup's migration ${m.version} differs from this build's file (checksum)`);
    }
    return { schemaVersion: pg.schemaVersion, tables: pg.tables.length, pg };
  }
  if (manifest.archiveFormat !== ARCHIVE_FORMAT) {
    problems.push(`the archive format is "${manifest.archiveFormat.slice(0, 40)}"; this Nexus reads ${PGDUMP_FORMAT} and ${ARCHIVE_FORMAT}`);
  }
  let header: ArchiveHeader | undefined;
  let tables = 0;
  try {
    for await (const event of readArchive(createReadStream(upload.file))) {
      if (event.kind === "header") {
        header = event.header;
        own(header.schemaVersion);
      } else if (event.kind === "table") tables++;
      else if (event.kind === "end") {
        for (const [table, n] of Object.entries(event.counts)) {
          if (manifest.rowCounts[table] !== n) problems.push(`table ${table} holds ${n} rows, the manifest says ${String(manifest.rowCounts[table] ?? 0)}`);
        }
      }
    }
  } catch (err) {
    if (!(err instanceof ArchiveError)) throw err;
    problems.push(err.message);
  }
  return { ...(header !== undefined ? { schemaVersion: header.schemaVersion } : {}), tables };
}

/** Loads the archive's rows into the migrated drill database, table by table in file order. */
async function load(repo: BackupRepository, upload: Upload, problems: string[], progress: (rows: number) => Promise<void>): Promise<void> {
  const known = new Set(await repo.tables());
  const migrations = new Map(loadMigrations().map((m) => [m.version, m.checksum]));
  let table = "";
  let pending: string[] = [];
  let rows = 0;
  const loaded: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await repo.insert(table, pending);
    rows += pending.length;
    pending = [];
    await progress(rows);
  };
  for await (const event of readArchive(createReadStream(upload.file))) {
    if (event.kind === "table") {
      await flush();
      table = event.table;
      if (!known.has(table)) {
        problems.push(`the archive holds table ${table}, which its schema version does not have`);
        return;
      }
      if (table !== "schema_migrations") {
        await repo.clear(table);
        loaded.push(table);
      }
    } else if (event.kind === "row") {
      if (table === "schema_migrations") {
        // Already rebuilt by migrating to the archive's version; it must be the same migrations, byte for byte.
        const m = JSON.parse(event.json) as { version: number; checksum: string };
        if (migrations.get(m.version) !== m.checksum) problems.push(`the backup's migration ${m.version} differs from this build's file (checksum)`);
        continue;
      }
      pending.push(event.json);
      if (pending.length >= 2000) await flush();
    }
  }
  await flush();
  for (const name of loaded) await repo.resetIdentities(name);
}
