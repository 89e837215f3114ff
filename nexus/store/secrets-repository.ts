// SQL for secrets and their metadata. It stores and returns ciphertext it cannot read; the callers (nexus/secrets)
// seal and open it. Every write is atomic: one transaction, or, for the common put, one statement (ADR 0030), which
// concurrent puts share (ADR 0033). A put changes the metadata row under its lock, so concurrent puts to one path get
// distinct versions, and retention is applied on disk in the same transaction or statement.
import type { IDatabase } from "pg-promise";
import { databaseError, guardOutage } from "./database.js";
import { PutHints, type PutHint } from "./put-hints.js";
import type { ReadRouter } from "./read-replicas.js";
import type { CachedRead, SecretReadCache } from "./secret-read-cache.js";
import { PutGroups, type PutGroupStats } from "./put-groups.js";
import { afterCommit, claimRecord, transact, inUnitOfWork, queryable, type ClaimedRecord, type Queryable, type RecordGroup } from "./unit-of-work.js";

type Db = IDatabase<object>;

export interface MetadataRow {
  readonly path: string;
  readonly currentVersion: number;
  readonly maxVersions: number;
  readonly casRequired: boolean;
  readonly customMetadata: Record<string, string>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface VersionRow {
  readonly version: number;
  readonly ciphertext: Buffer | null;
  readonly createdAt: Date;
  readonly deletedAt: Date | null;
  readonly destroyedAt: Date | null;
}

interface RawMetadata {
  path: string;
  current_version: number;
  max_versions: number;
  cas_required: boolean;
  custom_metadata: Record<string, string>;
  created_at: Date;
  updated_at: Date;
}

interface RawVersion {
  version: number;
  ciphertext: Buffer | null;
  created_at: Date;
  deleted_at: Date | null;
  destroyed_at: Date | null;
}

const toMetadata = (r: RawMetadata): MetadataRow => ({
  path: r.path,
  currentVersion: r.current_version,
  maxVersions: r.max_versions,
  casRequired: r.cas_required,
  customMetadata: r.custom_metadata,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toVersion = (r: RawVersion): VersionRow => ({
  version: r.version,
  ciphertext: r.ciphertext,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
  destroyedAt: r.destroyed_at,
});

/** What a put learns, under the row lock, before it writes: enough to check CAS and to bind the ciphertext. */
export interface PutState {
  /** The version this put writes. */
  readonly version: number;
  /** The current version before this put; 0 when the secret is new. */
  readonly previousVersion: number;
  readonly casRequired: boolean;
  readonly maxVersions: number;
}

/** A put ready for its one-statement attempt: what it predicted, and what it writes if the prediction holds. */
interface GroupedPut {
  readonly path: string;
  /** JSON, or null to keep what the secret has. */
  readonly customMetadata: string | null;
  readonly state: PutState;
  readonly ciphertext: Buffer;
  /** Versions to keep (the secret's limit as predicted, else the server default). */
  readonly keep: number;
  readonly claim: ClaimedRecord;
}

/** What a written row of a group returns. */
interface GroupRow {
  readonly createdAt: Date;
  readonly pruned: number;
}

/** How many secrets' metadata a Nexus remembers for predicting puts (a few hundred kilobytes at most). */
const PUT_HINTS = 10_000;

/** Whether the server refused a statement with an error (so it wrote nothing), as opposed to a fault. */
function refusedStatement(err: unknown): boolean {
  const f = typeof err === "object" && err !== null ? (err as { severity?: unknown; code?: unknown }) : undefined;
  return f?.severity === "ERROR" && typeof f.code === "string" && databaseError(err) === undefined;
}

/**
 * How long a group of puts may wait for one of its rows' locks before it is refused and its members run alone
 * (ADR 0033): well above a commit under load (the usual wait: another put to that path), well below
 * SPIKE_NEXUS_DB_STATEMENT_TIMEOUT.
 */
const GROUP_LOCK_WAIT = "1s";

/** Escapes LIKE wildcards so a prefix is matched literally. */
const likePrefix = (prefix: string): string => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class SecretsRepository {
  /** What this Nexus last saw of recently written secrets: the state the next put to them predicts. */
  private readonly hints = new PutHints(PUT_HINTS);
  /** Concurrent one-statement puts, sent as one statement (ADR 0033). */
  private readonly groups = new PutGroups<GroupedPut, GroupRow>((m) => m.path, (members) => this.#sendGroup(members));

  /**
   * `cache`: reads of current versions outside a transaction are served from it while it is coherent (ADR 0027).
   * `reads`: read replicas (ADR 0019); without them every read goes to `db`.
   */
  constructor(
    private readonly db: Db,
    private readonly cache?: SecretReadCache,
    private readonly reads?: ReadRouter,
  ) {}

  /** Statements the grouped puts took and puts they carried (for tests and measurements). */
  get putGroupStats(): PutGroupStats {
    return this.groups.stats;
  }

  /** A read: on the change's transaction inside one, else on a fresh-enough replica or the primary. */
  #read<T>(op: (q: Queryable) => Promise<T>): Promise<T> {
    return guardOutage(() => (this.reads === undefined || inUnitOfWork() ? op(queryable(this.db)) : this.reads.read(op)));
  }

  /** After the change to `path` commits (at once outside a transaction), this Nexus forgets its cached read. */
  private changed(path: string | undefined): Promise<void> {
    if (path === undefined) this.hints.clear();
    else this.hints.delete(path);
    const cache = this.cache;
    if (cache === undefined) return Promise.resolve();
    return afterCommit(async () => (path === undefined ? cache.clear() : cache.invalidate(path)));
  }


  /**
   * Writes a new version. `sealer` is called before each attempt (no transaction is open then: it may reserve a
   * data-key use) and returns `seal`, which checks preconditions against `state` (by throwing) and returns the
   * ciphertext for `state.version`. Versions beyond the retention limit are deleted.
   *
   * The common put is one autocommitted statement (ADR 0030): it predicts the state it will find (what this Nexus
   * last saw of the path), seals for it, and writes, with the unit of work's audit record, only if the
   * database holds exactly that state. Otherwise nothing was written, and the put runs again under the metadata
   * row's lock, where `seal` sees the real state; so a precondition is only ever refused on the real state.
   * Concurrent puts' attempts go as one statement (ADR 0033), each row written or not on its own.
   */
  put(
    path: string,
    customMetadata: Record<string, string> | undefined,
    defaultMaxVersions: number,
    sealer: () => Promise<(state: PutState) => Buffer>,
  ): Promise<{ version: number; createdAt: Date; pruned: number }> {
    return guardOutage(async () => {
      const fast = await this.#putInOneStatement(path, customMetadata, defaultMaxVersions, sealer);
      return fast ?? this.#putLocked(path, customMetadata, defaultMaxVersions, await sealer());
    });
  }

  /** The state a put to `path` expects: what this Nexus last saw of it, else a new secret. */
  #predict(path: string): PutHint {
    return this.hints.get(path) ?? { currentVersion: 0, casRequired: false, maxVersions: 0 };
  }

  /** The one-statement put; undefined when it wrote nothing (the prediction was wrong, or it could not be tried). */
  async #putInOneStatement(
    path: string,
    customMetadata: Record<string, string> | undefined,
    defaultMaxVersions: number,
    sealer: () => Promise<(state: PutState) => Buffer>,
  ): Promise<{ version: number; createdAt: Date; pruned: number } | undefined> {
    const claim = claimRecord();
    if (claim === undefined) return undefined;
    try {
      const expected = this.#predict(path);
      const state: PutState = {
        version: expected.currentVersion + 1,
        previousVersion: expected.currentVersion,
        casRequired: expected.casRequired,
        maxVersions: expected.maxVersions,
      };
      const seal = await sealer();
      let ciphertext: Buffer;
      try {
        ciphertext = seal(state);
      } catch {
        return undefined; // a refused precondition is decided again, on the real state
      }
      const keep = state.maxVersions > 0 ? state.maxVersions : defaultMaxVersions;
      const member: GroupedPut = { path, customMetadata: customMetadata === undefined ? null : JSON.stringify(customMetadata), state, ciphertext, keep, claim };
      // With concurrent puts it goes in one statement with theirs (ADR 0033); its row is written or not on its own.
      const outcome = await this.groups.add(member);
      if (!outcome.written) return undefined;
      claim.written();
      await this.changed(path);
      this.hints.set(path, { currentVersion: state.version, casRequired: state.casRequired, maxVersions: state.maxVersions });
      return { version: state.version, createdAt: outcome.row.createdAt, pruned: outcome.row.pruned };
    } finally {
      claim.release(); // nothing once written
    }
  }

  /** ADR 0030's statement for one put: its row, undefined when not written, null when the server refused it. */
  async #sendOne(member: GroupedPut): Promise<GroupRow | undefined | null> {
    const { path, state, claim } = member;
    // The metadata changes only if it is exactly as predicted; the rest selects from its RETURNING, so nothing
    // at all is written otherwise. A new secret's row is inserted with the defaults the prediction assumed.
    const bump = state.previousVersion === 0
      ? `INSERT INTO secret_metadata AS m (path, current_version, custom_metadata)
         VALUES ($1, 1, COALESCE($2::jsonb, '{}'::jsonb))
         ON CONFLICT (path) DO UPDATE
           SET current_version = m.current_version + 1, updated_at = now(), custom_metadata = COALESCE($2::jsonb, m.custom_metadata)
           WHERE m.current_version = $3 AND m.cas_required = $4 AND m.max_versions = $5
         RETURNING current_version`
      : `UPDATE secret_metadata AS m
            SET current_version = m.current_version + 1, updated_at = now(), custom_metadata = COALESCE($2::jsonb, m.custom_metadata)
          WHERE m.path = $1 AND m.current_version = $3 AND m.cas_required = $4 AND m.max_versions = $5
         RETURNING current_version`;
    const values: unknown[] = [path, member.customMetadata, state.previousVersion, state.casRequired, state.maxVersions, member.ciphertext, member.keep];
    const audit = claim.insert?.(values.length + 1, "EXISTS (SELECT 1 FROM bump)");
    const row = await this.db
      .one<{ created_at: Date | null; pruned: number }>({
        name: `secret-put-one-${state.previousVersion === 0 ? "new" : "next"}${audit === undefined ? "" : "-audited"}`,
        text: `WITH bump AS (${bump}),
               ins AS (INSERT INTO secrets (path, version, ciphertext) SELECT $1, current_version, $6 FROM bump RETURNING created_at),
               del AS (DELETE FROM secrets WHERE path = $1 AND version <= $3::int + 1 - $7::int AND EXISTS (SELECT 1 FROM bump) RETURNING 1)
               ${audit === undefined ? "" : `, audit AS (${audit.text})`}
               SELECT (SELECT created_at FROM ins) AS created_at, (SELECT count(*)::int FROM del) AS pruned`,
        values: [...values, ...(audit?.values ?? [])],
      })
      .catch((err: unknown) => {
        if (refusedStatement(err)) return null; // as for a group, below
        throw err;
      });
    if (row === null) return null;
    return row.created_at === null ? undefined : { createdAt: row.created_at, pruned: row.pruned };
  }

