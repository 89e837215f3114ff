// The database connection: the only module (with embedded.ts) that knows how Nexus reaches PostgreSQL.
//
// DB_CONNECTION_URI selects a real PostgreSQL; without it Nexus runs the embedded PGlite (embedded.ts). Both are
// reached the same way, through one pg-promise pool, so every query takes the same code path.
//
// The URI is parsed here, never by pg: pg reads `sslmode` itself and would fight the TLS options built from
// DB_ROOT_CERT. Only the parameters listed in URI_PARAMETERS are accepted, so a libpq option that we would silently
// ignore (sslrootcert=..., target_session_attrs=...) is a configuration error instead.
import { randomUUID } from "node:crypto";
import { isIP } from "node:net";
import { checkServerIdentity, type PeerCertificate } from "node:tls";
import pgPromise from "pg-promise";
import type { IDatabase, IInitOptions } from "pg-promise";
import { ConfigError } from "../../lib/env.js";
import { SpikeError } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
import type { NexusConfig } from "../config.js";

export type Db = IDatabase<object>;

export interface Database {
  readonly db: Db;
  readonly kind: "postgres" | "pglite";
  /** Where the data lives, safe to log: `postgres://user@host:port/db (sslmode=...)` or the PGlite data dir. */
  readonly description: string;
  /**
   * This Nexus's name on a shared PostgreSQL: its connections carry it as `spike.instance`, and its change feed's
   * connection is named after it, so a secret change notifies only the other instances (sql/0009, ADR 0032).
   */
  readonly instance?: string;
  /** Ends the pool (and, for PGlite, the socket server and the engine). Safe to call twice. */
  close(): Promise<void>;
}

/** The configuration openDatabase reads; a full NexusConfig satisfies it. */
export type DatabaseConfig = Pick<
  NexusConfig,
  | "DB_CONNECTION_URI"
  | "DB_ROOT_CERT"
  | "SPIKE_NEXUS_DATA_DIR"
  | "SPIKE_NEXUS_DB_POOL_SIZE"
  | "SPIKE_NEXUS_DB_STATEMENT_TIMEOUT"
  | "SPIKE_NEXUS_DB_CONNECT_TIMEOUT"
>;

/** What each pg-promise Database carries as its context (`dc`): lets the one root's hooks log per database. */
interface DbContext {
  readonly spikeDatabase: string;
  readonly log: Log;
}

function isDbContext(dc: unknown): dc is DbContext {
  return typeof dc === "object" && dc !== null && "spikeDatabase" in dc && "log" in dc;
}

const initOptions: IInitOptions = {
  noWarnings: false,
  // Called for every failed query and failed connect. It must never throw (pg-promise would print the throw).
  error(err: unknown, e) {
    try {
      const dc: unknown = e?.dc;
      if (!isDbContext(dc)) return;
      const mapped = databaseError(err);
      if (mapped !== undefined) dc.log.debug("database operation failed", { database: dc.spikeDatabase, reason: mapped.message });
    } catch {
      // nothing: a logging failure must not turn into a query failure
    }
  },
};

/**
 * The one pg-promise root of the process (pg-promise warns when it is created twice). Everything that needs
 * pg-promise helpers (PreparedStatement, helpers.insert, as.format, txMode) takes them from here.
 */
export const pgp = pgPromise(initOptions);

/** pg's connection and pool options, as pg-promise types them. */
export type ConnectionParameters = Exclude<Parameters<typeof pgp>[0], string>;

let nextDatabaseId = 1;

/**
 * Creates a pg-promise Database for `connection` and makes its pool safe: an idle client that errors (server
 * restart, network cut) is logged and replaced by the pool instead of crashing the process.
 */
export function createPool(connection: ConnectionParameters, label: string, log: Log): Db {
  // A unique context per Database: pg-promise keys its duplicate-connection warning on connection + context, and
  // two Database objects for one server (a test, a migration runner beside a pool) are intended here.
  const dc: DbContext = { spikeDatabase: `${label}#${nextDatabaseId++}`, log };
  const db: Db = pgp(connection, dc);
  db.$pool.on("error", (err: unknown) => {
    log.warn("an idle database connection failed; it will be replaced", {
      database: label,
      reason: connectionFailureReason(err) ?? "unexpected error",
    });
  });
  return db;
}

