// Cross-instance cache invalidation (ADR 0020). Several Nexus on one database each cache the policies, the keyring
// and the root key's generation; triggers (sql/0008) send a notification on channel spike_changes naming the table
// whenever a change to it commits. The feed LISTENs on one dedicated connection (outside the pool) and calls the
// handlers for that table. When the connection is lost it reconnects with backoff and then calls every handler,
// because notifications sent while it was away are gone.
import type { Log } from "../../lib/log.js";
import { connectionFailureReason, type Db } from "./database.js";

export const CHANGE_CHANNEL = "spike_changes";
/** Per-path notifications of secret changes (sql/0007), for the secret read cache (ADR 0027). */
export const SECRET_CHANNEL = "spike_secrets";
export type ChangeTopic = "policies" | "keyring" | "root_key";
const TOPICS: readonly ChangeTopic[] = ["policies", "keyring", "root_key"];

type Handler = () => Promise<void> | void;

/** The dedicated connection pg-promise hands out for `connect({ direct: true })`. */
type Direct = Awaited<ReturnType<Db["connect"]>>;

export class ChangeFeed {
  readonly #handlers = new Map<ChangeTopic, Handler[]>();
  readonly #secretHandlers: Array<(path: string) => void> = [];
  readonly #connectionHandlers: Array<(listening: boolean) => void> = [];
  #connection: Direct | undefined;
  #closed = false;
  #timer: NodeJS.Timeout | undefined;
  #backoff: number;
  /** Resolves once the first LISTEN is in place (or the feed is closed). */
  readonly listening: Promise<void>;
  #listened: () => void = () => undefined;

  constructor(
    private readonly db: Db,
    private readonly log: Log,
    private readonly opts: {
      readonly minBackoffMs?: number;
      readonly maxBackoffMs?: number;
      /** This Nexus's instance (Database.instance): secret changes are announced to a feed only under its name. */
      readonly instance?: string;
    } = {},
  ) {
    this.#backoff = opts.minBackoffMs ?? 200;
    this.listening = new Promise((resolve) => (this.#listened = resolve));
  }

  /** Calls `handler` after every committed change to `topic` (by any instance, this one too) and after a reconnect. */
  on(topic: ChangeTopic, handler: Handler): this {
    this.#handlers.set(topic, [...(this.#handlers.get(topic) ?? []), handler]);
    return this;
  }

  /** Calls `handler` with the path of every committed change to a secret ("*": any secret may have changed). */
  onSecret(handler: (path: string) => void): this {
    this.#secretHandlers.push(handler);
    return this;
  }

  /**
   * Calls `handler(true)` each time the feed is listening (first connect, reconnects) and `handler(false)` when it
   * stops: what a cache kept while it was not listening may have missed changes.
   */
  onConnection(handler: (listening: boolean) => void): this {
    this.#connectionHandlers.push(handler);
    return this;
  }

  #connected(listening: boolean): void {
    for (const handler of this.#connectionHandlers) handler(listening);
  }

  start(): this {
    void this.#connect(false);
    return this;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listened();
    this.#connected(false);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    const c = this.#connection;
    this.#connection = undefined;
    try {
      // Best effort: a row left behind only costs other instances notifications nobody hears.
      if (this.opts.instance !== undefined) await c?.none("DELETE FROM secret_cache_listeners WHERE instance = $1", [this.opts.instance]);
    } catch {
      // the connection is already gone
    }
    try {
      await c?.done(true);
    } catch {
      // already gone
    }
  }

  async #connect(reconnect: boolean): Promise<void> {
    if (this.#closed) return;
    let c: Direct | undefined;
    try {
      c = await this.db.connect({ direct: true, onLost: (err) => this.#lost(err) });
      c.client.on("notification", (n) => {
        if (n.channel === CHANGE_CHANNEL && (TOPICS as readonly string[]).includes(n.payload ?? "")) this.#fire(n.payload as ChangeTopic);
        else if (n.channel === SECRET_CHANNEL) for (const handler of this.#secretHandlers) handler(n.payload ?? "*");
      });
      await c.none("LISTEN $1:name", [SECRET_CHANNEL]);
      await c.none("LISTEN $1:name", [CHANGE_CHANNEL]);
      if (this.opts.instance !== undefined) await this.#announce(c, this.opts.instance);
      if (this.#closed) {
        await c.done(true);
        return;
      }
      this.#connection = c;
      this.#backoff = this.opts.minBackoffMs ?? 200;
      this.#listened();
      this.#connected(true);
      if (reconnect) {
        this.log.info("listening for changes from other Nexus instances again; reloading caches");
        for (const topic of TOPICS) this.#fire(topic);
      }
    } catch (err) {
      try {
        await c?.done(true);
      } catch {
        // nothing to release
      }
      this.#retry(err);
    }
  }

  /**
   * Registers this feed so that other instances' secret changes notify it (sql/0009), then waits until every
   * transaction that was running when the registration committed has ended: one of them may have decided, before it
   * could see the row, not to notify, and a cache that served before it commits could keep its old value (ADR 0032).
   */
  async #announce(c: Direct, instance: string): Promise<void> {
    await c.one("SELECT set_config('application_name', $1, false)", [`spike-nexus-feed ${instance}`]);
    await c.none(
      `DELETE FROM secret_cache_listeners l WHERE NOT EXISTS (
         SELECT 1 FROM pg_stat_activity a WHERE a.pid = l.pid AND a.backend_start = l.backend_start)`,
    );
    await c.none(
      `INSERT INTO secret_cache_listeners (instance, pid, backend_start)
       SELECT $1, pid, backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()
       ON CONFLICT (instance) DO UPDATE SET pid = EXCLUDED.pid, backend_start = EXCLUDED.backend_start`,
      [instance],
    );
    const { horizon } = await c.one<{ horizon: string }>("SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS horizon");
    for (;;) {
      const { done } = await c.one<{ done: boolean }>("SELECT pg_snapshot_xmin(pg_current_snapshot()) >= $1::xid8 AS done", [horizon]);
      if (done || this.#closed) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  #lost(err: unknown): void {
    this.#connection = undefined;
    this.#connected(false);
    if (this.#closed) return;
    this.log.warn("lost the connection that listens for changes from other Nexus instances; reconnecting", {
      reason: connectionFailureReason(err) ?? "unexpected error",
    });
    this.#retry(undefined);
  }

  #retry(err: unknown): void {
    if (this.#closed) return;
    if (err !== undefined) this.log.debug("cannot listen for changes yet", { reason: connectionFailureReason(err) ?? String(err), retryInMs: this.#backoff });
    const delay = this.#backoff;
    this.#backoff = Math.min(this.#backoff * 2, this.opts.maxBackoffMs ?? 5000);
    this.#timer = setTimeout(() => void this.#connect(true), delay);
    this.#timer.unref();
  }

  #fire(topic: ChangeTopic): void {
    for (const handler of this.#handlers.get(topic) ?? []) {
      Promise.resolve()
        .then(handler)
        .catch((err: unknown) => this.log.warn("reloading a cache after a change failed", { topic, reason: err instanceof Error ? err.message : String(err) }));
    }
  }
}
