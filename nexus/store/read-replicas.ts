// Reads on streaming replicas (DB_READ_REPLICAS, ADR 0019). Writes always go to the primary. A read goes to a
// replica only when that replica is known to have replayed
//   - everything this Nexus committed before the read began (read-your-writes: after every change's commit the
//     primary's WAL position is remembered, and a replica whose replay position is behind it is not used), and
//   - everything the primary had SPIKE_NEXUS_DB_REPLICA_MAX_LAG ago (changes made through other Nexus instances
//     are at most that stale).
// Otherwise, or when the replica is down, the read goes to the primary; a read that fails on a replica is run again
// on the primary, so a replica failing never fails a read. Reads inside a change's transaction stay on it.
//
// Positions come from a poll (every 200 ms): the primary's pg_current_wal_lsn() with the time it was read, and
// each replica's pg_last_wal_replay_lsn(). A replica's lag is the age of the newest primary sample it has replayed.
import { ConfigError } from "../../lib/env.js";
import type { Log } from "../../lib/log.js";
import type { NexusConfig, ReadReplica } from "../config.js";
import { connectionFailureReason, connectionFields, createPool, describeTarget, parseConnectionUri, tlsFor, type Db } from "./database.js";
import { registerCommitHook, type Queryable } from "./unit-of-work.js";

export type ReplicaConfig = Pick<NexusConfig, "DB_READ_REPLICAS" | "DB_ROOT_CERT" | "SPIKE_NEXUS_DB_REPLICA_MAX_LAG" | "SPIKE_NEXUS_DB_POOL_SIZE" | "SPIKE_NEXUS_DB_STATEMENT_TIMEOUT" | "SPIKE_NEXUS_DB_CONNECT_TIMEOUT">;

