// NexusClient: the workload SDK (`spike-ts/client`). One mTLS channel to Nexus for the client's whole life, our
// SVID from the Workload API or files (rotated without a restart), typed results, typed errors (NexusError), and
// retries of UNAVAILABLE that never apply a change twice. Built on the same connection code as the `spike` CLI.
import type { Env } from "../../lib/env.js";
import { openIdentitySource } from "../../lib/identity.js";
import { fromTimestamp } from "../../lib/timestamp.js";
import type { SecretsGetMetadataResponse__Output } from "../../proto/types/spike/v1/SecretsGetMetadataResponse.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { loadPilotConfig } from "../config.js";
import type { Writable } from "node:stream";
import { decryptStream, encryptStream } from "../commands/cipher.js";
import { connectNexus, unary, type NexusConnection } from "./connect.js";
import { NexusError, toNexusError } from "./errors.js";
import { DEFAULT_RETRY, withRetry, type Repeatable, type RetryPolicy } from "./retry.js";

export interface NexusClientOptions {
  /** Nexus's `host:port`; default SPIKE_NEXUS_API_URL, else 127.0.0.1:8553. */
  readonly address?: string;
  /** Trusted trust domains, the first naming Nexus's role; default SPIKE_TRUST_ROOT, else spike.ist. */
  readonly trustDomains?: readonly string[];
  /**
   * Where our SVID comes from. Default: from the environment, in this order: SPIKE_SVID_CERT_FILE, _KEY_FILE and
   * _BUNDLE_FILE (all three), then the Workload API at SPIFFE_ENDPOINT_SOCKET, then (only if `devName` is given)
   * the dev issuer's socket `<SPIKE_DEV_DIR>/agent/<devName>.sock`. A source passed in is not closed by close().
   */
  readonly source?: X509Source;
  /** The dev issuer registration to fall back to (`spike dev issuer --register <name>=<id>`); none by default. */
  readonly devName?: string;
  /** The environment to read; default process.env. */
  readonly env?: Env;
  /** Deadline of each attempt of a call, in ms (default 10 000). */
  readonly callTimeoutMs?: number;
  /** How long to wait for a first SVID, in ms; default SPIKE_SPIFFE_SOURCE_TIMEOUT (30 s). */
  readonly svidTimeoutMs?: number;
  /** Retrying of UNAVAILABLE; `{ maxAttempts: 1 }` turns it off. */
  readonly retry?: Partial<RetryPolicy>;
}

export interface SecretVersion {
  /** The version's key/value map. Secret material: do not log it. */
  readonly data: Record<string, string>;
  readonly version: number;
  /** The secret's current (highest) version, to tell whether this read was the latest. */
  readonly currentVersion: number;
  readonly createdTime: Date | null;
}

export interface PutOptions {
  /**
   * Check-and-set: write only if the current version is this (0: only if the secret does not exist yet). A put
   * with `cas` is retried on UNAVAILABLE; one without is sent at most once to Nexus (see adr/0026).
   */
  readonly cas?: number;
  /** Replaces the secret's custom metadata (plaintext annotations) in the same transaction. */
  readonly customMetadata?: Record<string, string>;
}

export interface VersionState {
  readonly version: number;
  readonly state: "live" | "deleted" | "destroyed";
  readonly createdTime: Date | null;
  readonly deletedTime: Date | null;
  readonly destroyedTime: Date | null;
}

/**
 * A secret's settings and each kept version's state, never values: path, currentVersion, oldestVersion, maxVersions
 * (0: the server default), effectiveMaxVersions (the limit in force), casRequired, customMetadata, as in the proto;
 * times as Dates.
 */
export type SecretMetadata = Readonly<Omit<SecretsGetMetadataResponse__Output, "createdTime" | "updatedTime" | "versions">> & {
  readonly createdTime: Date | null;
  readonly updatedTime: Date | null;
  readonly versions: readonly VersionState[];
};

export interface MetadataChange {
  /** New version limit; 0 returns to the server default. */
  readonly maxVersions?: number;
  readonly casRequired?: boolean;
  /** Replaces the custom metadata ({} clears it). */
  readonly customMetadata?: Record<string, string>;
}

