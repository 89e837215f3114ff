// The few X.509 fields SVID verification needs that node:crypto does not expose (the SAN extension's URIs and its
// critical flag, basicConstraints, keyUsage bits, the validity times), read from the DER with a small strict
// reader. This replaced @peculiar/x509 on every program's start path (it cost a cold CLI ~100 ms: ADR 0017);
// test/unit/cert-fields.test.ts checks it against @peculiar/x509 on every certificate shape the tests mint.
import type { X509Certificate } from "node:crypto";

export class DerError extends Error {}

interface Tlv {
  readonly tag: number;
  readonly start: number; // first content byte
  readonly end: number; // one past the last content byte
}

/** One TLV at `pos` within `limit`; DER only (definite lengths, minimal long form). */
function tlv(der: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new DerError("truncated");
  const tag = der[pos] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not used in certificates");
  let len = der[pos + 1] as number;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new DerError("bad length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] as number);
    if (len < 0x80 || (n > 1 && der[start] === 0)) throw new DerError("non-minimal length");
    start += n;
  }
  if (start + len > limit) throw new DerError("length beyond the end");
  return { tag, start, end: start + len };
}

function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end; ) {
    const t = tlv(der, pos, parent.end);
    out.push(t);
    pos = t.end;
  }
  return out;
}

function expect(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (t === undefined || t.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return t;
}

const ascii = (der: Uint8Array, t: Tlv): string => Buffer.from(der.subarray(t.start, t.end)).toString("latin1");

function oid(der: Uint8Array, t: Tlv): string {
  const bytes = der.subarray(t.start, t.end);
  if (bytes.length === 0) throw new DerError("empty OID");
  const parts: number[] = [];
  let v = 0;
  for (const b of bytes) {
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join(".");
}

function time(der: Uint8Array, t: Tlv): Date {
  const s = ascii(der, t);
  const m = t.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : t.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (m === null) throw new DerError(`bad time "${s}"`);
  let year = Number(m[1]);
  if (t.tag === 0x17) year += year < 50 ? 2000 : 1900; // RFC 5280: UTCTime YY >= 50 is 19YY
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export interface CertFields {
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** How many subjectAltName extensions there are (a certificate must not repeat one). */
  readonly sanCount: number;
  readonly sanCritical: boolean;
  /** URI names of the (first) subjectAltName extension. */
  readonly uris: readonly string[];
  /** undefined: no basicConstraints extension. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength?: number } | undefined;
  /** keyUsage bits as @peculiar/x509 numbers them (digitalSignature = 1, ... keyCertSign = 32, cRLSign = 64); undefined: absent. */
  readonly keyUsage: number | undefined;
}

const SAN = "2.5.29.17";
const BASIC_CONSTRAINTS = "2.5.29.19";
const KEY_USAGE = "2.5.29.15";

export function readCertFields(raw: Uint8Array): CertFields {
  const cert = expect(tlv(raw, 0, raw.length), 0x30, "Certificate");
  if (cert.end !== raw.length) throw new DerError("trailing bytes after the certificate");
  const tbs = expect(children(raw, cert)[0], 0x30, "TBSCertificate");
  const f = children(raw, tbs);
  let i = f[0]?.tag === 0xa0 ? 1 : 0; // [0] version
  i += 3; // serialNumber, signature, issuer
  const validity = children(raw, expect(f[i], 0x30, "Validity"));
  const [nb, na] = validity;
  if (nb === undefined || na === undefined) throw new DerError("Validity: two times expected");
  const out = {
    notBefore: time(raw, nb),
    notAfter: time(raw, na),
    sanCount: 0,
    sanCritical: false,
    uris: [] as string[],
    basicConstraints: undefined as CertFields["basicConstraints"],
    keyUsage: undefined as number | undefined,
  };
  const ext = f.slice(i + 3).find((t) => t.tag === 0xa3); // after subject, subjectPublicKeyInfo; [1], [2] skipped
  if (ext === undefined) return out;
  for (const e of children(raw, expect(children(raw, ext)[0], 0x30, "Extensions"))) {
    const parts = children(raw, expect(e, 0x30, "Extension"));
    const id = oid(raw, expect(parts[0], 0x06, "extnID"));
    const critical = parts[1]?.tag === 0x01 ? raw[parts[1].start] !== 0 : false;
    const value = expect(parts[parts[1]?.tag === 0x01 ? 2 : 1], 0x04, "extnValue");
    const inner = tlv(raw, value.start, value.end);
    if (id === SAN) {
      out.sanCount += 1;
      if (out.sanCount > 1) continue;
      out.sanCritical = critical;
      for (const n of children(raw, expect(inner, 0x30, "GeneralNames"))) if (n.tag === 0x86) out.uris.push(ascii(raw, n));
    } else if (id === BASIC_CONSTRAINTS) {
      const bc = children(raw, expect(inner, 0x30, "BasicConstraints"));
      let k = 0;
      let ca = false;
      if (bc[k]?.tag === 0x01) ca = raw[(bc[k++] as Tlv).start] !== 0;
      let pathLength: number | undefined;
      const pl = bc[k];
      if (pl?.tag === 0x02) {
        pathLength = 0;
        for (let p = pl.start; p < pl.end; p++) pathLength = pathLength * 256 + (raw[p] as number);
      }
      out.basicConstraints = pathLength === undefined ? { ca } : { ca, pathLength };
    } else if (id === KEY_USAGE) {
      const bits = expect(inner, 0x03, "KeyUsage");
      // BIT STRING: first byte = unused bits; bit 0 (digitalSignature) is the first byte's most significant bit.
      let usages = 0;
      for (let b = 0; b < 9; b++) {
        const byte = raw[bits.start + 1 + (b >> 3)];
        if (bits.start + 1 + (b >> 3) < bits.end && byte !== undefined && (byte & (0x80 >> (b & 7))) !== 0) usages |= 1 << b;
      }
      out.keyUsage = usages;
    }
  }
  return out;
}

const cache = new WeakMap<X509Certificate, CertFields>();

/** The fields of a node:crypto certificate, parsed once per object. */
export function certFields(cert: X509Certificate): CertFields {
  let f = cache.get(cert);
  if (f === undefined) {
    f = readCertFields(new Uint8Array(cert.raw));
    cache.set(cert, f);
  }
  return f;
}
