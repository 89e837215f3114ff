// PEM <-> DER, and splitting the concatenated DER certificates the Workload API sends.

const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * All blocks with the given label, in order. Blocks with other labels and text
 * between blocks are skipped; an unterminated or corrupt block throws.
 * Returns an empty list when there is no such block (callers decide if that is an error).
 */
export function pemToDerList(pem: string, label = "CERTIFICATE"): Buffer[] {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const out: Buffer[] = [];
  let at = pem.indexOf(begin);
  while (at >= 0) {
    const bodyStart = at + begin.length;
    const stop = pem.indexOf(end, bodyStart);
    if (stop < 0) throw new Error(`PEM ${label} block ${out.length + 1} has no END line`);
    const body = pem.slice(bodyStart, stop).replace(/\s+/g, "");
    // Buffer.from(…, "base64") silently skips junk, so check the alphabet ourselves.
    if (body.length === 0 || body.length % 4 !== 0 || !BASE64_BODY.test(body)) {
      throw new Error(`PEM ${label} block ${out.length + 1} is not valid base64`);
    }
    out.push(Buffer.from(body, "base64"));
    at = pem.indexOf(begin, stop + end.length);
  }
  return out;
}

export function derToPem(der: Buffer, label: string): string {
  const b64 = der.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** Splits back-to-back DER SEQUENCEs (certificates) by reading each outer length. */
export function splitConcatenatedDer(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off < buf.length) {
    const start = off;
    const tag = buf[off];
    if (tag !== 0x30) {
      throw new Error(`DER item ${out.length + 1} at offset ${start}: expected a SEQUENCE (0x30), found 0x${hex(tag)}`);
    }
    off += 1;
    const first = buf[off];
    if (first === undefined) throw truncated(out.length, start, "length");
    off += 1;
    let len: number;
    if (first < 0x80) {
      len = first;
    } else {
      const n = first & 0x7f;
      // 0x80 is BER's indefinite length (not DER); more than 4 length bytes is absurd for a certificate.
      if (n === 0 || n > 4) {
        throw new Error(`DER item ${out.length + 1} at offset ${start}: unsupported length encoding 0x${hex(first)}`);
      }
      if (off + n > buf.length) throw truncated(out.length, start, "length");
      len = buf.readUIntBE(off, n);
      off += n;
    }
    if (off + len > buf.length) throw truncated(out.length, start, "content");
    off += len;
    out.push(Buffer.from(buf.subarray(start, off))); // copy: don't pin the caller's larger buffer
  }
  return out;
}

function truncated(index: number, offset: number, part: string): Error {
  return new Error(`DER item ${index + 1} at offset ${offset} is truncated (${part} runs past the end of the input)`);
}

function hex(b: number | undefined): string {
  return (b ?? 0).toString(16).padStart(2, "0");
}
