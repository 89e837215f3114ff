// X.509-SVID verification per the X509-SVID standard. TLS (OpenSSL) validates the
// chain too, but SPIFFE leaf rules and SAN handling are ours.
import "reflect-metadata"; // must load before @peculiar/x509 (its DI container needs it)
import * as x509 from "@peculiar/x509";
import type { X509Certificate } from "node:crypto";
import { parseSpiffeId, SpiffeIdError, type SpiffeId } from "./id.js";

export type SvidRule =
  | "parse"
  | "uriSanCount"
  | "uriSanInvalid"
  | "sanNotCritical"
  | "leafRootPath"
  | "leafIsCa"
  | "keyUsageMissing"
  | "keyUsageNoDigitalSignature"
  | "keyUsageCertSign"
  | "keyUsageCrlSign"
  | "emptyChain"
  | "noBundle"
  | "expired"
  | "notYetValid"
  | "untrusted"
  | "issuerNotCa"
  | "pathLength";

export class SvidError extends Error {
  readonly rule: string;
  constructor(rule: SvidRule, message: string) {
    super(message);
    this.name = "SvidError";
    this.rule = rule;
  }
}

export type X509Bundles = ReadonlyMap<string, readonly X509Certificate[]>;

const { digitalSignature, keyCertSign, cRLSign } = x509.KeyUsageFlags;

// node:crypto cannot read keyUsage bits or basicConstraints details, so every
// certificate is also parsed by @peculiar/x509 once (cached per object).
const parsedCache = new WeakMap<X509Certificate, x509.X509Certificate>();

function parsed(cert: X509Certificate): x509.X509Certificate {
  let p = parsedCache.get(cert);
  if (p === undefined) {
    try {
      p = new x509.X509Certificate(new Uint8Array(cert.raw));
      void p.extensions; // force extension parsing now, inside the try
    } catch (e) {
      throw new SvidError("parse", `cannot parse certificate (serial ${cert.serialNumber}): ${errText(e)}`);
    }
    parsedCache.set(cert, p);
  }
  return p;
}

function subjectOf(p: x509.X509Certificate): string {
  return JSON.stringify(p.subject === "" ? "(empty subject)" : p.subject);
}

export function spiffeIdFromCertificate(cert: X509Certificate): SpiffeId {
  const p = parsed(cert);
  const sans = p.getExtensions(x509.SubjectAlternativeNameExtension);
  const uris: string[] = [];
  for (const ext of sans) {
    for (const n of ext.names.items) if (n.type === x509.URL) uris.push(n.value);
  }
  if (uris.length !== 1 || sans.length !== 1) {
    throw new SvidError(
      "uriSanCount",
      `certificate ${subjectOf(p)} must have exactly one URI SAN, found ${uris.length}` +
        (sans.length > 1 ? ` in ${sans.length} subjectAltName extensions` : ""),
    );
  }
  const uri = uris[0] ?? "";
  try {
    return parseSpiffeId(uri);
  } catch (e) {
    if (!(e instanceof SpiffeIdError)) throw e;
    throw new SvidError("uriSanInvalid", `certificate ${subjectOf(p)}: URI SAN is not a SPIFFE ID: ${e.message}`);
  }
}

export function checkSvidLeaf(cert: X509Certificate): SpiffeId {
  const id = spiffeIdFromCertificate(cert);
  const p = parsed(cert);
  const who = `leaf ${id.text}`;
  if (id.path === "") throw new SvidError("leafRootPath", `${who}: a leaf SPIFFE ID must have a non-root path`);

  // An empty subject makes the SAN the only name, so RFC 5280 wants it critical.
  if (p.subject === "" && !(p.getExtension(x509.SubjectAlternativeNameExtension)?.critical ?? false)) {
    throw new SvidError("sanNotCritical", `${who}: subject is empty, so the URI SAN extension must be critical`);
  }
  if (p.getExtension(x509.BasicConstraintsExtension)?.ca === true) {
    throw new SvidError("leafIsCa", `${who}: a leaf must not be a CA (basicConstraints cA is true)`);
  }
  const ku = p.getExtension(x509.KeyUsagesExtension);
  if (ku === null) throw new SvidError("keyUsageMissing", `${who}: keyUsage extension is missing`);
  if ((ku.usages & digitalSignature) === 0) {
    throw new SvidError("keyUsageNoDigitalSignature", `${who}: keyUsage must include digitalSignature`);
  }
  if ((ku.usages & keyCertSign) !== 0) {
    throw new SvidError("keyUsageCertSign", `${who}: keyUsage must not include keyCertSign`);
  }
  if ((ku.usages & cRLSign) !== 0) {
    throw new SvidError("keyUsageCrlSign", `${who}: keyUsage must not include cRLSign`);
  }
  // EKU is not required (go-spiffe does not require it either); OpenSSL enforces purpose during TLS.
  return id;
}