// ---------------------------------------------------------------------------------------------------------------
// DB_CONNECTION_URI

export type SslMode = "disable" | "require" | "verify-ca" | "verify-full";

export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string;
  /** As written in the URI; undefined when the URI does not say (then DB_ROOT_CERT decides). */
  readonly sslmode?: SslMode;
  readonly applicationName?: string;
}

const URI_PARAMETERS = ["sslmode", "application_name", "host"] as const;

function decode(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`the ${what} is not valid percent-encoding`);
  }
}

/**
 * Parses `postgres://user:password@host:port/database?sslmode=verify-full`. Error messages never repeat the URI
 * (it may hold a password).
 */
export function parseConnectionUri(text: string): ConnectionTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error("is not a URI (expected postgres://user:password@host:port/database)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new Error(`has scheme "${url.protocol.slice(0, 20)}", expected postgres:// or postgresql://`);
  }
  for (const key of url.searchParams.keys()) {
    if (!(URI_PARAMETERS as readonly string[]).includes(key)) {
      const hint = key.startsWith("sslroot") || key === "sslcert" || key === "sslkey"
        ? " (give the CA certificate in DB_ROOT_CERT instead)"
        : "";
      throw new Error(`has parameter "${key.slice(0, 40)}", which Nexus does not support${hint}; supported: ${URI_PARAMETERS.join(", ")}`);
    }
  }
  let host = decode(url.hostname, "host");
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const hostParam = url.searchParams.get("host");
  if (hostParam !== null && hostParam !== "") host = hostParam;
  if (host === "") throw new Error("names no host");
  if (host.includes(",")) throw new Error("names several hosts; Nexus connects to exactly one (see DB_READ_REPLICAS for replicas)");
  const port = url.port === "" ? 5432 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error("has an invalid port");
  const database = decode(url.pathname.replace(/^\//, ""), "database name");
  if (database === "" || database.includes("/")) throw new Error("names no database (expected .../database after the host)");
  const user = decode(url.username, "user name");
  if (user === "") throw new Error("names no user (expected postgres://user@host/database)");
  const password = url.password === "" ? undefined : decode(url.password, "password");
  const mode = url.searchParams.get("sslmode");
  let sslmode: SslMode | undefined;
  if (mode !== null) {
    if (mode === "disable" || mode === "require" || mode === "verify-ca" || mode === "verify-full") sslmode = mode;
    else if (mode === "allow" || mode === "prefer") {
      throw new Error(`has sslmode=${mode}, which may fall back to plaintext; use disable, require, verify-ca or verify-full`);
    } else throw new Error(`has sslmode="${mode.slice(0, 20)}"; use disable, require, verify-ca or verify-full`);
  }
  if (host.startsWith("/") && sslmode !== undefined && sslmode !== "disable") {
    throw new Error(`connects through a Unix socket (${host}), where PostgreSQL offers no TLS; remove sslmode=${sslmode}`);
  }
  const applicationName = url.searchParams.get("application_name") ?? undefined;
  return {
    host,
    port,
    database,
    user,
    ...(password !== undefined ? { password } : {}),
    ...(sslmode !== undefined ? { sslmode } : {}),
    ...(applicationName !== undefined ? { applicationName } : {}),
  };
}

/** The target as it may appear in logs: no password. */
/** Where and as whom a pool connects, with its TLS options: the part every pool on a ConnectionTarget shares. */
export function connectionFields(target: ConnectionTarget, ssl: TlsOptions | false): { host: string; port: number; database: string; user: string; password?: string; ssl: TlsOptions | false } {
  return {
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(target.password !== undefined ? { password: target.password } : {}),
    ssl,
  };
}

export function describeTarget(t: ConnectionTarget, mode: SslMode): string {
  const host = t.host.startsWith("/") ? `[${t.host}]` : isIP(t.host) === 6 ? `[${t.host}]` : t.host;
  return `postgres://${encodeURIComponent(t.user)}@${host}:${t.port}/${encodeURIComponent(t.database)} (sslmode=${mode})`;
}

type TlsOptions = Exclude<ConnectionParameters["ssl"], boolean | undefined>;

/**
 * The TLS options for `target`. With DB_ROOT_CERT and no sslmode, verify-full. `require` with DB_ROOT_CERT checks
 * the chain like verify-ca (libpq does the same); `require` without it encrypts but verifies nothing, and says so.
 */
export function tlsFor(target: ConnectionTarget, rootCertPem: string | undefined, log: Log): { mode: SslMode; ssl: TlsOptions | false } {
  const mode: SslMode = target.sslmode ?? (rootCertPem !== undefined ? "verify-full" : "disable");
  const chainOnly = { checkServerIdentity: () => undefined };
  switch (mode) {
    case "disable":
      if (rootCertPem !== undefined) {
        throw new ConfigError("DB_ROOT_CERT is set but DB_CONNECTION_URI says sslmode=disable: remove one of them");
      }
      if (!target.host.startsWith("/") && !isLoopback(target.host)) {
        log.warn("the connection to PostgreSQL is not encrypted; set DB_ROOT_CERT and sslmode=verify-full in DB_CONNECTION_URI", {
          host: target.host,
        });
      }
      return { mode, ssl: false };
    case "require":
      if (rootCertPem !== undefined) return { mode, ssl: { ca: rootCertPem, rejectUnauthorized: true, ...chainOnly } };
      log.warn(
        "sslmode=require without DB_ROOT_CERT: the connection to PostgreSQL is encrypted but the server is not verified, " +
          "so anyone on the path can impersonate it; set DB_ROOT_CERT and sslmode=verify-full",
        { host: target.host },
      );
      return { mode, ssl: { rejectUnauthorized: false } };
    case "verify-ca":
      if (rootCertPem === undefined) {
        throw new ConfigError("DB_CONNECTION_URI says sslmode=verify-ca, which needs the CA certificate in DB_ROOT_CERT");
      }
      return { mode, ssl: { ca: rootCertPem, rejectUnauthorized: true, ...chainOnly } };
    case "verify-full": {
      // Always check the name against the host in the URI. pg 8.23.0 (pinned by pg-promise 12.7) does not pass
      // the host to tls.connect when it is an IP address, so node's default check would compare the certificate
      // with "localhost" instead.
      const fullCheck = { checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(target.host, cert) };
      if (rootCertPem === undefined) {
        log.info("sslmode=verify-full without DB_ROOT_CERT: the server certificate is checked against the system CA store");
        return { mode, ssl: { rejectUnauthorized: true, ...fullCheck } };
      }
      return { mode, ssl: { ca: rootCertPem, rejectUnauthorized: true, ...fullCheck } };
    }
  }
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

// ---------------------------------------------------------------------------------------------------------------
// Opening

/**
 * Opens the configured database and checks that it answers. A database that cannot be reached, or a TLS setup
 * that does not verify, fails here with SpikeError("unavailable") whose message says why; a contradictory
 * configuration fails with ConfigError.
 */
export async function openDatabase(cfg: DatabaseConfig, log: Log): Promise<Database> {
  if (cfg.DB_CONNECTION_URI === undefined) {
    if (cfg.DB_ROOT_CERT !== undefined) {
      throw new ConfigError("DB_ROOT_CERT is set but DB_CONNECTION_URI is not (the embedded database uses no TLS): set both or neither");
    }
    const { openEmbedded } = await import("./embedded.js");
    return openEmbedded(cfg, log);
  }
  let target: ConnectionTarget;
  try {
    target = parseConnectionUri(cfg.DB_CONNECTION_URI);
  } catch (err) {
    throw new ConfigError(`DB_CONNECTION_URI: ${(err as Error).message}`);
  }
  const { mode, ssl } = tlsFor(target, cfg.DB_ROOT_CERT, log);
  const instance = randomUUID();
  const description = describeTarget(target, mode);
  const parameters: ConnectionParameters & { readonly options: string } = {
    ...connectionFields(target, ssl),
    application_name: target.applicationName ?? "spike-nexus",
    // node-postgres's startup `options` (pg-promise's types omit it): no round trip. The secret-change trigger
    // reads spike.instance to skip notifying this instance (sql/0009).
    options: `-c spike.instance=${instance}`,
    max: cfg.SPIKE_NEXUS_DB_POOL_SIZE,
    statement_timeout: cfg.SPIKE_NEXUS_DB_STATEMENT_TIMEOUT,
    connectionTimeoutMillis: cfg.SPIKE_NEXUS_DB_CONNECT_TIMEOUT,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  };
  const db = createPool(parameters, "postgres", log);
  const database: Database = { ...poolDatabase(db, "postgres", description), instance };
  try {
    const version = await serverVersion(db);
    log.info("connected to PostgreSQL", { database: description, server: version, poolSize: cfg.SPIKE_NEXUS_DB_POOL_SIZE });
  } catch (err) {
    await database.close();
    // A certificate that does not verify will not verify on the next attempt either: stop, saying which check failed.
    const tls = tlsVerificationFailure(err);
    if (tls !== undefined) throw new ConfigError(`cannot verify PostgreSQL at ${description}: ${tls}`);
    throw databaseError(err) ?? sessionRefused(err) ?? err;
  }
  return database;
}

/** Why the server's certificate was refused (wrong CA, wrong host name, expired); undefined for anything else. */
export function tlsVerificationFailure(err: unknown): string | undefined {
  const code = fields(err)?.code;
  if (typeof code !== "string") return undefined;
  if (!TLS_CHAIN_CODES.has(code) && code !== "ERR_TLS_CERT_ALTNAME_INVALID" && code !== "CERT_HAS_EXPIRED" && code !== "CERT_NOT_YET_VALID") return undefined;
  return connectionFailureReason(err);
}

/** A Database over a pg-promise pool; `onClose` runs after the pool has ended (embedded.ts stops its server there). */
export function poolDatabase(db: Db, kind: Database["kind"], description: string, onClose?: () => Promise<void>): Database {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    description,
    close: () => {
      closing ??= (async () => {
        try {
          if (!db.$pool.ended && !db.$pool.ending) await db.$pool.end();
        } finally {
          await onClose?.();
        }
      })();
      return closing;
    },
  };
}

export async function serverVersion(db: Db): Promise<string> {
  const row = await db.one<{ version: string }>("SELECT current_setting('server_version') AS version");
  return row.version;
}

// ---------------------------------------------------------------------------------------------------------------
// Errors

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENETDOWN: "network down",
};

