// Keeper's wiring: identity (a Keeper's share id is the number in its SPIFFE ID), credentials, and a server that
// admits only Nexus and bootstrap peers, for every call including health.
import * as grpc from "@grpc/grpc-js";
import { StartupError, acquireOwnIdentity, bindServer, type Running } from "../lib/daemon.js";
import { HealthStatus } from "../lib/health.js";
import { openIdentitySource } from "../lib/identity.js";
import type { Log } from "../lib/log.js";
import { services } from "../lib/proto.js";
import { describeRole, hasRole, keeperShareId } from "../lib/roles.js";
import type { SpiffeId } from "../spiffe/id.js";
import { PeerIdentities, TRANSPORT_OPTIONS, admitPeers, serverCredentials } from "../spiffe/tls.js";
import type { X509Source } from "../spiffe/x509-source.js";
import type { KeeperConfig } from "./config.js";
import { keeperHandlers } from "./shard-service.js";

export interface KeeperHandle extends Running {
  readonly id: SpiffeId;
  readonly shareId: number;
  readonly port: number;
}


export async function startKeeper(cfg: KeeperConfig, log: Log, given?: X509Source): Promise<KeeperHandle> {
  const trustDomains = cfg.SPIKE_TRUST_ROOT;
  const source = given ?? openIdentitySource(cfg, cfg.SPIKE_KEEPER_DEV_NAME, log);
  const id = await acquireOwnIdentity(source, cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT, "keeper", trustDomains);
  const shareId = keeperShareId(id, trustDomains);
  if (shareId === undefined) {
    source.close();
    throw new StartupError(`refusing to start: a Keeper's SPIFFE ID must end in its share number (${describeRole("keeper", trustDomains)}/<n>), got ${id.text}`);
  }

  const peers = new PeerIdentities(source, trustDomains);
  const admitted = (peer: SpiffeId): boolean => hasRole(peer, "nexus", trustDomains) || hasRole(peer, "bootstrap", trustDomains);
  const who = `${describeRole("nexus", trustDomains)} or ${describeRole("bootstrap", trustDomains)}`;
  const server = new grpc.Server({ interceptors: [admitPeers(peers, admitted, who)], ...TRANSPORT_OPTIONS });
  const health = new HealthStatus();
  server.addService(services.Health, health.handlers());
  server.addService(services.Keeper, keeperHandlers({ shareId, peers, trustDomains }));

  const port = await bindServer(server, cfg.SPIKE_KEEPER_TLS_PORT, serverCredentials(source, trustDomains)).catch((err: unknown) => {
    source.close();
    throw err;
  });
  health.set("", "SERVING");
  log.info("Keeper is listening", { address: cfg.SPIKE_KEEPER_TLS_PORT.replace(/:\d+$/, `:${port}`), spiffeId: id.text, shareId });

  return {
    id,
    shareId,
    port,
    close: async () => {
      server.forceShutdown();
      source.close();
    },
  };
}
