// X.509-SVID verification per the X509-SVID standard. TLS (OpenSSL) validates the
// chain too, but SPIFFE leaf rules and SAN handling are ours.
import type { X509Certificate } from "node:crypto";
import { certFields, type CertFields } from "./cert-fields.js";
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

// keyUsage bits (RFC 5280 order, numbered as @peculiar/x509's KeyUsageFlags).
const digitalSignature = 1;
const keyCertSign = 32;
const cRLSign = 64;

// node:crypto cannot read keyUsage bits or basicConstraints details, so each certificate's DER is also read by
// spiffe/cert-fields.ts once (cached per object).
function parsed(cert: X509Certificate): CertFields {
  try {
    return certFields(cert);
  } catch (e) {
    throw new SvidError("parse", `cannot parse certificate (serial ${cert.serialNumber}): ${errText(e)}`);
  }
}

function subjectText(cert: X509Certificate): string {
  // node:crypto gives "O=Test\nCN=x" in DER order, and undefined (despite its type) for an empty subject.
  return ((cert.subject as string | undefined) ?? "").split("\n").filter((l) => l !== "").join(", ");
}

function subjectOf(cert: X509Certificate): string {
  const text = subjectText(cert);
  return JSON.stringify(text === "" ? "(empty subject)" : text);
}

export function spiffeIdFromCertificate(cert: X509Certificate): SpiffeId {
  const p = parsed(cert);
  const uris = p.sanCount > 1 ? [] : p.uris;
  if (uris.length !== 1 || p.sanCount !== 1) {
    throw new SvidError(
      "uriSanCount",
      `certificate ${subjectOf(cert)} must have exactly one URI SAN, found ${p.uris.length}` +
        (p.sanCount > 1 ? ` in ${p.sanCount} subjectAltName extensions` : ""),
    );
  }
  const uri = uris[0] ?? "";
  try {
    return parseSpiffeId(uri);
  } catch (e) {
    if (!(e instanceof SpiffeIdError)) throw e;
    throw new SvidError("uriSanInvalid", `certificate ${subjectOf(cert)}: URI SAN is not a SPIFFE ID: ${e.message}`);
  }
}

export function checkSvidLeaf(cert: X509Certificate): SpiffeId {
  const id = spiffeIdFromCertificate(cert);
  const p = parsed(cert);
  const who = `leaf ${id.text}`;
  if (id.path === "") throw new SvidError("leafRootPath", `${who}: a leaf SPIFFE ID must have a non-root path`);

  // An empty subject makes the SAN the only name, so RFC 5280 wants it critical.
  if (subjectText(cert) === "" && !p.sanCritical) {
    throw new SvidError("sanNotCritical", `${who}: subject is empty, so the URI SAN extension must be critical`);
  }
  if (p.basicConstraints?.ca === true) {
    throw new SvidError("leafIsCa", `${who}: a leaf must not be a CA (basicConstraints cA is true)`);
  }
  const ku = p.keyUsage;
  if (ku === undefined) throw new SvidError("keyUsageMissing", `${who}: keyUsage extension is missing`);
  if ((ku & digitalSignature) === 0) {
    throw new SvidError("keyUsageNoDigitalSignature", `${who}: keyUsage must include digitalSignature`);
  }
  if ((ku & keyCertSign) !== 0) {
    throw new SvidError("keyUsageCertSign", `${who}: keyUsage must not include keyCertSign`);
  }
  if ((ku & cRLSign) !== 0) {
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
      const at = current === leaf ? "" : ` (path stops at ${subjectOf(current)})`;
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
  const who = `${role} ${subjectOf(cert)}`;
  const bc = p.basicConstraints;
  if (bc?.ca !== true) throw new SvidError("issuerNotCa", `${who} is not a CA (basicConstraints cA is not true)`);
  const ku = p.keyUsage;
  if (ku !== undefined && (ku & keyCertSign) === 0) {
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