export interface ListPage {
  readonly paths: string[];
  /** Pass back as `pageToken` for the next page; "" when there is none. */
  readonly nextPageToken: string;
}

export interface CipherResult {
  /** A ciphertext (encrypt, rewrap) or plaintext (decrypt). Plaintext is secret material: zero it when done. */
  readonly data: Buffer;
  /** The data key involved. */
  readonly keyId: number;
}

type Bytes = Buffer | Uint8Array | string;
const bytes = (b: Bytes | undefined): Buffer => (b === undefined ? Buffer.alloc(0) : typeof b === "string" ? Buffer.from(b, "utf8") : Buffer.from(b));

function metadataOf(m: SecretsGetMetadataResponse__Output): SecretMetadata {
  const { createdTime, updatedTime, versions, customMetadata, ...settings } = m;
  return {
    ...settings,
    customMetadata: { ...customMetadata },
    createdTime: fromTimestamp(createdTime),
    updatedTime: fromTimestamp(updatedTime),
    versions: versions.map((v) => ({
      version: v.version,
      state: v.destroyed ? "destroyed" : v.deletedTime ? "deleted" : "live",
      createdTime: fromTimestamp(v.createdTime),
      deletedTime: fromTimestamp(v.deletedTime),
      destroyedTime: fromTimestamp(v.destroyedTime),
    })),
  };
}

export class NexusClient {
  private closed = false;

  private constructor(
    /** The channel and the raw per-service gRPC clients, for what the SDK does not wrap (streams, operator calls). */
    readonly connection: NexusConnection,
    private readonly source: X509Source,
    private readonly ownsSource: boolean,
    private readonly callTimeoutMs: number,
    private readonly retryPolicy: RetryPolicy,
  ) {}

  /**
   * Opens our SVID source, waits for a first SVID, and prepares the channel (it connects on the first call).
   * Fails with a NexusError: "identity" (no SVID source or no SVID in time) or "invalid_argument" (a bad
   * environment variable, named in the message).
   */
  static async connect(opts: NexusClientOptions = {}): Promise<NexusClient> {
    let source: X509Source | undefined;
    const ownsSource = opts.source === undefined;
    try {
      const env = opts.env ?? process.env;
      const cfg = loadPilotConfig(env);
      const noFiles = [cfg.SPIKE_SVID_CERT_FILE, cfg.SPIKE_SVID_KEY_FILE, cfg.SPIKE_SVID_BUNDLE_FILE].every((f) => f === undefined);
      if (ownsSource && opts.devName === undefined && cfg.SPIFFE_ENDPOINT_SOCKET === undefined && noFiles) {
        throw new NexusError("identity", "no SVID source: set SPIFFE_ENDPOINT_SOCKET (a SPIRE agent) or SPIKE_SVID_CERT_FILE, SPIKE_SVID_KEY_FILE and SPIKE_SVID_BUNDLE_FILE");
      }
      source = opts.source ?? openIdentitySource(cfg, opts.devName ?? "");
      await source.ready(opts.svidTimeoutMs ?? cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT);
      const trustDomains = opts.trustDomains ?? cfg.SPIKE_TRUST_ROOT;
      const retry = { ...DEFAULT_RETRY, ...opts.retry };
      // grpc-js backs reconnects off up to 120 s by default: after a long outage a channel would stay down that
      // long after Nexus is back. Ours reconnects at least as often as the SDK retries.
      const connection = connectNexus(opts.address ?? cfg.SPIKE_NEXUS_API_URL, source, trustDomains, {
        "grpc.max_reconnect_backoff_ms": retry.maxBackoffMs,
      });
      return new NexusClient(connection, source, ownsSource, opts.callTimeoutMs ?? 10_000, retry);
    } catch (err) {
      if (ownsSource) source?.close();
      throw toNexusError(err);
    }
  }

  /** Our own SPIFFE ID (from the current SVID). */
  get spiffeId(): string {
    return this.source.svid().id.text;
  }

