// Nexus configuration: every variable, parsed once at start. See the README's configuration table.
import { X509Certificate } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { directory, duration, listenAddress, parseEnv, parsedBy, positiveInt, nonNegativeInt, type Env } from "../lib/env.js";
import { identityEnv } from "../lib/identity.js";
import { parseLogLevel } from "../lib/log.js";
import { parseConnectionUri } from "./store/database.js";
import { checkNotLive } from "./backup/drill-target.js";
import { defaultKeeperPeers, parseKeeperPeers } from "./keepers/peers.js";

/** DB_ROOT_CERT: base64 of one or more PEM CA certificates (Infisical's convention); parsed to the PEM text. */
export function decodeRootCert(text: string): string {
  if (text.includes("-----BEGIN")) {
    throw new Error("is PEM text, but it must be the base64 encoding of the PEM file (for example `base64 -w0 ca.pem`)");
  }
  const b64 = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new Error("is not base64");
  const pem = Buffer.from(b64, "base64").toString("utf8");
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("does not decode to a PEM certificate (no BEGIN CERTIFICATE block)");
  blocks.forEach((block, i) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new Error(`decodes to PEM whose certificate ${i + 1} does not parse`);
    }
  });
  return `${blocks.join("\n")}\n`;
}

export interface ReadReplica {
  readonly DB_CONNECTION_URI: string;
  /** The CA PEM (decoded), when the entry gives one. */
  readonly DB_ROOT_CERT?: string;
}

/** DB_READ_REPLICAS: a JSON list of {"DB_CONNECTION_URI": ..., "DB_ROOT_CERT": ...} (Infisical's shape). */
export function parseReadReplicas(text: string): ReadReplica[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    throw new Error('is not JSON (expected [{"DB_CONNECTION_URI": "postgres://...", "DB_ROOT_CERT": "<base64>"}, ...])');
  }
  if (!Array.isArray(list)) throw new Error("is not a JSON list");
  return list.map((entry: unknown, i) => {
    const where = `entry ${i + 1}`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) throw new Error(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    const unknownKey = Object.keys(e).find((k) => k !== "DB_CONNECTION_URI" && k !== "DB_ROOT_CERT");
    if (unknownKey !== undefined) throw new Error(`${where} has "${unknownKey.slice(0, 40)}"; an entry has DB_CONNECTION_URI and, optionally, DB_ROOT_CERT`);
    if (typeof e.DB_CONNECTION_URI !== "string") throw new Error(`${where} has no DB_CONNECTION_URI string`);
    try {
      parseConnectionUri(e.DB_CONNECTION_URI);
    } catch (err) {
      throw new Error(`${where}: DB_CONNECTION_URI ${(err as Error).message}`);
    }
    if (e.DB_ROOT_CERT === undefined) return { DB_CONNECTION_URI: e.DB_CONNECTION_URI };
    if (typeof e.DB_ROOT_CERT !== "string") throw new Error(`${where}: DB_ROOT_CERT is not a string`);
    try {
      return { DB_CONNECTION_URI: e.DB_CONNECTION_URI, DB_ROOT_CERT: decodeRootCert(e.DB_ROOT_CERT) };
    } catch (err) {
      throw new Error(`${where}: DB_ROOT_CERT ${(err as Error).message}`);
    }
  });
}

