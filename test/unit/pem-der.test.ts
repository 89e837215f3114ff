import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { derToPem, pemToDerList, splitConcatenatedDer } from "../../spiffe/pem.js";
import { createCertificateAuthority, issueX509Svid } from "../../spiffe/ca.js";

let certs: Buffer[] = [];

before(async () => {
  const ca = await createCertificateAuthority({ trustDomain: "spike.ist" });
  const a = await issueX509Svid(ca, { spiffeId: "spiffe://spike.ist/a", ttlMs: 60_000 });
  const b = await issueX509Svid(ca, { spiffeId: "spiffe://spike.ist/b", ttlMs: 60_000 });
  certs = [a.certDer, b.certDer, Buffer.from(ca.cert.raw)];
});

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  assert.ok(v !== undefined, `missing item ${i}`);
  return v;
}

describe("PEM", () => {
  test("DER -> PEM -> DER round trip", () => {
    const der = at(certs, 0);
    const pem = derToPem(der, "CERTIFICATE");
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.match(pem, /\n-----END CERTIFICATE-----\n$/);
    for (const line of pem.trim().split("\n").slice(1, -1)) assert.ok(line.length <= 64);
    assert.deepEqual(pemToDerList(pem), [der]);
    assert.deepEqual(Buffer.from(new X509Certificate(pem).raw), der);
  });

  test("several blocks come back in order", () => {
    const pem = certs.map((c) => derToPem(c, "CERTIFICATE")).join("");
    assert.deepEqual(pemToDerList(pem), certs);
  });

  test("custom label, other labels and surrounding text are skipped", () => {
    const key = Buffer.from("not really a key but bytes");
    const pem =
      "leading text\n" +
      derToPem(at(certs, 0), "CERTIFICATE") +
      "between\n" +
      derToPem(key, "PRIVATE KEY") +
      derToPem(at(certs, 1), "CERTIFICATE");
    assert.deepEqual(pemToDerList(pem), [at(certs, 0), at(certs, 1)]);
    assert.deepEqual(pemToDerList(pem, "PRIVATE KEY"), [key]);
  });

  test("CRLF line endings are accepted", () => {
    const pem = derToPem(at(certs, 0), "CERTIFICATE").replace(/\n/g, "\r\n");
    assert.deepEqual(pemToDerList(pem), [at(certs, 0)]);
  });

  test("no block of that label gives an empty list", () => {
    assert.deepEqual(pemToDerList(""), []);
    assert.deepEqual(pemToDerList(derToPem(Buffer.from([1, 2, 3]), "PRIVATE KEY")), []);
  });

  test("missing END line throws", () => {
    const pem = derToPem(at(certs, 0), "CERTIFICATE").replace("-----END CERTIFICATE-----", "");
    assert.throws(() => pemToDerList(pem), /no END line/);
  });

  test("corrupt base64 throws instead of being skipped", () => {
    const pem = derToPem(at(certs, 0), "CERTIFICATE").replace(/\n[A-Za-z0-9+/]/, "\n*");
    assert.throws(() => pemToDerList(pem), /not valid base64/);
  });

  test("empty body throws", () => {
    assert.throws(() => pemToDerList("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), /not valid base64/);
  });

  test("truncated base64 throws", () => {
    const pem = derToPem(at(certs, 0), "CERTIFICATE").replace(/[A-Za-z0-9+/=]\n-----END/, "\n-----END");
    assert.throws(() => pemToDerList(pem), /not valid base64/);
  });
});

describe("splitConcatenatedDer", () => {
  test("three concatenated certificates split into three", () => {
    const parts = splitConcatenatedDer(Buffer.concat(certs));
    assert.equal(parts.length, 3);
    assert.deepEqual(parts, certs);
    for (const p of parts) new X509Certificate(p); // each one parses
  });

  test("parts are copies, not views of the input", () => {
    const input = Buffer.concat(certs);
    const [first] = splitConcatenatedDer(input);
    input[10] = (input[10] ?? 0) ^ 0xff;
    assert.deepEqual(first, at(certs, 0));
  });

  test("empty input gives no items", () => assert.deepEqual(splitConcatenatedDer(Buffer.alloc(0)), []));

  test("short-form and long-form lengths", () => {
    const short = Buffer.from([0x30, 0x03, 1, 2, 3]);
    const long1 = Buffer.concat([Buffer.from([0x30, 0x81, 0x80]), Buffer.alloc(0x80, 7)]);
    const long2 = Buffer.concat([Buffer.from([0x30, 0x82, 0x01, 0x00]), Buffer.alloc(0x100, 9)]);
    const empty = Buffer.from([0x30, 0x00]);
    assert.deepEqual(splitConcatenatedDer(Buffer.concat([short, long1, long2, empty])), [short, long1, long2, empty]);
  });

  test("truncated content throws", () => {
    const all = Buffer.concat(certs);
    assert.throws(() => splitConcatenatedDer(all.subarray(0, all.length - 1)), /DER item 3 .* truncated \(content/);
  });

  test("truncated length bytes throw", () => {
    assert.throws(() => splitConcatenatedDer(Buffer.from([0x30, 0x82, 0x01])), /truncated \(length/);
    assert.throws(() => splitConcatenatedDer(Buffer.from([0x30])), /truncated \(length/);
  });

  test("garbage throws", () => {
    assert.throws(() => splitConcatenatedDer(Buffer.from("hello")), /expected a SEQUENCE \(0x30\), found 0x68/);
    const trailing = Buffer.concat([at(certs, 0), Buffer.from([0x00])]);
    assert.throws(() => splitConcatenatedDer(trailing), /DER item 2 at offset \d+: expected a SEQUENCE/);
  });

  test("indefinite and oversized length encodings are refused", () => {
    assert.throws(() => splitConcatenatedDer(Buffer.from([0x30, 0x80, 0x00, 0x00])), /unsupported length encoding 0x80/);
    assert.throws(() => splitConcatenatedDer(Buffer.from([0x30, 0x85, 1, 1, 1, 1, 1])), /unsupported length/);
  });

  test("PEM bundle and concatenated DER agree", () => {
    const pem = certs.map((c) => derToPem(c, "CERTIFICATE")).join("");
    assert.deepEqual(splitConcatenatedDer(Buffer.concat(pemToDerList(pem))), certs);
  });
});
