// Keeps a SecretReadCache coherent across several Nexus on one PostgreSQL: a dedicated connection LISTENs on
// spike_secrets (sql/0007_secret_change_notify.sql) and drops each changed path. The cache serves only while that
// connection is up; when it drops, the cache is emptied and turned off until LISTEN works again (notifications sent
// meanwhile are lost, so what was cached before cannot be trusted).
import type { IDatabase } from "pg-promise";
import type { Log } from "../../lib/log.js";
import type { SecretReadCache } from "./secret-read-cache.js";

const CHANNEL = "spike_secrets";
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 10_000;

type Connection = Awaited<ReturnType<IDatabase<object>["connect"]>>;

interface Notification {
  readonly channel: string;
  readonly payload?: string;
}

export class SecretChangeListener {
  private connection: Connection | undefined;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: IDatabase<object>,
    private readonly cache: SecretReadCache,
    private readonly log: Log,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      const connection = await this.db.connect({ direct: true });
      if (this.closed) {
        await connection.done(true);
        return;
      }
      connection.client.on("notification", (n: Notification) => {
        if (n.channel !== CHANNEL) return;
        if (n.payload === undefined || n.payload === "*") this.cache.clear();
        else this.cache.invalidate(n.payload);
      });
      connection.client.on("error", () => this.lost(connection));
      connection.client.on("end", () => this.lost(connection));
      await connection.none(`LISTEN ${CHANNEL}`);
      this.connection = connection;
      this.retryMs = RETRY_MIN_MS;
      this.cache.setCoherent(true);
    } catch (err) {
      this.log.debug("secret read cache: change feed not connected; reads go to the database", { error: err instanceof Error ? err.message : String(err) });
      this.retry();
    }
  }

  private lost(connection: Connection): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.cache.setCoherent(false);
    if (!this.closed) {
      this.log.warn("secret read cache off: the change feed connection was lost; reconnecting");
      this.retry();
    }
  }

  private retry(): void {
    if (this.closed || this.timer !== undefined) return;
    const delay = this.retryMs * (0.5 + Math.random() / 2);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.cache.setCoherent(false);
    const connection = this.connection;
    this.connection = undefined;
    await Promise.resolve(connection?.done(true)).catch(() => undefined);
  }
}
