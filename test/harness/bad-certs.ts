// Test-only certificate minting with every knob exposed, to build the malformed
// SVIDs and odd chains that spiffe/ca.ts deliberately cannot produce.
import "reflect-metadata"; // must load before @peculiar/x509
import * as x509 from "@peculiar/x509";
import { webcrypto, X509Certificate } from "node:crypto";
import { derToPem } from "../../spiffe/pem.js";

x509.cryptoProvider.set(webcrypto);

export interface Minted {
  readonly cert: X509Certificate;
  readonly der: Buffer;
  readonly keys: webcrypto.CryptoKeyPair;
  readonly name: x509.Name;
}

export interface MintOptions {
  subject?: string; // "" for an empty subject
  uris?: readonly string[]; // URI SANs; [] and no dns → no SAN extension
  dns?: readonly string[];
  sanCritical?: boolean;
  basicConstraints?: { ca: boolean; pathLength?: number } | null; // null → extension omitted
  keyUsage?: number | null; // x509.KeyUsageFlags bits; null → extension omitted
  notBefore?: Date;
  notAfter?: Date;
  issuer?: Minted; // absent → self-signed
}

const EC: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const HOUR = 3_600_000;

export async function mint(o: MintOptions): Promise<Minted> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"]);
  const now = Date.now();
  const name = new x509.Name(o.subject ?? "O=Test");
  const extensions: x509.Extension[] = [];
  if (o.basicConstraints !== null) {
    const bc = o.basicConstraints ?? { ca: false };
    extensions.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLength, true));
  }
  if (o.keyUsage !== null) {
    extensions.push(new x509.KeyUsagesExtension(o.keyUsage ?? x509.KeyUsageFlags.digitalSignature, true));
  }
  const names: x509.JsonGeneralName[] = [
    ...(o.uris ?? []).map((value) => ({ type: "url" as const, value })),
    ...(o.dns ?? []).map((value) => ({ type: "dns" as const, value })),
  ];
  if (names.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(names, o.sanCritical ?? true));
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(keys.publicKey));
  const issuer = o.issuer;
  if (issuer !== undefined) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  }
  const cert = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: issuer?.name ?? name,
    notBefore: o.notBefore ?? new Date(now - 60_000),
    notAfter: o.notAfter ?? new Date(now + HOUR),
    publicKey: keys.publicKey,
    signingKey: (issuer?.keys ?? keys).privateKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions,
  });
  const der = Buffer.from(cert.rawData);
  return { cert: new X509Certificate(der), der, keys, name };
}

/** A CA for `trustDomain`: cA=true, keyCertSign|cRLSign, URI SAN spiffe://<td>. */
export function mintCa(trustDomain: string, o: Omit<MintOptions, "uris"> = {}): Promise<Minted> {
  return mint({
    subject: `O=Test, CN=${trustDomain} CA`,
    basicConstraints: { ca: true },
    keyUsage: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
    ...o,
    uris: [`spiffe://${trustDomain}`],
  });
}

/** A well-formed leaf for `spiffeId` signed by `issuer`; `o` overrides any part of it. */
export function mintLeaf(issuer: Minted, spiffeId: string, o: MintOptions = {}): Promise<Minted> {
  return mint({
    uris: [spiffeId],
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
    basicConstraints: { ca: false },
    ...o,
    issuer,
  });
}

export const KeyUsage = x509.KeyUsageFlags;

/**
 * A test CA and a PostgreSQL server certificate it signs, for "localhost" only (so 127.0.0.1 fails verify-full),
 * with the PEM texts startCluster({ ssl }) takes.
 */
export async function mintPostgresServer(): Promise<{ ca: Minted; certPem: string; keyPem: string }> {
  const ca = await mint({ subject: "CN=Test PostgreSQL CA", basicConstraints: { ca: true }, keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign });
  const server = await mint({
    subject: "CN=localhost",
    dns: ["localhost"],
    sanCritical: false,
    basicConstraints: { ca: false },
    keyUsage: KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
    issuer: ca,
  });
  const keyPem = derToPem(Buffer.from(await webcrypto.subtle.exportKey("pkcs8", server.keys.privateKey)), "PRIVATE KEY");
  return { ca, certPem: derToPem(server.der, "CERTIFICATE"), keyPem };
}