  private call<T>(kind: Repeatable, start: Parameters<typeof unary<T>>[0]): Promise<T> {
    return withRetry(() => unary<T>(start, this.callTimeoutMs), kind, this.retryPolicy, () => this.closed);
  }

  /** Reads the current version of a secret, or `version`. Errors: not_found (also for deleted or destroyed versions), permission_denied. */
  async get(path: string, opts: { version?: number } = {}): Promise<SecretVersion> {
    const r = await this.call<{ data: Record<string, string>; version: number; currentVersion: number; createdTime: { seconds: number; nanos: number } | null }>(
      "idempotent", (md, o, cb) => this.connection.secrets.Get({ path, version: opts.version ?? 0 }, md, o, cb));
    return { data: r.data, version: r.version, currentVersion: r.currentVersion, createdTime: fromTimestamp(r.createdTime) };
  }

  /** Writes a new version holding exactly `data`. Errors: failed_precondition (CAS mismatch), invalid_argument, resource_exhausted. */
  async put(path: string, data: Record<string, string>, opts: PutOptions = {}): Promise<{ version: number; createdTime: Date | null }> {
    const req = {
      path,
      data,
      ...(opts.cas !== undefined ? { cas: opts.cas } : {}),
      customMetadata: opts.customMetadata ? { entries: opts.customMetadata } : null,
    };
    const r = await this.call<{ version: number; createdTime: { seconds: number; nanos: number } | null }>(
      opts.cas !== undefined ? "idempotent" : "once", (md, o, cb) => this.connection.secrets.Put(req, md, o, cb));
    return { version: r.version, createdTime: fromTimestamp(r.createdTime) };
  }

  /** One page of paths under `prefix` that we may list, ascending. */
  listPage(prefix = "", opts: { pageToken?: string; limit?: number } = {}): Promise<ListPage> {
    return this.call<ListPage>("idempotent", (md, o, cb) =>
      this.connection.secrets.List({ prefix, pageToken: opts.pageToken ?? "", limit: opts.limit ?? 0 }, md, o, cb));
  }