const TLS_CHAIN_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
]);

const SQLSTATE_REASONS: Readonly<Record<string, string>> = {
  "57P01": "the server is shutting down (57P01)",
  "57P02": "the server crashed (57P02)",
  "57P03": "the server is starting up or not accepting connections (57P03)",
  "53300": "the server has too many connections (53300)",
  "57014": "a statement exceeded SPIKE_NEXUS_DB_STATEMENT_TIMEOUT (57014)",
  "3D000": "the database does not exist (3D000)",
};

/** The substrings pg and pg-promise use for a lost or impossible connection. */
const MESSAGE_REASONS: ReadonlyArray<readonly [string, string]> = [
  ["timeout exceeded when trying to connect", "timed out waiting for a connection (SPIKE_NEXUS_DB_CONNECT_TIMEOUT)"],
  ["Connection terminated due to connection timeout", "connection timed out (SPIKE_NEXUS_DB_CONNECT_TIMEOUT)"],
  ["Connection terminated", "connection terminated"],
  ["Client has encountered a connection error", "connection lost"],
  ["Query read timeout", "the server stopped answering"],
  ["The server does not support SSL connections", "the server does not support TLS, but the URI's sslmode requires it"],
  ["There was an error establishing an SSL connection", "TLS negotiation failed"],
  ["Connection pool of the database object has been destroyed", "the database connection is closed"],
  ["Cannot use a pool after calling end on the pool", "the database connection is closed"],
  ["Too many connections", "the server has too many connections"],
  // FATAL (XX000) at session start when the database's directory is full: no session, so nothing to run on.
  ["could not write init file", "the server cannot start a session: it could not write its cache file (is its disk full?)"],
];