const schema = z.object({
  ...identityEnv,
  SPIKE_NEXUS_TLS_PORT: listenAddress(":8553"),
  // The database: PostgreSQL when DB_CONNECTION_URI is set, else the embedded PGlite under SPIKE_NEXUS_DATA_DIR.
  DB_CONNECTION_URI: parsedBy((text) => {
    parseConnectionUri(text);
    return text;
  }),
  DB_ROOT_CERT: parsedBy(decodeRootCert),
  // Read replicas of DB_CONNECTION_URI (ADR 0019): reads go there when fresh enough, writes to the primary.
  DB_READ_REPLICAS: parsedBy(parseReadReplicas, "[]"),
  SPIKE_NEXUS_DB_REPLICA_MAX_LAG: duration("5s"),
  SPIKE_NEXUS_DATA_DIR: directory("~/.spike"),
  // The restore drill's throwaway database (a schema in it, dropped afterwards); unset: an embedded PGlite in a temp dir.
  SPIKE_NEXUS_BACKUP_DRILL_DB_URI: parsedBy((text) => {
    parseConnectionUri(text);
    return text;
  }),
  // pg_dump / pg_restore for the pg_dump backup format (ADR 0028); unset: the newest on PATH or in /usr/lib/postgresql/*/bin.
  SPIKE_NEXUS_PG_BIN_DIR: parsedBy((text) => {
    if (!path.isAbsolute(text)) throw new Error(`"${text.slice(0, 80)}" is not an absolute directory (for example /usr/lib/postgresql/17/bin)`);
    return text;
  }),
  // Secrets: versions kept per secret (a secret may set its own), and the size of one version.
  SPIKE_NEXUS_MAX_SECRET_VERSIONS: positiveInt(10, 1000),
  SPIKE_NEXUS_MAX_SECRET_BYTES: positiveInt(512 * 1024, 64 * 1024 * 1024),
  SPIKE_NEXUS_MAX_SECRET_KEYS: positiveInt(1000, 100_000),
  // Reads of current versions served from memory (ciphertext only), kept coherent by LISTEN/NOTIFY: at most this
  // many bytes (ciphertext, path and ~600 bytes per entry) and this many entries; 0 in either turns it off.
  SPIKE_NEXUS_SECRET_CACHE_BYTES: nonNegativeInt(32 * 1024 * 1024, 64 * 1024 * 1024 * 1024),
  SPIKE_NEXUS_SECRET_CACHE_ENTRIES: nonNegativeInt(100_000, 10_000_000),
  // How the audit records of reads (and denials, failures) commit (ADR 0031): "async" answers once the record is
  // committed without waiting for its WAL flush; "sync" waits for it. A change's record always commits with it.
  SPIKE_NEXUS_AUDIT_READ_COMMIT: z.enum(["async", "sync"], { message: 'must be "async" or "sync"' }).default("async"),
  // The cipher service: plaintext per unary Encrypt/Decrypt/Rewrap call (larger payloads use the stream RPCs).
  SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE: positiveInt(64 * 1024, 3 * 1024 * 1024),
  // Data keys: the active one is replaced once it is this old (and after a fixed number of uses).
  SPIKE_NEXUS_DATA_KEY_MAX_AGE: duration("720h"),
  SPIKE_NEXUS_DB_POOL_SIZE: positiveInt(10, 1000),
  SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: duration("15s"),
  SPIKE_NEXUS_DB_CONNECT_TIMEOUT: duration("10s"),
  SPIKE_LOG_LEVEL: parsedBy(parseLogLevel, "info"),
  // The root key: Shamir k-of-n over the Keepers listed in SPIKE_NEXUS_KEEPER_PEERS.
  SPIKE_NEXUS_SHAMIR_SHARES: positiveInt(3, 1000),
  SPIKE_NEXUS_SHAMIR_THRESHOLD: positiveInt(2, 1000),
  SPIKE_NEXUS_KEEPER_PEERS: z.string().optional(),
  SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL: duration("5m"),
  SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: duration("5s"),
  // Limits (docs/limits-and-metrics.md). Messages: gRPC's own 4 MiB default, raised only on purpose.
  SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE: positiveInt(4 * 1024 * 1024, 256 * 1024 * 1024),
  SPIKE_NEXUS_MAX_SEND_MESSAGE_SIZE: positiveInt(4 * 1024 * 1024, 256 * 1024 * 1024),
  // A unary call that has not answered by then ends DEADLINE_EXCEEDED (a caller's shorter deadline still wins).
  SPIKE_NEXUS_RPC_DEADLINE: duration("30s"),
  // HTTP/2 keepalive: ping an idle connection this often, drop it when a ping is not answered in time.
  SPIKE_NEXUS_KEEPALIVE_TIME: duration("2h"),
  SPIKE_NEXUS_KEEPALIVE_TIMEOUT: duration("20s"),
  // A connection with no call for this long is closed (clients reconnect on their next call).
  SPIKE_NEXUS_MAX_CONNECTION_IDLE: duration("30m"),
  SPIKE_NEXUS_MAX_CONCURRENT_STREAMS: positiveInt(1000, 1_000_000),
  // Long-lived server streams (audit tail --follow) open at once, over all callers.
  SPIKE_NEXUS_MAX_FOLLOW_STREAMS: positiveInt(64, 100_000),
  // Per-SPIFFE-ID token bucket: calls per second sustained and the burst above it; 0 turns the limit off.
  SPIKE_NEXUS_RATE_LIMIT: nonNegativeInt(50_000, 10_000_000),
  SPIKE_NEXUS_RATE_LIMIT_BURST: positiveInt(100_000, 100_000_000),
  // Prometheus metrics on http://ADDRESS/metrics; "off" turns the endpoint off.
  SPIKE_NEXUS_METRICS_ADDRESS: z.string().default("127.0.0.1:9553").transform((text, ctx) => {
    if (text === "off") return undefined;
    const m = /^(.+):(\d{1,5})$/.exec(text);
    if (!m || Number(m[2]) > 65535) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not host:port (for example 127.0.0.1:9553) or "off"` });
      return z.NEVER;
    }
    return { host: (m[1] as string).replace(/^\[(.*)\]$/, "$1"), port: Number(m[2]) };
  }),
})
  .superRefine((cfg, ctx) => {
    if (cfg.DB_READ_REPLICAS.length > 0 && cfg.DB_CONNECTION_URI === undefined) {
      ctx.addIssue({ code: "custom", path: ["DB_READ_REPLICAS"], message: "lists replicas, but DB_CONNECTION_URI is not set (the embedded database has none)" });
    }
    // A secret version must fit in one message both ways, with room for its path, metadata and framing.
    for (const name of ["SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE", "SPIKE_NEXUS_MAX_SEND_MESSAGE_SIZE"] as const) {
      if (cfg[name] < cfg.SPIKE_NEXUS_MAX_SECRET_BYTES + 64 * 1024) {
        ctx.addIssue({ code: "custom", path: [name], message: `${cfg[name]} bytes cannot carry a secret of SPIKE_NEXUS_MAX_SECRET_BYTES (${cfg.SPIKE_NEXUS_MAX_SECRET_BYTES}) plus 64 KiB of framing` });
      }
    }
    if (cfg.SPIKE_NEXUS_SHAMIR_THRESHOLD > cfg.SPIKE_NEXUS_SHAMIR_SHARES) {
      ctx.addIssue({ code: "custom", path: ["SPIKE_NEXUS_SHAMIR_THRESHOLD"], message: `${cfg.SPIKE_NEXUS_SHAMIR_THRESHOLD} is more than SPIKE_NEXUS_SHAMIR_SHARES (${cfg.SPIKE_NEXUS_SHAMIR_SHARES})` });
    }
    try {
      checkNotLive(cfg);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["SPIKE_NEXUS_BACKUP_DRILL_DB_URI"], message: (err as Error).message.replace(/^SPIKE_NEXUS_BACKUP_DRILL_DB_URI /, "") });
    }
  })
  .transform((cfg, ctx) => {
    const text = cfg.SPIKE_NEXUS_KEEPER_PEERS ?? defaultKeeperPeers(cfg.SPIKE_NEXUS_SHAMIR_SHARES, cfg.SPIKE_TRUST_ROOT[0] as string);
    try {
      const peers = parseKeeperPeers(text, cfg.SPIKE_TRUST_ROOT);
      if (peers.length !== cfg.SPIKE_NEXUS_SHAMIR_SHARES) {
        throw new Error(`lists ${peers.length} Keepers, but SPIKE_NEXUS_SHAMIR_SHARES is ${cfg.SPIKE_NEXUS_SHAMIR_SHARES}: one Keeper per share`);
      }
      const ids = peers.map((p) => p.shareId);
      if (ids.some((id) => id > peers.length)) throw new Error(`share ids must be 1..${peers.length}, got ${ids.join(", ")}`);
      return { ...cfg, keeperPeers: peers };
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["SPIKE_NEXUS_KEEPER_PEERS"], message: (err as Error).message });
      return z.NEVER;
    }
  });

export type NexusConfig = z.output<typeof schema>;

export function loadNexusConfig(env: Env = process.env): NexusConfig {
  return parseEnv(schema, env);
}
