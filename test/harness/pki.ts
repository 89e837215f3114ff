// Identities for tests: a CA per "trust domain instance", and X509Sources that hold a fixed SVID without any
// Workload API behind them. Also raw grpc-js credentials for attackers that do not go through our checks.
import * as grpc from "@grpc/grpc-js";
import { webcrypto } from "node:crypto";
import { issueX509Svid, loadCertificateAuthority, type CaMaterial, type IssuedSvid } from "../../spiffe/ca.js";
import { derToPem } from "../../spiffe/pem.js";
import { mintCa, mintLeaf, type MintOptions, type Minted } from "./bad-certs.js";
import { buildX509Svid } from "../../spiffe/x509-svid.js";
import { X509Source } from "../../spiffe/x509-source.js";

export interface TestPki {
  readonly ca: CaMaterial;
  /** The same CA as the bad-cert harness sees it, to mint malformed leaves under it. */
  readonly root: Minted;
  /** A leaf with any knob set (two URI SANs, a CA leaf, expired...), as PEM for raw credentials. */
  mintRaw(spiffeId: string, opts?: MintOptions): Promise<{ certPem: string; keyPem: string }>;
  issue(spiffeId: string, ttlMs?: number): Promise<IssuedSvid>;
  source(spiffeId: string, ttlMs?: number): Promise<X509Source>;
}

export function staticSource(svid: IssuedSvid, cas: readonly CaMaterial[]): X509Source {
  const source = new X509Source(`a test source for ${svid.spiffeId}`);
  const bundles = new Map<string, import("node:crypto").X509Certificate[]>();
  for (const ca of cas) bundles.set(ca.trustDomain, [...(bundles.get(ca.trustDomain) ?? []), ca.cert]);
  source.update({ svids: [buildX509Svid({ chain: [svid.certDer], key: svid.keyDer })], bundles });
  return source;
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  return derToPem(Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key)), "PRIVATE KEY");
}

export async function createTestPki(trustDomain = "spike.ist"): Promise<TestPki> {
  const root = await mintCa(trustDomain);
  const ca = loadCertificateAuthority(derToPem(root.der, "CERTIFICATE"), await keyPem(root.keys.privateKey));
  const issue = (spiffeId: string, ttlMs = 3_600_000): Promise<IssuedSvid> => issueX509Svid(ca, { spiffeId, ttlMs });
  return {
    ca,
    root,
    mintRaw: async (spiffeId, opts = {}) => {
      const leaf = await mintLeaf(root, spiffeId, opts);
      return { certPem: derToPem(leaf.der, "CERTIFICATE"), keyPem: await keyPem(leaf.keys.privateKey) };
    },
    issue,
    source: async (spiffeId, ttlMs) => staticSource(await issue(spiffeId, ttlMs), [ca]),
  };
}

/** Plain mTLS credentials that skip every SPIFFE check on the server: what a hostile or broken client uses. */
export function rawClientCredentials(caPem: string, certPem: string, keyPem: string): grpc.ChannelCredentials {
  return grpc.credentials.createSsl(Buffer.from(caPem), Buffer.from(keyPem), Buffer.from(certPem), { checkServerIdentity: () => undefined });
}
