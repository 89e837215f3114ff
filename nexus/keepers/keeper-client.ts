// Nexus's side of the Keeper shard service: one mTLS client per Keeper, each pinned to that Keeper's exact SPIFFE
// ID, so a Keeper answering with another ID (or another Keeper at a swapped address) is not used.
import * as grpc from "@grpc/grpc-js";
import { clients } from "../../lib/proto.js";
import { spiffeIdEquals } from "../../spiffe/id.js";
import { channelOptions, clientCredentials } from "../../spiffe/tls.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import type { KeeperPeer } from "./peers.js";

export interface ShareBytes {
  readonly id: number;
  readonly value: Buffer;
}

type KeeperClient = InstanceType<typeof clients.Keeper>;

function call<Res>(start: (md: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Res) => void) => grpc.ClientUnaryCall, timeoutMs: number): Promise<Res> {
  return new Promise((resolve, reject) => {
    start(new grpc.Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res as Res)));
  });
}

export class KeeperClients {
  private readonly clients = new Map<number, KeeperClient>();

  constructor(readonly peers: readonly KeeperPeer[], source: X509Source, trustDomains: readonly string[], private readonly timeoutMs = 3000) {
    for (const peer of peers) {
      const creds = clientCredentials(source, trustDomains, { expected: peer.spiffeId.text, allows: (id) => spiffeIdEquals(id, peer.spiffeId) });
      this.clients.set(peer.shareId, new clients.Keeper(peer.address, creds, channelOptions()));
    }
  }

  private client(peer: KeeperPeer): KeeperClient {
    const c = this.clients.get(peer.shareId);
    if (c === undefined) throw new Error(`no client for Keeper ${peer.shareId}`);
    return c;
  }

  /** The Keeper's share, or undefined when it holds none (a restarted Keeper). Other failures throw. */
  async shard(peer: KeeperPeer): Promise<ShareBytes | undefined> {
    try {
      const res = await call<{ share: { id: number; value: Buffer } | null }>((md, o, cb) => this.client(peer).Shard({}, md, o, cb), this.timeoutMs);
      if (res.share === null) return undefined;
      if (res.share.id !== peer.shareId) throw new Error(`Keeper ${peer.spiffeId.text} answered with share ${res.share.id}, not ${peer.shareId}`);
      return { id: res.share.id, value: res.share.value };
    } catch (err) {
      if ((err as grpc.ServiceError).code === grpc.status.NOT_FOUND) return undefined;
      throw err;
    }
  }

  /** Gives the Keeper its share; true when it already held exactly this one. */
  async contribute(peer: KeeperPeer, share: ShareBytes): Promise<boolean> {
    const res = await call<{ unchanged: boolean }>((md, o, cb) => this.client(peer).Contribute({ share: { id: share.id, value: share.value } }, md, o, cb), this.timeoutMs);
    return res.unchanged;
  }

  /** Whether the Keeper holds a share (never the share itself). */
  async holdsShare(peer: KeeperPeer): Promise<boolean> {
    const res = await call<{ hasShare: boolean }>((md, o, cb) => this.client(peer).Status({}, md, o, cb), this.timeoutMs);
    return res.hasShare;
  }

  close(): void {
    for (const c of this.clients.values()) c.close();
  }
}

/** A short reason for logs and status, without stack or credentials. */
export function keeperError(err: unknown): string {
  const e = err as Partial<grpc.ServiceError>;
  const text = e.details ?? (err instanceof Error ? err.message : String(err));
  return text.replace(/\.?\s*Resolution note:.*$/s, "");
}