/**
 * Verifies `chain` (leaf first, then intermediates) against the bundle of the
 * leaf's trust domain and returns the leaf's SPIFFE ID.
 */
export function verifyX509Svid(
  chain: readonly X509Certificate[],
  bundles: X509Bundles,
  now: Date = new Date(),
): SpiffeId {
  const leaf = chain[0];
  if (leaf === undefined) throw new SvidError("emptyChain", "no certificate presented");
  const id = checkSvidLeaf(leaf);
  const roots = bundles.get(id.trustDomain) ?? [];
  if (roots.length === 0) {
    throw new SvidError("noBundle", `no bundle for trust domain ${id.trustDomain} (leaf ${id.text})`);
  }
  checkValidity(leaf, `leaf ${id.text}`, now);

  const unused = chain.slice(1);
  let current = leaf;
  let below = 0; // intermediates already in the path, for pathLenConstraint
  for (;;) {
    // Prefer ending at a root; a bundle may hold several (rotation), so try each that signed `current`.
    let rootError: SvidError | undefined;
    for (const root of roots) {
      if (!signedBy(current, root)) continue;
      try {
        checkSigner(root, "root CA", below, now);
        return id;
      } catch (e) {
        if (!(e instanceof SvidError)) throw e;
        rootError ??= e;
      }
    }
    const i = unused.findIndex((c) => signedBy(current, c));
    const next = i < 0 ? undefined : unused.splice(i, 1)[0];
    if (next === undefined) {
      if (rootError !== undefined) throw rootError;
      const at = current === leaf ? "" : ` (path stops at ${subjectOf(parsed(current))})`;
      throw new SvidError(
        "untrusted",
        `leaf ${id.text} does not chain to a CA in the bundle for trust domain ${id.trustDomain}${at}`,
      );
    }
    checkSigner(next, "intermediate CA", below, now);
    below += 1;
    current = next;
  }
}

function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false; // e.g. a key type that cannot verify this signature
  }
}

function checkSigner(cert: X509Certificate, role: string, below: number, now: Date): void {
  const p = parsed(cert);
  const who = `${role} ${subjectOf(p)}`;
  const bc = p.getExtension(x509.BasicConstraintsExtension);
  if (bc?.ca !== true) throw new SvidError("issuerNotCa", `${who} is not a CA (basicConstraints cA is not true)`);
  const ku = p.getExtension(x509.KeyUsagesExtension);
  if (ku !== null && (ku.usages & keyCertSign) === 0) {
    throw new SvidError("issuerNotCa", `${who}: keyUsage lacks keyCertSign`);
  }
  if (bc.pathLength !== undefined && below > bc.pathLength) {
    throw new SvidError("pathLength", `${who}: pathLenConstraint ${bc.pathLength} exceeded by ${below} intermediates`);
  }
  checkValidity(cert, who, now);
}

function checkValidity(cert: X509Certificate, who: string, now: Date): void {
  const p = parsed(cert);
  if (now.getTime() < p.notBefore.getTime()) {
    throw new SvidError("notYetValid", `${who} is not valid before ${p.notBefore.toISOString()}`);
  }
  if (now.getTime() > p.notAfter.getTime()) {
    throw new SvidError("expired", `${who} expired at ${p.notAfter.toISOString()}`);
  }
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
