// What the Workload API's X.509 messages mean: SVIDs (chain, key, hint) and trust bundles, checked as a receiver
// must. Shared by the streaming client (spiffe/workload-client.ts, grpc-js) and the CLI's one-shot fetch
// (spiffe/workload-fetch.ts), so both accept exactly the same messages. No grpc-js here.
import { X509Certificate } from "node:crypto";
import type { BackoffPolicy } from "../lib/backoff.js";
import { parseTrustDomain } from "./id.js";
import { splitConcatenatedDer } from "./pem.js";
import type { X509Bundles } from "./svid.js";
import { buildX509Svid, type X509Context } from "./x509-svid.js";
import type { X509SVIDResponse__Output } from "../proto/types/X509SVIDResponse.js";
import type { X509BundlesResponse__Output } from "../proto/types/X509BundlesResponse.js";

/** The request header every Workload API call carries (the spec's guard against SSRF through proxies). */
export const WORKLOAD_HEADER = "workload.spiffe.io";

/** How long a Workload API client waits before reconnecting: from 200 ms, doubling, at most 10 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 10_000 };

function bundleMap(entries: Record<string, Buffer>, into: Map<string, X509Certificate[]>): void {
  for (const [key, der] of Object.entries(entries)) {
    into.set(parseTrustDomain(key), splitConcatenatedDer(der).map((d) => new X509Certificate(d)));
  }
}

/** Turns one FetchX509SVID message into our state, checking each SVID's chain, ID and key. */
export function parseX509SvidResponse(msg: X509SVIDResponse__Output): X509Context {
  if (msg.svids.length === 0) throw new Error("the Workload API sent a message with no SVID");
  const bundles = new Map<string, X509Certificate[]>();
  bundleMap(msg.federatedBundles, bundles);
  const seenHints = new Set<string>();
  const svids = [];
  for (const s of msg.svids) {
    if (s.hint !== "" && seenHints.has(s.hint)) continue; // the spec: on duplicate hints the first wins
    seenHints.add(s.hint);
    const svid = buildX509Svid({ chain: splitConcatenatedDer(s.x509Svid), key: s.x509SvidKey, hint: s.hint, announcedId: s.spiffeId });
    svids.push(svid);
    if (s.bundle.length > 0) {
      bundles.set(svid.id.trustDomain, splitConcatenatedDer(s.bundle).map((d) => new X509Certificate(d)));
    }
  }
  return { svids, bundles };
}

export function parseX509BundlesResponse(msg: X509BundlesResponse__Output): X509Bundles {
  const bundles = new Map<string, X509Certificate[]>();
  bundleMap(msg.bundles, bundles);
  return bundles;
}