/** "16/B374D848" -> a comparable number. */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (m === null) throw new Error(`not a WAL position: ${text.slice(0, 40)}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

interface Replica {
  readonly db: Db;
  readonly description: string;
  /** Replay position at the last poll; undefined while down or not a replica. */
  replayed: bigint | undefined;
  /** Milliseconds behind the primary at the last poll (Infinity when unknown). */
  lagMs: number;
  /** Why it is not used, for status and logs; undefined when it is usable. */
  down: string | undefined;
}

export interface ReplicaStatus {
  readonly replica: string;
  readonly usable: boolean;
  readonly lagMs: number | null;
  readonly reason: string | null;
}

export class ReadRouter {
  readonly #replicas: Replica[];
  /** The primary's position after this Nexus's latest commit: no read may see less. */
  #watermark = 0n;
  /** Set when a commit's position could not be read: no replica is used until a later poll of the primary. */
  #unknownSince: number | undefined;
  /** Primary positions with the time they were read, oldest first. */
  #samples: Array<{ at: number; lsn: bigint }> = [];
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #next = 0;
  #closed = false;
  /** Reads served by a replica and by the primary (for tests and status). */
  readonly counts = { replica: 0, primary: 0, retried: 0 };

  constructor(
    private readonly primary: Db,
    replicas: ReadonlyArray<{ db: Db; description: string }>,
    private readonly maxLagMs: number,
    private readonly log: Log,
    private readonly pollMs = 200,
  ) {
    this.#replicas = replicas.map((r) => ({ ...r, replayed: undefined, lagMs: Infinity, down: "not polled yet" }));
    // Every change's commit moves the watermark before its RPC answers (nexus/store/unit-of-work.ts).
    registerCommitHook(primary, () => this.noteWrite());
  }

  start(): this {
    const tick = (): void => {
      if (this.#closed) return;
      this.#polling = this.poll().finally(() => {
        if (!this.#closed) this.#timer = setTimeout(tick, this.pollMs).unref();
      });
    };
    tick();
    return this;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#polling?.catch(() => undefined);
    await Promise.all(this.#replicas.map((r) => (r.db.$pool.ended ? undefined : r.db.$pool.end())));
  }

  /** Called after a commit on the primary: later reads must see it. */
  async noteWrite(): Promise<void> {
    try {
      const row = await this.primary.one<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn");
      const lsn = parseLsn(row.lsn);
      if (lsn > this.#watermark) this.#watermark = lsn;
    } catch {
      // Without the position no replica can be shown to have the write: the primary serves reads until a poll
      // started after now reads its position.
      this.#unknownSince = Date.now();
    }
  }

  /** One poll of the primary's position and every replica's replay position. */
  async poll(): Promise<void> {
    const at = Date.now();
    let primaryLsn: bigint | undefined;
    try {
      primaryLsn = parseLsn((await this.primary.one<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).lsn);
      this.#samples.push({ at, lsn: primaryLsn });
      const keep = at - this.maxLagMs - 5 * this.pollMs;
      while (this.#samples.length > 2 && (this.#samples[0] as { at: number }).at < keep) this.#samples.shift();
      if (this.#unknownSince !== undefined && at > this.#unknownSince) {
        if (primaryLsn > this.#watermark) this.#watermark = primaryLsn;
        this.#unknownSince = undefined;
      }
    } catch {
      // The primary is down: reads fail there anyway, and replicas keep serving only within their lag bound.
    }
    await Promise.all(this.#replicas.map(async (r) => {
      try {
        const row = await r.db.one<{ standby: boolean; lsn: string | null }>("SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn");
        if (!row.standby || row.lsn === null) {
          // A promoted standby keeps its last replay position but is on a timeline of its own.
          this.#mark(r, "it is not a standby (pg_is_in_recovery() is false: promoted, or a primary)");
          return;
        }
        r.replayed = parseLsn(row.lsn);
        const had = [...this.#samples].reverse().find((s) => s.lsn <= (r.replayed as bigint));
        r.lagMs = had === undefined ? Infinity : Math.max(0, at - had.at);
        this.#mark(r, r.lagMs > this.maxLagMs ? `it lags the primary by more than SPIKE_NEXUS_DB_REPLICA_MAX_LAG (${this.maxLagMs} ms)` : undefined);
      } catch (err) {
        this.#mark(r, `unreachable: ${connectionFailureReason(err) ?? (err instanceof Error ? err.message : String(err))}`);
      }
    }));
  }

  #mark(r: Replica, down: string | undefined): void {
    if (down !== undefined && down !== r.down) this.log.warn("read replica not used", { replica: r.description, reason: down });
    if (down === undefined && r.down !== undefined) this.log.info("read replica in use", { replica: r.description, lagMs: r.lagMs });
    if (down !== undefined && down.startsWith("unreachable")) r.replayed = undefined;
    r.down = down;
  }

  #usable(r: Replica, watermark: bigint): boolean {
    return this.#unknownSince === undefined && r.down === undefined && r.replayed !== undefined && r.replayed >= watermark && r.lagMs <= this.maxLagMs;
  }

  /** Runs a read on a replica that is fresh enough (round robin), else on the primary. */
  async read<T>(op: (q: Queryable) => Promise<T>): Promise<T> {
    const watermark = this.#watermark;
    const n = this.#replicas.length;
    for (let i = 0; i < n; i++) {
      const r = this.#replicas[(this.#next + i) % n] as Replica;
      if (!this.#usable(r, watermark)) continue;
      this.#next = (this.#next + i + 1) % n;
      try {
        const value = await op(r.db);
        this.counts.replica++;
        return value;
      } catch (err) {
        // Any failure on a replica (down, cancelled by a recovery conflict, ...) is retried on the primary, which
        // answers for itself: a replica never turns a read into an error.
        const reason = connectionFailureReason(err);
        if (reason !== undefined) this.#mark(r, `unreachable: ${reason}`);
        this.counts.retried++;
        break;
      }
    }
    this.counts.primary++;
    return op(this.primary);
  }

  status(): ReplicaStatus[] {
    return this.#replicas.map((r) => ({
      replica: r.description,
      usable: r.down === undefined && r.replayed !== undefined,
      lagMs: Number.isFinite(r.lagMs) ? r.lagMs : null,
      reason: r.down ?? null,
    }));
  }
}

/** Pools for DB_READ_REPLICAS (no connection is made here: a replica down at start is simply skipped). */
export function startReadRouter(primary: Db, cfg: ReplicaConfig, log: Log): ReadRouter | undefined {
  if (cfg.DB_READ_REPLICAS.length === 0) return undefined;
  const replicas = cfg.DB_READ_REPLICAS.map((entry: ReadReplica, i) => {
    const target = parseConnectionUri(entry.DB_CONNECTION_URI);
    // An entry without its own CA uses the primary's (Infisical does the same).
    let tls: ReturnType<typeof tlsFor>;
    try {
      tls = tlsFor(target, entry.DB_ROOT_CERT ?? cfg.DB_ROOT_CERT, log);
    } catch (err) {
      throw new ConfigError(`DB_READ_REPLICAS entry ${i + 1}: ${(err as Error).message}`);
    }
    const { mode, ssl } = tls;
    const description = describeTarget(target, mode);
    const db = createPool(
      {
        ...connectionFields(target, ssl),
        application_name: target.applicationName ?? "spike-nexus-reader",
        max: cfg.SPIKE_NEXUS_DB_POOL_SIZE,
        statement_timeout: cfg.SPIKE_NEXUS_DB_STATEMENT_TIMEOUT,
        // A replica that does not answer quickly is skipped, not waited for: the primary can serve the read.
        connectionTimeoutMillis: Math.min(cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT, 2000),
        idleTimeoutMillis: 30_000,
        keepAlive: true,
      },
      `replica-${i + 1}`,
      log,
    );
    return { db, description };
  });
  log.info("read replicas configured", { replicas: replicas.map((r) => r.description), maxLagMs: cfg.SPIKE_NEXUS_DB_REPLICA_MAX_LAG });
  return new ReadRouter(primary, replicas, cfg.SPIKE_NEXUS_DB_REPLICA_MAX_LAG, log).start();
}
