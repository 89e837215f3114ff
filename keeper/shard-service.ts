// The Keeper shard service: one Shamir share of Nexus's root key, held in memory only. The interceptor in
// server.ts has already turned away every peer that is neither Nexus nor bootstrap; here, only Nexus may read.
import * as grpc from "@grpc/grpc-js";
import { hasRole } from "../lib/roles.js";
import { VERSION } from "../lib/version.js";
import type { KeeperHandlers } from "../proto/types/spike/v1/Keeper.js";
import type { Share__Output } from "../proto/types/spike/v1/Share.js";
import type { PeerIdentities } from "../spiffe/tls.js";

/** The order of the P-256 group: shares are scalars below it. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;


/** Why a contributed share is refused, or undefined when it is acceptable for a Keeper with `shareId`. */
export function shareProblem(share: Share__Output | null, shareId: number): string | undefined {
  if (share === null) return "share is missing";
  if (share.id === 0) return "share id 0 is never valid";
  if (share.id !== shareId) return `this Keeper holds share ${shareId}, not share ${share.id}`;
  if (share.value.length !== 32) return `share value must be 32 bytes, got ${share.value.length}`;
  if (share.value.every((b) => b === 0)) return "share value is all zeros";
  if (BigInt(`0x${share.value.toString("hex")}`) >= P256_ORDER) return "share value is not a P-256 scalar";
  return undefined;
}

export function keeperHandlers(opts: { shareId: number; peers: PeerIdentities; trustDomains: readonly string[] }): KeeperHandlers {
  let held: { value: Buffer; receivedAt: Date } | undefined;

  return {
    Contribute: (call, callback) => {
      const problem = shareProblem(call.request.share, opts.shareId);
      if (problem !== undefined) {
        callback({ code: grpc.status.INVALID_ARGUMENT, details: problem });
        return;
      }
      const incoming = (call.request.share as Share__Output).value;
      const unchanged = held !== undefined && held.value.equals(incoming);
      if (!unchanged) {
        held?.value.fill(0);
        held = { value: Buffer.from(incoming), receivedAt: new Date() };
      }
      incoming.fill(0);
      callback(null, { unchanged });
    },
    Shard: (call, callback) => {
      const peer = opts.peers.of(call);
      if (!hasRole(peer, "nexus", opts.trustDomains)) {
        callback({ code: grpc.status.PERMISSION_DENIED, details: `${peer.text} may not read this Keeper's share: only Nexus may` });
        return;
      }
      if (held === undefined) {
        callback({ code: grpc.status.NOT_FOUND, details: "this Keeper holds no share yet" });
        return;
      }
      // A copy: grpc-js serializes after we return, and the held buffer may be zeroed by a replacement meanwhile.
      callback(null, { share: { id: opts.shareId, value: Buffer.from(held.value) } });
    },
    Status: (_call, callback) => {
      const time = held?.receivedAt;
      callback(null, {
        hasShare: held !== undefined,
        shareId: opts.shareId,
        shareReceivedTime: time ? { seconds: Math.floor(time.getTime() / 1000), nanos: (time.getTime() % 1000) * 1e6 } : null,
        version: VERSION,
      });
    },
  };
}
