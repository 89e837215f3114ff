// An X.509-SVID with its private key, as a program holds it in memory, and how to build one from the bytes a
// Workload API or a set of PEM files gives us.
import { X509Certificate, createPrivateKey, createPublicKey } from "node:crypto";
import type { SpiffeId } from "./id.js";
import { derToPem } from "./pem.js";
import { spiffeIdFromCertificate, type X509Bundles } from "./svid.js";

export interface X509Svid {
  readonly id: SpiffeId;
  /** Leaf first, then any intermediates. */
  readonly chain: readonly X509Certificate[];
  readonly certChainPem: string;
  /** PKCS#8 PEM. Held only as long as this SVID is current. */
  readonly keyPem: string;
  readonly hint: string;
  readonly notAfter: Date;
}

/** The complete state a source knows at one moment: our SVIDs (the first is the default) and every trust bundle. */
export interface X509Context {
  readonly svids: readonly X509Svid[];
  readonly bundles: X509Bundles;
}

/**
 * Builds an SVID from its chain and key, checking what a receiver must: the chain parses, the leaf carries exactly
 * one SPIFFE ID (and the one announced, if any), and the key belongs to the leaf.
 */
export function buildX509Svid(input: {
  chain: readonly Buffer[] | readonly X509Certificate[];
  key: Buffer | string;
  hint?: string;
  announcedId?: string;
}): X509Svid {
  if (input.chain.length === 0) throw new Error("X.509-SVID has no certificates");
  const chain = input.chain.map((c) => (c instanceof X509Certificate ? c : new X509Certificate(c)));
  const leaf = chain[0] as X509Certificate;
  const id = spiffeIdFromCertificate(leaf);
  if (input.announcedId !== undefined && input.announcedId !== "" && input.announcedId !== id.text) {
    throw new Error(`X.509-SVID announced as ${input.announcedId} but its certificate says ${id.text}`);
  }
  const privateKey = typeof input.key === "string"
    ? createPrivateKey(input.key)
    : createPrivateKey({ key: input.key, format: "der", type: "pkcs8" });
  const fromKey = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const fromCert = leaf.publicKey.export({ type: "spki", format: "der" });
  if (!fromKey.equals(fromCert)) throw new Error(`the private key does not belong to the X.509-SVID for ${id.text}`);
  return {
    id,
    chain,
    certChainPem: chain.map((c) => derToPem(c.raw, "CERTIFICATE")).join(""),
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    hint: input.hint ?? "",
    notAfter: new Date(leaf.validTo),
  };
}

/** Trust bundles as one PEM blob, the form TLS wants for its `ca` option. */
export function bundlesToPem(bundles: X509Bundles, trustDomains?: readonly string[]): string {
  const out: string[] = [];
  for (const [td, certs] of bundles) {
    if (trustDomains !== undefined && !trustDomains.includes(td)) continue;
    for (const cert of certs) out.push(derToPem(cert.raw, "CERTIFICATE"));
  }
  return out.join("");
}
