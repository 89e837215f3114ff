// Nexus's one wiring function: identity, credentials, services. No globals; tests call it in-process.
import * as grpc from "@grpc/grpc-js";
import { acquireOwnIdentity, bindServer, type Running } from "../lib/daemon.js";
import { HealthStatus } from "../lib/health.js";
import { openIdentitySource } from "../lib/identity.js";
import type { Log } from "../lib/log.js";
import { serviceNames, services } from "../lib/proto.js";
import { unavailable } from "../lib/errors.js";
import { InMemoryRootKeyProvider } from "./crypto/in-memory-root-key.js";
import { KeyringCipher } from "./secrets/keyring-cipher.js";
import { RewrapJob } from "./secrets/rewrap-job.js";
import { RewrapRepository } from "./store/rewrap-repository.js";
import type { SecretLimits } from "./secrets/rules.js";
import { SecretsService } from "./secrets/service.js";
import { startStorage } from "./storage.js";
import { hostname } from "node:os";
import { VERSION } from "../lib/version.js";
import { AdminTokenService } from "./admin-tokens/service.js";
import { KeeperClients } from "./keepers/keeper-client.js";
import { RootKeyLifecycle, type LifecycleOptions } from "./root-key/lifecycle.js";
import { AdminTokenRepository } from "./store/admin-token-repository.js";
import { AuditLog } from "./audit/log.js";
import { BackupService } from "./backup/service.js";
import { RootKeyRepository } from "./store/root-key-repository.js";
import type { Database } from "./store/database.js";
import { KeyringRepository } from "./store/keyring-repository.js";
import { ChangeFeed } from "./store/change-feed.js";
import { startReadRouter, type ReadRouter } from "./store/read-replicas.js";
import { SecretsRepository } from "./store/secrets-repository.js";
import { SecretReadCache } from "./store/secret-read-cache.js";
import { PolicyRepository } from "./store/policy-repository.js";
import { PolicyEngine } from "./authz/engine.js";
import { PolicyService } from "./authz/service.js";
import type { SpiffeId } from "../spiffe/id.js";
import { PeerIdentities, TRANSPORT_OPTIONS, admitPeers, serverCredentials } from "../spiffe/tls.js";
import type { X509Source } from "../spiffe/x509-source.js";
import type { NexusConfig } from "./config.js";
import { adminTokensRpcs } from "./rpc/admin-tokens.js";
import { auditRpcs } from "./rpc/audit.js";
import { backupRpcs } from "./rpc/backup.js";
import { cipherRpcs } from "./rpc/cipher.js";
import type { NexusRpcContext } from "./rpc/context.js";
import { serviceHandlers, type RpcDeps } from "./rpc/define.js";
import { operatorRpcs } from "./rpc/operator.js";
import { policiesRpcs } from "./rpc/policies.js";
import { secretsRpcs } from "./rpc/secrets.js";
import { tolerantDefinition } from "./rpc/malformed.js";
import { callLimits } from "./limits/call-limits.js";
import { Slots } from "./limits/rate-limit.js";
import { NexusMetrics } from "./metrics/metrics.js";
import { serveMetrics, type MetricsEndpoint } from "./metrics/endpoint.js";

export interface NexusHandle extends Running {
  readonly id: SpiffeId;
  readonly port: number;
  readonly health: HealthStatus;
  /** Resolves when the database is open and migrated; rejects on a fatal schema or configuration error. */
  readonly storageReady: Promise<void>;
  /** The open database (tests, backups); throws "unavailable" until it is open. */
  readonly database: () => Database;
  /** The read-replica router when DB_READ_REPLICAS lists any (status, tests). */
  readonly readReplicas: () => ReadRouter | undefined;
  /** The Prometheus endpoint's port, when it is on (SPIKE_NEXUS_METRICS_ADDRESS). */
  readonly metricsPort: number | undefined;
}

export interface NexusOptions {
  /** The SVID source; by default from the configuration (Workload API, files, or the dev issuer). */
  readonly source?: X509Source;
  /** Holds the root key once the lifecycle has it; tests may pass one that already holds a key. */
  readonly rootKeys?: InMemoryRootKeyProvider;
  /** Tests only: where a root-key rotation should stop dead, as if killed. */
  readonly failpoint?: LifecycleOptions["failpoint"];
  /** Tests only: no background sealing of audit records (ADR 0016), so a test can edit the chain without a race. */
  readonly auditSealOnReadOnly?: boolean;
}