  /** Every path under `prefix` that we may list (all pages), ascending. */
  async list(prefix = ""): Promise<string[]> {
    const paths: string[] = [];
    let pageToken = "";
    do {
      const page = await this.listPage(prefix, { pageToken, limit: 1000 });
      paths.push(...page.paths);
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    return paths;
  }

  /** Soft-deletes versions (default: the current one); returns those that changed. Repeating it changes nothing more. */
  async delete(path: string, versions: readonly number[] = []): Promise<number[]> {
    const r = await this.call<{ versions: number[] }>("idempotent", (md, o, cb) => this.connection.secrets.Delete({ path, versions: [...versions] }, md, o, cb));
    return r.versions;
  }

  /**
   * Brings soft-deleted versions back; returns those that changed. With no versions named, Nexus picks one (the
   * current, else the highest deleted), so that form is sent at most once.
   */
  async undelete(path: string, versions: readonly number[] = []): Promise<number[]> {
    const kind: Repeatable = versions.length > 0 ? "idempotent" : "once";
    const r = await this.call<{ versions: number[] }>(kind, (md, o, cb) => this.connection.secrets.Undelete({ path, versions: [...versions] }, md, o, cb));
    return r.versions;
  }

  /** Removes versions' data for good (versions must be named); returns those destroyed by this call. */
  async destroy(path: string, versions: readonly number[]): Promise<number[]> {
    const r = await this.call<{ versions: number[] }>("idempotent", (md, o, cb) => this.connection.secrets.Destroy({ path, versions: [...versions] }, md, o, cb));
    return r.versions;
  }

  /** A secret's settings and each kept version's state; never values. */
  async metadata(path: string): Promise<SecretMetadata> {
    return metadataOf(await this.call<SecretsGetMetadataResponse__Output>("idempotent", (md, o, cb) => this.connection.secrets.GetMetadata({ path }, md, o, cb)));
  }

  /** Changes a secret's settings; what is not given stays. Returns the metadata after the change. */
  async updateMetadata(path: string, change: MetadataChange): Promise<SecretMetadata> {
    const req = {
      path,
      ...(change.maxVersions !== undefined ? { maxVersions: change.maxVersions } : {}),
      ...(change.casRequired !== undefined ? { casRequired: change.casRequired } : {}),
      customMetadata: change.customMetadata ? { entries: change.customMetadata } : null,
    };
    const r = await this.call<{ metadata: SecretsGetMetadataResponse__Output | null }>("idempotent", (md, o, cb) => this.connection.secrets.UpdateMetadata(req, md, o, cb));
    if (r.metadata === null) throw new NexusError("internal", "Nexus answered UpdateMetadata without the metadata");
    return metadataOf(r.metadata);
  }

  /** Removes a secret entirely (metadata and every version), for good; sent at most once. Returns the versions removed. */
  async deleteMetadata(path: string): Promise<number> {
    const r = await this.call<{ versionsRemoved: number }>("once", (md, o, cb) => this.connection.secrets.DeleteMetadata({ path }, md, o, cb));
    return r.versionsRemoved;
  }

  /** Encrypts up to the server's per-call limit (64 KiB by default) under Nexus's active data key. */
  async encrypt(plaintext: Bytes, opts: { associatedData?: Bytes } = {}): Promise<CipherResult> {
    const r = await this.call<{ ciphertext: Buffer; keyId: number }>("idempotent", (md, o, cb) =>
      this.connection.cipher.Encrypt({ plaintext: bytes(plaintext), associatedData: bytes(opts.associatedData) }, md, o, cb));
    return { data: r.ciphertext, keyId: r.keyId };
  }

  /** Decrypts a ciphertext from encrypt() or rewrap(). Errors: data_loss (tampered, or other associated data). */
  async decrypt(ciphertext: Bytes, opts: { associatedData?: Bytes } = {}): Promise<CipherResult> {
    const r = await this.call<{ plaintext: Buffer; keyId: number }>("idempotent", (md, o, cb) =>
      this.connection.cipher.Decrypt({ ciphertext: bytes(ciphertext), associatedData: bytes(opts.associatedData) }, md, o, cb));
    return { data: r.plaintext, keyId: r.keyId };
  }

  /** Moves a ciphertext to the active data key without revealing its plaintext. */
  async rewrap(ciphertext: Bytes, opts: { associatedData?: Bytes } = {}): Promise<CipherResult> {
    const r = await this.call<{ ciphertext: Buffer; keyId: number }>("idempotent", (md, o, cb) =>
      this.connection.cipher.Rewrap({ ciphertext: bytes(ciphertext), associatedData: bytes(opts.associatedData) }, md, o, cb));
    return { data: r.ciphertext, keyId: r.keyId };
  }

  /**
   * Encrypts a stream of any size (to 16 GiB) into one streamed ciphertext written to `output`, which is ended when
   * done. Not retried: a failed stream must be started again by the caller (nothing was stored).
   */
  async encryptStream(input: AsyncIterable<Buffer>, output: Writable, opts: { associatedData?: Bytes } = {}): Promise<void> {
    await this.stream(() => encryptStream(this.connection, input, output, Buffer.concat([bytes(opts.associatedData)])));
  }

  /**
   * Decrypts a streamed (or single-shot) ciphertext into `output`, which is ended when done. Each piece is written
   * only after it authenticated, but truncation shows only at the end: on an error, discard what was written.
   */
  async decryptStream(input: AsyncIterable<Buffer>, output: Writable, opts: { associatedData?: Bytes } = {}): Promise<void> {
    await this.stream(() => decryptStream(this.connection, input, output, Buffer.concat([bytes(opts.associatedData)])));
  }

  private async stream(run: () => Promise<void>): Promise<void> {
    if (this.closed) throw new NexusError("unavailable", "the Nexus client is closed", undefined, 0);
    try {
      await run();
    } catch (err) {
      throw toNexusError(err);
    }
  }

  /** Closes the channel and, unless it was passed in, the SVID source. Calls after close fail with "unavailable". */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.close();
    if (this.ownsSource) this.source.close();
  }
}
