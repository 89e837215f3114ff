// The Nexus client: one mTLS channel, shared by a typed client per service. Nexus is recognised by its SPIFFE ID,
// never by a host name. Workloads use this too (it is what the SDK wraps).
import * as grpc from "@grpc/grpc-js";
import { clients } from "../../lib/proto.js";
export { unary } from "./unary.js";
import { serverOfRole } from "../../lib/roles.js";
import { channelOptions, clientCredentials } from "../../spiffe/tls.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import type { SpiffeId } from "../../spiffe/id.js";

export interface NexusConnection {
  readonly address: string;
  /** Nexus's SPIFFE ID, as verified in the last handshake; undefined before the first one. */
  serverId(): SpiffeId | undefined;
  readonly health: InstanceType<typeof clients.Health>;
  readonly operator: InstanceType<typeof clients.Operator>;
  readonly secrets: InstanceType<typeof clients.Secrets>;
  readonly policies: InstanceType<typeof clients.Policies>;
  readonly cipher: InstanceType<typeof clients.Cipher>;
  readonly adminTokens: InstanceType<typeof clients.AdminTokens>;
  readonly audit: InstanceType<typeof clients.Audit>;
  readonly backup: InstanceType<typeof clients.Backup>;
  close(): void;
}

/** `options` adds grpc-js channel options (the SDK bounds the reconnect backoff, for long-lived channels). */
export function connectNexus(address: string, source: X509Source, trustDomains: readonly string[], options: grpc.ChannelOptions = {}): NexusConnection {
  let serverId: SpiffeId | undefined;
  const creds = clientCredentials(source, trustDomains, serverOfRole("nexus", trustDomains, (id) => {
    serverId = id;
  }));
  const health = new clients.Health(address, creds, channelOptions(options));
  const shared = { channelOverride: health.getChannel() };
  const make = <T>(Ctor: new (address: string, creds: grpc.ChannelCredentials, options: grpc.ClientOptions) => T): T =>
    new Ctor(address, creds, { ...channelOptions(options), ...shared });
  return {
    address,
    serverId: () => serverId,
    health,
    operator: make(clients.Operator),
    secrets: make(clients.Secrets),
    policies: make(clients.Policies),
    cipher: make(clients.Cipher),
    adminTokens: make(clients.AdminTokens),
    audit: make(clients.Audit),
    backup: make(clients.Backup),
    close: () => health.close(),
  };
}