export async function startNexus(cfg: NexusConfig, log: Log, opts: NexusOptions = {}): Promise<NexusHandle> {
  const trustDomains = cfg.SPIKE_TRUST_ROOT;
  const source = opts.source ?? openIdentitySource(cfg, "nexus", log);
  const id = await acquireOwnIdentity(source, cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT, "nexus", trustDomains);
  const rootKeys = opts.rootKeys ?? new InMemoryRootKeyProvider();
  const storage = startStorage(cfg, log);
  const keepers = new KeeperClients(cfg.keeperPeers, source, trustDomains);
  const lifecycle = new RootKeyLifecycle({
    provider: rootKeys,
    keepers,
    repository: () => new RootKeyRepository(storage.database().db),
    log,
    shares: cfg.SPIKE_NEXUS_SHAMIR_SHARES,
    threshold: cfg.SPIKE_NEXUS_SHAMIR_THRESHOLD,
    reseedIntervalMs: cfg.SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL,
    maxBackoffMs: cfg.SPIKE_NEXUS_RECOVERY_MAX_INTERVAL,
    databaseReady: storage.ready,
    ...(opts.failpoint !== undefined ? { failpoint: opts.failpoint } : {}),
  });
  const secretLimits: SecretLimits = {
    maxBytes: cfg.SPIKE_NEXUS_MAX_SECRET_BYTES,
    maxKeys: cfg.SPIKE_NEXUS_MAX_SECRET_KEYS,
    defaultMaxVersions: cfg.SPIKE_NEXUS_MAX_SECRET_VERSIONS,
  };
  let secrets: SecretsService | undefined;
  let adminTokens: AdminTokenService | undefined;
  let cipher: KeyringCipher | undefined;
  let rewrap: RewrapJob | undefined;
  let policies: PolicyService | undefined;
  let feed: ChangeFeed | undefined;
  let reads: ReadRouter | undefined;
  const storageReady = storage.ready.then((database) => {
    cipher = new KeyringCipher(rootKeys, () => new KeyringRepository(database.db), { maxAgeMs: cfg.SPIKE_NEXUS_DATA_KEY_MAX_AGE });
    // The read cache (ADR 0027): on the embedded database this process is the only writer, so it is coherent from the
    // start; on PostgreSQL it serves only while the change feed (LISTEN) is connected.
    const cache = new SecretReadCache({ bytes: cfg.SPIKE_NEXUS_SECRET_CACHE_BYTES, entries: cfg.SPIKE_NEXUS_SECRET_CACHE_ENTRIES });
    if (database.kind === "pglite") cache.setCoherent(true);
    // Read replicas (ADR 0019): secret reads that miss the cache go to a replica when it is fresh enough.
    if (database.kind === "postgres") reads = startReadRouter(database.db, cfg, log);
    secrets = new SecretsService(new SecretsRepository(database.db, cache, reads), cipher, secretLimits);
    adminTokens = new AdminTokenService(new AdminTokenRepository(database.db), cipher);
    rewrap = new RewrapJob(new RewrapRepository(database.db), cipher, log);
    const policyRepository = new PolicyRepository(database.db);
    policies = new PolicyService(policyRepository, new PolicyEngine(() => policyRepository.all(), log));
    // Several Nexus may share a PostgreSQL: reload what this one caches when another changes it (ADR 0020).
    if (database.kind === "postgres") {
      const policyEngine = policies.engine;
      const keyring = cipher;
      // Registered for secret notifications only when it caches secrets: otherwise they would only slow writers.
      feed = new ChangeFeed(database.db, log, database.instance === undefined || !cache.enabled ? {} : { instance: database.instance })
        .on("policies", () => policyEngine.reload())
        .on("keyring", () => keyring.refresh())
        .on("root_key", () => lifecycle.checkGeneration())
        .onSecret((path) => (path === "*" ? cache.clear() : cache.invalidate(path)))
        .onConnection((listening) => cache.setCoherent(listening))
        .start();
    }
  });
  lifecycle.start();
  /** A service that needs the database and the root key, or "unavailable" saying which is missing. */
  const keyed = <T>(service: () => T | undefined): T => {
    const value = service();
    if (value === undefined) storage.database(); // throws "unavailable" with the reason
    const ready = rootKeys.readiness();
    if (!ready.ready) throw unavailable(`Nexus has no root key yet: ${ready.reason}`);
    return value as T;
  };

  const peers = new PeerIdentities(source, trustDomains);
  // The audit log needs only the database: until it is open, writes fail "unavailable" and so do audited calls.
  const audit = new AuditLog(
    () => storage.database().db,
    (err) => log.warn("audit records cannot be sealed into the hash chain; they stay pending until they can", { error: err instanceof Error ? err.message : String(err) }),
    opts.auditSealOnReadOnly !== true,
    cfg.SPIKE_NEXUS_AUDIT_READ_COMMIT,
  );
  const followStreams = new Slots(cfg.SPIKE_NEXUS_MAX_FOLLOW_STREAMS);
  const metrics = cfg.SPIKE_NEXUS_METRICS_ADDRESS === undefined ? undefined : new NexusMetrics({
    ready: () => secrets !== undefined && rootKeys.readiness().ready,
    keepers: () => lifecycle.status().keepers.map((k) => ({ shareId: k.peer.shareId, reachable: k.reachable })),
    pool: () => {
      let pool;
      try {
        pool = storage.database().db.$pool;
      } catch {
        return undefined; // not open yet
      }
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: cfg.SPIKE_NEXUS_DB_POOL_SIZE };
    },
    followStreams: () => followStreams.inUse,
  });
  const limits = callLimits(
    { rate: cfg.SPIKE_NEXUS_RATE_LIMIT, burst: cfg.SPIKE_NEXUS_RATE_LIMIT_BURST, unaryDeadlineMs: cfg.SPIKE_NEXUS_RPC_DEADLINE },
    peers,
    log,
    () => metrics?.rateLimitedCall(),
  );
  const deps: RpcDeps = {
    peers,
    log,
    audit,
    prepareChange: () => cipher?.prepare() ?? Promise.resolve(),
    limits,
    ...(metrics !== undefined ? { observer: metrics } : {}),
  };
  const backup = new BackupService({ database: () => storage.database(), rootKeys, config: cfg, log: log.getSubLogger({ name: "backup" }), nexusVersion: VERSION });
  const ctx: NexusRpcContext = {
    trustDomains,
    secretLimits,
    cipherMaxPlaintextBytes: cfg.SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE,
    secrets: () => keyed(() => secrets),
    adminTokens: () => keyed(() => adminTokens),
    keyring: () => keyed(() => cipher),
    rewrap: () => keyed(() => rewrap),
    // Policies are not encrypted: they need the database, not the root key.
    policies: () => {
      if (policies !== undefined) return policies;
      storage.database(); // throws "unavailable" with the reason
      throw unavailable("Nexus is still opening its database");
    },
    lifecycle,
    audit: () => audit,
    storage,
    backup: () => backup,
    followStreams,
    instance: { version: VERSION, startedAt: new Date(), name: `${hostname()}:${process.pid}` },
  };
  const health = new HealthStatus();
  // Any valid SVID of a trusted trust domain may connect (workloads are authorized per RPC by the guards);
  // a certificate that chains to our CA but is not a valid X.509-SVID is turned away for every call, health too.
  const server = new grpc.Server({
    interceptors: [admitPeers(peers, () => true, "holders of a valid X.509-SVID")],
    "grpc.max_receive_message_length": cfg.SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE,
    "grpc.max_send_message_length": cfg.SPIKE_NEXUS_MAX_SEND_MESSAGE_SIZE,
    "grpc.keepalive_time_ms": cfg.SPIKE_NEXUS_KEEPALIVE_TIME,
    "grpc.keepalive_timeout_ms": cfg.SPIKE_NEXUS_KEEPALIVE_TIMEOUT,
    "grpc.max_connection_idle_ms": cfg.SPIKE_NEXUS_MAX_CONNECTION_IDLE,
    "grpc.max_concurrent_streams": cfg.SPIKE_NEXUS_MAX_CONCURRENT_STREAMS,
    ...TRANSPORT_OPTIONS,
  });
  server.addService(services.Health, health.handlers());
  server.addService(tolerantDefinition(services.Secrets), serviceHandlers(services.Secrets, secretsRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.Policies), serviceHandlers(services.Policies, policiesRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.Cipher), serviceHandlers(services.Cipher, cipherRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.Operator), serviceHandlers(services.Operator, operatorRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.AdminTokens), serviceHandlers(services.AdminTokens, adminTokensRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.Audit), serviceHandlers(services.Audit, auditRpcs(ctx), deps));
  server.addService(tolerantDefinition(services.Backup), serviceHandlers(services.Backup, backupRpcs(ctx), deps));

  const port = await bindServer(server, cfg.SPIKE_NEXUS_TLS_PORT, serverCredentials(source, trustDomains)).catch(async (err: unknown) => {
    audit.close();
    await feed?.close();
    await lifecycle.close();
    keepers.close();
    await storage.close();
    source.close();
    throw err;
  });
  health.set("", "SERVING");
  // Readiness of the secrets service: database open and migrated, and a root key held.
  const secretsHealth = (): void => health.set(serviceNames.Secrets, secrets !== undefined && rootKeys.readiness().ready ? "SERVING" : "NOT_SERVING");
  secretsHealth();
  const unsubscribe = rootKeys.onChange(secretsHealth);
  void storageReady.then(secretsHealth, () => undefined);
  let metricsEndpoint: MetricsEndpoint | undefined;
  if (metrics !== undefined && cfg.SPIKE_NEXUS_METRICS_ADDRESS !== undefined) {
    metricsEndpoint = await serveMetrics(metrics.registry, cfg.SPIKE_NEXUS_METRICS_ADDRESS.host, cfg.SPIKE_NEXUS_METRICS_ADDRESS.port, log);
  }
  log.info("Nexus is listening", { address: cfg.SPIKE_NEXUS_TLS_PORT.replace(/:\d+$/, `:${port}`), spiffeId: id.text, identity: source.description });

  return {
    id,
    port,
    health,
    storageReady,
    database: () => storage.database(),
    readReplicas: () => reads,
    metricsPort: metricsEndpoint?.port,
    close: async () => {
      await metricsEndpoint?.close();
      limits.close();
      health.set("", "NOT_SERVING");
      unsubscribe();
      await lifecycle.close();
      keepers.close();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await rewrap?.close();
      await feed?.close();
      await reads?.close();
      cipher?.close();
      audit.close();
        // Records of the last calls go into the chain now rather than at the next start.
      await audit.seal().catch(() => undefined);
      await storage.close();
      source.close();
    },
  };
}
