// Certificate minting for the dev issuer and tests: ECDSA P-256 / SHA-256 CAs and X.509-SVIDs.
import "reflect-metadata"; // must load before @peculiar/x509 (its DI container needs it)
import * as x509 from "@peculiar/x509";
import { createPrivateKey, randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { parseSpiffeId, parseTrustDomain } from "./id.js";
import { derToPem, pemToDerList } from "./pem.js";
import { spiffeIdFromCertificate } from "./svid.js";

x509.cryptoProvider.set(webcrypto);

const EC: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY_MS = 24 * 60 * 60 * 1000;
/** Leaves start this far in the past so peers with a slightly slow clock accept them. */
export const CLOCK_SKEW_MS = 30_000;

export interface CaMaterial {
  readonly trustDomain: string;
  readonly certPem: string;
  readonly keyPem: string; // PKCS#8
  readonly cert: X509Certificate;
}

export interface IssuedSvid {
  readonly spiffeId: string;
  readonly certPem: string;
  readonly keyPem: string; // PKCS#8
  readonly certDer: Buffer;
  readonly keyDer: Buffer; // PKCS#8
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export async function createCertificateAuthority(opts: {
  trustDomain: string;
  ttlMs?: number;
  now?: Date;
}): Promise<CaMaterial> {
  const td = parseTrustDomain(opts.trustDomain);
  const ttl = opts.ttlMs ?? 365 * DAY_MS;
  checkTtl(ttl);
  const now = opts.now ?? new Date();
  const keys = await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `O=SPIKE dev, CN=${td} CA`,
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + ttl),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      new x509.SubjectAlternativeNameExtension([{ type: "url", value: `spiffe://${td}` }], false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyDer = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const certDer = Buffer.from(cert.rawData);
  const ca: CaMaterial = Object.freeze({
    trustDomain: td,
    certPem: derToPem(certDer, "CERTIFICATE"),
    keyPem: derToPem(keyDer, "PRIVATE KEY"),
    cert: new X509Certificate(certDer),
  });
  signingKeys.set(ca, Promise.resolve(keys.privateKey));
  return ca;
}

/**
 * Loads a CA from PEM: exactly one certificate that is a CA with keyCertSign, whose
 * single URI SAN is spiffe://<td> (no path), and a P-256 key matching it.
 * The returned keyPem is always PKCS#8, whatever form was given.
 */
export function loadCertificateAuthority(certPem: string, keyPem: string): CaMaterial {
  const ders = pemToDerList(certPem);
  const first = ders[0];
  if (first === undefined || ders.length !== 1) {
    throw new Error(`CA certificate PEM must hold exactly one CERTIFICATE block, found ${ders.length}`);
  }
  const cert = new X509Certificate(first);
  const p = new x509.X509Certificate(new Uint8Array(first));
  if (p.getExtension(x509.BasicConstraintsExtension)?.ca !== true) {
    throw new Error("CA certificate is not a CA (basicConstraints cA is not true)");
  }
  const ku = p.getExtension(x509.KeyUsagesExtension);
  if (ku === null || (ku.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw new Error("CA certificate keyUsage lacks keyCertSign");
  }
  const id = spiffeIdFromCertificate(cert);
  if (id.path !== "") throw new Error(`CA certificate SPIFFE ID ${id.text} must not have a path`);

  const key = createPrivateKey(keyPem);
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("CA key must be an ECDSA P-256 private key");
  }
  if (!cert.checkPrivateKey(key)) throw new Error("CA key does not match the CA certificate");
  return Object.freeze({
    trustDomain: id.trustDomain,
    certPem: derToPem(first, "CERTIFICATE"),
    keyPem: String(key.export({ type: "pkcs8", format: "pem" })),
    cert,
  });
}

/**
 * Issues a leaf SVID. notAfter is capped at the CA's own notAfter, because a leaf
 * outliving its issuer could not be verified anyway.
 */
export async function issueX509Svid(
  ca: CaMaterial,
  opts: { spiffeId: string; ttlMs: number; now?: Date },
): Promise<IssuedSvid> {
  const id = parseSpiffeId(opts.spiffeId);
  if (id.trustDomain !== ca.trustDomain) {
    throw new Error(`SPIFFE ID ${id.text} is not in the CA's trust domain ${ca.trustDomain}`);
  }
  if (id.path === "") throw new Error(`SPIFFE ID ${id.text} has no path; an SVID needs one`);
  checkTtl(opts.ttlMs);
  const now = opts.now ?? new Date();

  const caCert = new x509.X509Certificate(new Uint8Array(ca.cert.raw));
  const caNotAfter = caCert.notAfter.getTime();
  const [signingKey, keys] = await Promise.all([
    caSigningKey(ca),
    webcrypto.subtle.generateKey(EC, true, ["sign", "verify"]),
  ]);
  const caSki = caCert.getExtension(x509.SubjectKeyIdentifierExtension);
  const aki =
    caSki !== null
      ? new x509.AuthorityKeyIdentifierExtension(caSki.keyId)
      : await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey);

  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: "O=SPIKE dev",
    issuer: caCert.subjectName,
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(Math.min(now.getTime() + opts.ttlMs, caNotAfter)),
    publicKey: keys.publicKey,
    signingKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: "url", value: id.text }], true),
      aki,
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const certDer = Buffer.from(cert.rawData);
  const keyDer = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  return Object.freeze({
    spiffeId: id.text,
    certPem: derToPem(certDer, "CERTIFICATE"),
    keyPem: derToPem(keyDer, "PRIVATE KEY"),
    certDer,
    keyDer,
    // Read back from the certificate: X.509 times have whole-second precision.
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  });
}

// Imported CA keys are cached per CaMaterial so issuing many SVIDs parses the key once.
const signingKeys = new WeakMap<CaMaterial, Promise<webcrypto.CryptoKey>>();

function caSigningKey(ca: CaMaterial): Promise<webcrypto.CryptoKey> {
  let k = signingKeys.get(ca);
  if (k === undefined) {
    const der = pemToDerList(ca.keyPem, "PRIVATE KEY")[0];
    if (der === undefined) throw new Error("CA keyPem holds no PRIVATE KEY (PKCS#8) block");
    k = webcrypto.subtle.importKey("pkcs8", der, EC, false, ["sign"]);
    signingKeys.set(ca, k);
  }
  return k;
}

/** 16 random bytes, first byte 0x01..0x7f: positive and minimally encoded as a DER INTEGER. */
function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f || 0x01;
  return b.toString("hex");
}

function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new Error(`ttlMs must be a positive number, got ${ttlMs}`);
}
