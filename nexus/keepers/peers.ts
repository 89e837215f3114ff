// SPIKE_NEXUS_KEEPER_PEERS: the Keepers Nexus shares its root key with. Each entry is `<address>=<SPIFFE ID>`; the
// share id is the number at the end of the Keeper's ID (spiffe://<td>/spike/keeper/<n>), so a Keeper and Nexus
// always agree on which share a Keeper holds, and a Keeper answering with another ID is not used.
import { parseSpiffeId, type SpiffeId } from "../../spiffe/id.js";
import { keeperShareId } from "../../lib/roles.js";

export interface KeeperPeer {
  readonly address: string;
  readonly spiffeId: SpiffeId;
  readonly shareId: number;
}

export function parseKeeperPeers(text: string, trustDomains: readonly string[]): KeeperPeer[] {
  const peers = text.split(",").map((s) => s.trim()).filter((s) => s !== "").map((entry) => {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new Error(`"${entry}" is not <address>=<spiffe-id>`);
    const address = entry.slice(0, eq);
    if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(address)) throw new Error(`"${address}" is not host:port`);
    const spiffeId = parseSpiffeId(entry.slice(eq + 1));
    const shareId = keeperShareId(spiffeId, trustDomains);
    if (shareId === undefined) throw new Error(`${spiffeId.text} is not a Keeper ID (spiffe://<trust domain>/spike/keeper/<n>)`);
    return { address, spiffeId, shareId };
  });
  if (peers.length === 0) throw new Error("no Keepers listed");
  const ids = new Set(peers.map((p) => p.shareId));
  if (ids.size !== peers.length) throw new Error("two entries name the same Keeper share id");
  return peers.sort((a, b) => a.shareId - b.shareId);
}

/** The local default: Keepers 1..n on 127.0.0.1:8443, 8444, ... (what `spike dev up` runs). */
export function defaultKeeperPeers(shares: number, trustDomain: string): string {
  return Array.from({ length: shares }, (_, i) => `127.0.0.1:${8443 + i}=spiffe://${trustDomain}/spike/keeper/${i + 1}`).join(",");
}