  /**
   * One statement for a group of one-statement puts (ADR 0030, 0033): each row's metadata changes only if it is
   * exactly as that put predicted, and its version, prune and audit record select from what changed, so a row
   * whose prediction is wrong writes nothing at all. Returns each member's row (undefined: not written), or
   * undefined when the server refused the statement (it wrote nothing).
   *
   * One INSERT ... ON CONFLICT takes every row's lock (an existing row's, or a new path's insertion) in path order,
   * so groups and single-path transactions cannot deadlock on metadata rows. A new path's row is inserted with the
   * defaults its prediction assumed; a path predicted to exist is only inserted when it was deleted after the
   * statement's snapshot saw it (the EXISTS below), and then with version 0, which the version insert refuses
   * (secrets.version > 0): the statement is refused, and every member runs again alone.
   */
  #sendGroup(members: readonly GroupedPut[]): Promise<ReadonlyArray<GroupRow | undefined> | undefined> {
    const n = members.length;
    // A lone put keeps ADR 0030's statement: the group's costs PostgreSQL more than twice the CPU for one row
    // (more to plan and run; ADR 0033).
    if (n === 1) return this.#sendOne(members[0] as GroupedPut).then((row) => (row === null ? undefined : [row]));
    const paths = new Array<string>(n);
    const previous = new Array<number>(n);
    const cas = new Array<boolean>(n);
    const max = new Array<number>(n);
    const metadata = new Array<string | null>(n);
    const ciphertexts = new Array<Buffer>(n);
    const keep = new Array<number>(n);
    let records: RecordGroup | undefined;
    members.forEach((m, i) => {
      paths[i] = m.path;
      previous[i] = m.state.previousVersion;
      cas[i] = m.state.casRequired;
      max[i] = m.state.maxVersions;
      metadata[i] = m.customMetadata;
      ciphertexts[i] = m.ciphertext;
      keep[i] = m.keep;
      // Each record is built now, just before its statement is sent.
      if (m.claim.join !== undefined) records = m.claim.join(records, i + 1);
    });
    const values: unknown[] = [paths, previous, cas, max, metadata, ciphertexts, keep];
    const audit = records?.insert(values.length + 1, (ordinal) => `${ordinal} IN (SELECT n FROM w)`);
    const lockWait = values.length + (audit?.values.length ?? 0) + 1;
    return this.db
      .any<{ created_at: Date | null; pruned: number }>({
        name: `secret-put-group${audit === undefined ? "" : "-audited"}`,
        // The group may wait for a row lock only GROUP_LOCK_WAIT (set before its input is produced, so before its
        // first lock); past it PostgreSQL refuses the statement (55P03) and every member runs alone, so one path
        // held long (a DestroyPrefix, an operator's SQL) delays only its own put (ADR 0033).
        text: `WITH lt AS MATERIALIZED (SELECT set_config('lock_timeout', $${lockWait}::text, true) AS v),
               input AS MATERIALIZED (
                 SELECT i.* FROM lt, unnest($1::text[], $2::int[], $3::bool[], $4::int[], $5::text[], $6::bytea[], $7::int[]) WITH ORDINALITY
                   AS i(path, prev, cas, maxv, meta, ciphertext, keep, n)
                  WHERE lt.v IS NOT NULL),
               bump AS (
                 INSERT INTO secret_metadata AS m (path, current_version, custom_metadata)
                 SELECT i.path, CASE WHEN i.prev = 0 THEN 1 ELSE 0 END, COALESCE(i.meta::jsonb, '{}'::jsonb)
                   FROM input i
                  -- A scalar subquery, not EXISTS: under OR, PostgreSQL may plan EXISTS as a hashed subplan that
                  -- reads all of secret_metadata for every group (it did below ~5,000 secrets); this is one index
                  -- probe per member at any size. No row gives NULL, which the WHERE drops like false.
                  WHERE i.prev = 0 OR (SELECT true FROM secret_metadata x WHERE x.path = i.path)
                  ORDER BY i.path COLLATE "C"
                 ON CONFLICT (path) DO UPDATE
                   SET current_version = m.current_version + 1, updated_at = now(),
                       custom_metadata = COALESCE((SELECT i.meta::jsonb FROM input i WHERE i.path = excluded.path), m.custom_metadata)
                   WHERE (m.current_version, m.cas_required, m.max_versions) = (SELECT i.prev, i.cas, i.maxv FROM input i WHERE i.path = excluded.path)
                 RETURNING m.path, m.current_version),
               w AS (SELECT i.n, i.path, b.current_version AS version, i.ciphertext, i.prev, i.keep FROM bump b JOIN input i ON i.path = b.path),
               ins AS (INSERT INTO secrets (path, version, ciphertext) SELECT path, version, ciphertext FROM w RETURNING path, created_at),
               del AS (DELETE FROM secrets s USING w WHERE s.path = w.path AND s.version <= w.prev + 1 - w.keep RETURNING s.path)
               ${audit === undefined ? "" : `, audit AS (${audit.text})`}
               SELECT ins.created_at, (SELECT count(*)::int FROM del WHERE del.path = i.path) AS pruned
                 FROM input i LEFT JOIN ins ON ins.path = i.path ORDER BY i.n`,
        values: [...values, ...(audit?.values ?? []), GROUP_LOCK_WAIT],
      })
      .then(
        (rows) => members.map((_, i): GroupRow | undefined => {
          const r = rows[i];
          return r?.created_at == null ? undefined : { createdAt: r.created_at, pruned: r.pruned };
        }),
        (err: unknown) => {
          // The server refused the statement, so it wrote nothing: each put runs again in steps and says precisely
          // what failed (an audit row that cannot be written, say). A lost connection may have committed it, and a
          // fault is a fault: those are not retried.
          if (refusedStatement(err)) return undefined;
          throw err;
        },
      );
  }

  /** The put in steps, under the metadata row's lock: `seal` sees the real state. */
  #putLocked(
    path: string,
    customMetadata: Record<string, string> | undefined,
    defaultMaxVersions: number,
    seal: (state: PutState) => Buffer,
  ): Promise<{ version: number; createdAt: Date; pruned: number }> {
    return transact(this.db, "secret-put", async (t) => {
      const head = await t.one<{ current_version: number; max_versions: number; cas_required: boolean }>({
        name: "secret-put-bump",
        text: `INSERT INTO secret_metadata AS m (path, current_version, custom_metadata)
               VALUES ($1, 1, COALESCE($2::jsonb, '{}'::jsonb))
               ON CONFLICT (path) DO UPDATE
                 SET current_version = m.current_version + 1, updated_at = now(),
                     custom_metadata = COALESCE($2::jsonb, m.custom_metadata)
               RETURNING current_version, max_versions, cas_required`,
        values: [path, customMetadata === undefined ? null : JSON.stringify(customMetadata)],
      });
      const state: PutState = {
        version: head.current_version,
        previousVersion: head.current_version - 1,
        casRequired: head.cas_required,
        maxVersions: head.max_versions,
      };
      // What this put saw, for the next one's prediction (a rollback leaves it wrong, which costs only speed).
      this.hints.set(path, { currentVersion: state.previousVersion, casRequired: state.casRequired, maxVersions: state.maxVersions });
      const ciphertext = seal(state);
      const keep = state.maxVersions > 0 ? state.maxVersions : defaultMaxVersions;
      const written = await t.one<{ created_at: Date; pruned: number }>({
        name: "secret-put-insert",
        text: `WITH ins AS (
                 INSERT INTO secrets (path, version, ciphertext) VALUES ($1, $2, $3) RETURNING created_at),
               del AS (
                 DELETE FROM secrets WHERE path = $1 AND version <= $2::int - $4::int RETURNING 1)
               SELECT (SELECT created_at FROM ins) AS created_at, (SELECT count(*)::int FROM del) AS pruned`,
        values: [path, state.version, ciphertext, keep],
      });
      await this.changed(path);
      this.hints.set(path, { currentVersion: state.version, casRequired: state.casRequired, maxVersions: state.maxVersions });
      return { version: state.version, createdAt: written.created_at, pruned: written.pruned };
    });
  }

  /**
   * The current version number and one version's row (0: the current one), or undefined when the secret does not
   * exist. Only what a read needs is selected (no metadata object, no custom metadata JSON): a cache miss costs
   * little more than a hit's round trip.
   */
  getVersion(path: string, version: number): Promise<CachedRead | undefined> {
    const cache = version === 0 && !inUnitOfWork() ? this.cache : undefined;
    const hit = cache?.get(path);
    if (hit !== undefined) return Promise.resolve(hit);
    const ticket = cache?.ticket() ?? 0;
    return this.#read(async (q) => {
      const rows = await q.any<{ current_version: number } & { [K in keyof RawVersion]: RawVersion[K] | null }>({
        name: "secret-get-version",
        text: `SELECT m.current_version, s.version, s.ciphertext, s.created_at, s.deleted_at, s.destroyed_at
                 FROM secret_metadata m
                 LEFT JOIN secrets s ON s.path = m.path AND s.version = CASE WHEN $2::int = 0 THEN m.current_version ELSE $2::int END
                WHERE m.path = $1`,
        values: [path, version],
      });
      const r = rows[0];
      if (r === undefined) return undefined;
      const row = r.version === null ? undefined : toVersion({ version: r.version, ciphertext: r.ciphertext, created_at: r.created_at as Date, deleted_at: r.deleted_at, destroyed_at: r.destroyed_at });
      const found: CachedRead = { currentVersion: r.current_version, row };
      // Only the primary's answer is cached: a replica's may predate a change this Nexus was already told about,
      // and a cached entry would outlive SPIKE_NEXUS_DB_REPLICA_MAX_LAG (ADR 0019).
      if (q === this.db) cache?.fill(path, ticket, found);
      return found;
    });
  }

  /** Paths starting with `prefix`, after `after`, ascending byte order, at most `limit`. */
  list(prefix: string, after: string, limit: number): Promise<string[]> {
    return this.#read(async (q) => {
      const rows = await q.any<{ path: string }>({
        name: "secret-list",
        text: "SELECT path FROM secret_metadata WHERE path LIKE $1 AND path > $2 ORDER BY path LIMIT $3",
        values: [likePrefix(prefix), after, limit],
      });
      return rows.map((r) => r.path);
    });
  }

  metadata(path: string): Promise<{ meta: MetadataRow; versions: VersionRow[] } | undefined> {
    return this.#read((q) => this.metadataWith(q, path));
  }

  private async metadataWith(q: Queryable, path: string): Promise<{ meta: MetadataRow; versions: VersionRow[] } | undefined> {
    const meta = await q.oneOrNone<RawMetadata>("SELECT * FROM secret_metadata WHERE path = $1", [path]);
    if (meta === null) return undefined;
    const versions = await q.any<RawVersion>(
      "SELECT version, NULL::bytea AS ciphertext, created_at, deleted_at, destroyed_at FROM secrets WHERE path = $1 ORDER BY version",
      [path],
    );
    return { meta: toMetadata(meta), versions: versions.map(toVersion) };
  }

  /**
   * Changes version states under the metadata row lock. `choose` sees the metadata and every kept version and names
   * the versions to change; returns the versions whose state really changed, or undefined when the secret is gone.
   */
  changeVersions(
    path: string,
    change: "delete" | "undelete" | "destroy",
    choose: (meta: MetadataRow, versions: VersionRow[]) => number[],
  ): Promise<number[] | undefined> {
    return guardOutage(() =>
      transact(this.db, `secret-${change}`, async (t) => {
        const locked = await t.oneOrNone("SELECT 1 FROM secret_metadata WHERE path = $1 FOR UPDATE", [path]);
        if (locked === null) return undefined;
        const found = await this.metadataWith(t, path);
        if (found === undefined) return undefined;
        const wanted = choose(found.meta, found.versions);
        if (wanted.length === 0) return [];
        const sql = {
          delete: "UPDATE secrets SET deleted_at = now() WHERE path = $1 AND version = ANY($2::int[]) AND deleted_at IS NULL AND destroyed_at IS NULL RETURNING version",
          undelete: "UPDATE secrets SET deleted_at = NULL WHERE path = $1 AND version = ANY($2::int[]) AND deleted_at IS NOT NULL AND destroyed_at IS NULL RETURNING version",
          destroy: "UPDATE secrets SET ciphertext = NULL, destroyed_at = now() WHERE path = $1 AND version = ANY($2::int[]) AND destroyed_at IS NULL RETURNING version",
        }[change];
        const changed = await t.any<{ version: number }>(sql, [path, wanted]);
        if (changed.length > 0) {
          await t.none("UPDATE secret_metadata SET updated_at = now() WHERE path = $1", [path]);
          await this.changed(path);
        }
        return changed.map((r) => r.version).sort((a, b) => a - b);
      }),
    );
  }

  /** Updates settings (undefined keeps a field) and prunes versions beyond a lowered limit, atomically. */
  updateMetadata(
    path: string,
    update: { maxVersions?: number | undefined; casRequired?: boolean | undefined; customMetadata?: Record<string, string> | undefined },
    defaultMaxVersions: number,
  ): Promise<boolean> {
    return guardOutage(() =>
      transact(this.db, "secret-update-metadata", async (t) => {
        const meta = await t.oneOrNone<{ current_version: number; max_versions: number }>(
          `UPDATE secret_metadata
              SET max_versions = COALESCE($2, max_versions), cas_required = COALESCE($3, cas_required),
                  custom_metadata = COALESCE($4::jsonb, custom_metadata), updated_at = now()
            WHERE path = $1 RETURNING current_version, max_versions`,
          [path, update.maxVersions ?? null, update.casRequired ?? null, update.customMetadata === undefined ? null : JSON.stringify(update.customMetadata)],
        );
        if (meta === null) return false;
        const keep = meta.max_versions > 0 ? meta.max_versions : defaultMaxVersions;
        await t.none("DELETE FROM secrets WHERE path = $1 AND version <= $2", [path, meta.current_version - keep]);
        await this.changed(path);
        return true;
      }),
    );
  }

  /** Removes every secret under `prefix` (or only counts them, `dryRun`), atomically. */
  destroyPrefix(prefix: string, dryRun: boolean): Promise<{ secrets: number; versions: number }> {
    return guardOutage(() =>
      transact(this.db, "secret-destroy-prefix", async (t) => {
        // Metadata rows first, in path order, as puts (and put groups) lock them: the other order could deadlock
        // with a put that holds a path's metadata and prunes its old versions. A dry run takes no lock. (The count
        // keeps the locked rows in the database: a prefix may hold every secret.)
        if (!dryRun) {
          await t.one("SELECT count(*) FROM (SELECT 1 FROM secret_metadata WHERE path LIKE $1 ORDER BY path FOR UPDATE) locked", [likePrefix(prefix)]);
        }
        const counts = await t.one<{ secrets: number; versions: number }>(
          `SELECT (SELECT count(*)::int FROM secret_metadata WHERE path LIKE $1) AS secrets,
                  (SELECT count(*)::int FROM secrets WHERE path LIKE $1) AS versions`,
          [likePrefix(prefix)],
        );
        if (!dryRun) {
          await t.none("DELETE FROM secrets WHERE path LIKE $1", [likePrefix(prefix)]);
          await t.none("DELETE FROM secret_metadata WHERE path LIKE $1", [likePrefix(prefix)]);
          await this.changed(undefined);
        }
        return counts;
      }),
    );
  }

  /** Removes a secret and all its versions; returns how many versions went, or undefined when it did not exist. */
  deleteMetadata(path: string): Promise<number | undefined> {
    return guardOutage(() =>
      transact(this.db, "secret-delete-metadata", async (t) => {
        // The metadata row first, as a put locks it (see destroyPrefix); no metadata means no versions either.
        const locked = await t.oneOrNone("SELECT 1 FROM secret_metadata WHERE path = $1 FOR UPDATE", [path]);
        if (locked === null) return undefined;
        const versions = await t.result("DELETE FROM secrets WHERE path = $1", [path]);
        await t.none("DELETE FROM secret_metadata WHERE path = $1", [path]);
        await this.changed(path);
        return versions.rowCount;
      }),
    );
  }
}