interface ErrorFields {
  code?: unknown;
  syscall?: unknown;
  message?: unknown;
  errors?: unknown;
}

function fields(err: unknown): ErrorFields | undefined {
  return typeof err === "object" && err !== null ? (err as ErrorFields) : undefined;
}

/** Why a connection failed, short and without credentials; undefined when `err` is not a connection failure. */
export function connectionFailureReason(err: unknown): string | undefined {
  const f = fields(err);
  if (f === undefined) return undefined;
  // Node reports a failed connect to several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  if (Array.isArray(f.errors) && f.errors.length > 0) {
    const inner = connectionFailureReason(f.errors[0]);
    if (inner !== undefined) return inner;
  }
  const code = typeof f.code === "string" ? f.code : undefined;
  const message = typeof f.message === "string" ? f.message : "";
  if (code !== undefined) {
    const network = NETWORK_CODES[code];
    if (network !== undefined) return `${network} (${code})`;
    if (f.syscall === "connect" || f.syscall === "getaddrinfo") return `cannot connect (${code})`;
    if (TLS_CHAIN_CODES.has(code)) {
      return `the server's TLS certificate is not signed by the CA in DB_ROOT_CERT (${code})`;
    }
    if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
      return `the server's TLS certificate does not name the host in DB_CONNECTION_URI (sslmode=verify-full; ${code})`;
    }
    if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") return `the server's TLS certificate is not valid now (${code})`;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const known = SQLSTATE_REASONS[code];
      if (known !== undefined) return known;
      if (code.startsWith("08")) return `connection failure (${code})`;
      if (code.startsWith("28")) return `the server refused the credentials in DB_CONNECTION_URI (${code})`;
    }
  }
  for (const [needle, reason] of MESSAGE_REASONS) {
    if (message.includes(needle)) return reason;
  }
  return undefined;
}

