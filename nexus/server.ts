// Nexus's one wiring function: identity, credentials, services. No globals; tests call it in-process.
import * as grpc from "@grpc/grpc-js";
import { acquireOwnIdentity, bindServer, type Running } from "../lib/daemon.js";
import { HealthStatus } from "../lib/health.js";
import { openIdentitySource } from "../lib/identity.js";
import type { Log } from "../lib/log.js";
import { services } from "../lib/proto.js";
import type { SpiffeId } from "../spiffe/id.js";
import { PeerIdentities, admitPeers, serverCredentials } from "../spiffe/tls.js";
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

export interface NexusHandle extends Running {
  readonly id: SpiffeId;
  readonly port: number;
  readonly health: HealthStatus;
}

export async function startNexus(cfg: NexusConfig, log: Log, given?: X509Source): Promise<NexusHandle> {
  const trustDomains = cfg.SPIKE_TRUST_ROOT;
  const source = given ?? openIdentitySource(cfg, "nexus", log);
  const id = await acquireOwnIdentity(source, cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT, "nexus", trustDomains);

  const peers = new PeerIdentities(source, trustDomains);
  const deps: RpcDeps = { peers, log };
  const ctx: NexusRpcContext = { trustDomains };
  const health = new HealthStatus();
  // Any valid SVID of a trusted trust domain may connect (workloads are authorized per RPC by the guards);
  // a certificate that chains to our CA but is not a valid X.509-SVID is turned away for every call, health too.
  const server = new grpc.Server({ interceptors: [admitPeers(peers, () => true, "holders of a valid X.509-SVID")] });
  server.addService(services.Health, health.handlers());
  server.addService(services.Secrets, serviceHandlers(services.Secrets, secretsRpcs(ctx), deps));
  server.addService(services.Policies, serviceHandlers(services.Policies, policiesRpcs(ctx), deps));
  server.addService(services.Cipher, serviceHandlers(services.Cipher, cipherRpcs(ctx), deps));
  server.addService(services.Operator, serviceHandlers(services.Operator, operatorRpcs(ctx), deps));
  server.addService(services.AdminTokens, serviceHandlers(services.AdminTokens, adminTokensRpcs(ctx), deps));
  server.addService(services.Audit, serviceHandlers(services.Audit, auditRpcs(ctx), deps));
  server.addService(services.Backup, serviceHandlers(services.Backup, backupRpcs(ctx), deps));

  const port = await bindServer(server, cfg.SPIKE_NEXUS_TLS_PORT, serverCredentials(source, trustDomains)).catch((err: unknown) => {
    source.close();
    throw err;
  });
  health.set("", "SERVING");
  log.info("Nexus is listening", { address: cfg.SPIKE_NEXUS_TLS_PORT.replace(/:\d+$/, `:${port}`), spiffeId: id.text, identity: source.description });

  return {
    id,
    port,
    health,
    close: async () => {
      health.set("", "NOT_SERVING");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), 5000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      source.close();
    },
  };
}