/**
 * The server lacks a resource it needs to do the work (class 53, "insufficient resources"): out of disk space is
 * RESOURCE_EXHAUSTED (it stays so until an operator acts); memory and similar limits are passing, so UNAVAILABLE.
 * Either way the database is fine and nothing was changed: the statement failed as a whole.
 */
function resourceError(err: unknown): SpikeError | undefined {
  const code = fields(err)?.code;
  if (typeof code !== "string" || !code.startsWith("53")) return undefined;
  if (code === "53100") return new SpikeError("resource_exhausted", "the database is out of disk space (53100); writes fail until space is freed");
  return new SpikeError("unavailable", `database unavailable: the server is short of a resource (${code})`);
}

/**
 * Maps a database outage (refused, reset, timed out, terminated, server shutting down or starting, too many
 * connections, TLS that does not verify) to SpikeError("unavailable"), and a server out of disk space to
 * SpikeError("resource_exhausted"); undefined for every other error, which the caller handles (constraint
 * violations, bugs).
 */
export function databaseError(err: unknown): SpikeError | undefined {
  if (err instanceof SpikeError) return err.code === "unavailable" || err.code === "resource_exhausted" ? err : undefined;
  const reason = connectionFailureReason(err);
  if (reason !== undefined) return new SpikeError("unavailable", `database unavailable: ${reason}`);
  return resourceError(err);
}

/**
 * A FATAL from the server on the first query means it would not give us a session, for a reason we do not know by
 * name: still an outage to wait out (Nexus must not exit on it), with the server's words as the reason.
 */
function sessionRefused(err: unknown): SpikeError | undefined {
  const f = fields(err) as (ErrorFields & { severity?: unknown }) | undefined;
  if (f?.severity !== "FATAL") return undefined;
  const message = typeof f.message === "string" ? f.message.slice(0, 200) : "no message";
  return new SpikeError("unavailable", `database unavailable: the server refused a session: ${message}${typeof f.code === "string" ? ` (${f.code})` : ""}`);
}

/** Whether `err` is a database fault Nexus waits out (retries, keeps serving), not a bug or a bad schema. */
export function isDatabaseFault(err: unknown): err is SpikeError {
  return err instanceof SpikeError && (err.code === "unavailable" || err.code === "resource_exhausted");
}

/** Runs a database operation and turns a database fault into a SpikeError (databaseError); other errors pass unchanged. */
export async function guardOutage<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    throw databaseError(err) ?? err;
  }
}
