// spiffe/cert-fields.ts reads the SAN URIs, basicConstraints, keyUsage and validity from DER; here it must agree
// with @peculiar/x509 (which SVID verification used before, ADR 0017) on every shape the tests can mint, and
// refuse bytes that are not a certificate.
import assert from "node:assert/strict";
import { test } from "node:test";
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { DerError, readCertFields } from "../../spiffe/cert-fields.js";
import { KeyUsage, mint, mintCa, type MintOptions } from "../harness/bad-certs.js";

function reference(der: Uint8Array) {
  const p = new x509.X509Certificate(der);
  const sans = p.getExtensions(x509.SubjectAlternativeNameExtension);
  const bc = p.getExtension(x509.BasicConstraintsExtension);
  return {
    notBefore: p.notBefore.getTime(),
    notAfter: p.notAfter.getTime(),
    sanCount: sans.length,
    sanCritical: sans[0]?.critical ?? false,
    uris: sans[0]?.names.items.filter((n) => n.type === x509.URL).map((n) => n.value) ?? [],
    basicConstraints: bc === null ? undefined : bc.pathLength === undefined ? { ca: bc.ca } : { ca: bc.ca, pathLength: bc.pathLength },
    keyUsage: p.getExtension(x509.KeyUsagesExtension)?.usages,
  };
}

test("agrees with @peculiar/x509 on SANs, basicConstraints, keyUsage and validity", async () => {
  const ca = await mintCa("spike.ist");
  const shapes: MintOptions[] = [
    {},
    { uris: ["spiffe://spike.ist/a"], sanCritical: true, subject: "" },
    { uris: ["spiffe://spike.ist/a", "spiffe://spike.ist/b"], dns: ["x.example"] },
    { uris: [], dns: ["only.dns"] },
    { uris: [] },
    { basicConstraints: { ca: true, pathLength: 0 } },
    { basicConstraints: { ca: true, pathLength: 300 } },
    { basicConstraints: { ca: false } },
    { basicConstraints: null },
    { keyUsage: null },
    { keyUsage: KeyUsage.digitalSignature },
    { keyUsage: KeyUsage.keyCertSign | KeyUsage.cRLSign },
    { keyUsage: KeyUsage.decipherOnly | KeyUsage.digitalSignature },
    { keyUsage: 0x1ff },
    { notBefore: new Date("1999-12-31T23:59:59Z"), notAfter: new Date("2051-01-01T00:00:00Z") },
    { notBefore: new Date("2049-06-01T12:00:00Z"), notAfter: new Date("2050-01-01T00:00:00Z") },
  ];
  for (const [i, shape] of shapes.entries()) {
    const m = await mint({ issuer: ca, subject: "O=Test, CN=shape", uris: ["spiffe://spike.ist/w"], ...shape });
    const der = new Uint8Array(m.der);
    const ours = readCertFields(der);
    assert.deepEqual({ ...ours, notBefore: ours.notBefore.getTime(), notAfter: ours.notAfter.getTime() }, reference(der), `shape ${i}: ${JSON.stringify(shape)}`);
  }
});

test("refuses what is not one DER certificate", async () => {
  const m = await mint({ uris: ["spiffe://spike.ist/w"] });
  const der = new Uint8Array(m.der);
  assert.throws(() => readCertFields(der.subarray(0, der.length - 1)), DerError);
  assert.throws(() => readCertFields(new Uint8Array([...der, 0])), DerError);
  assert.throws(() => readCertFields(new Uint8Array([0x30, 0x81, 0x05, 1, 2, 3, 4, 5])), DerError, "non-minimal length");
  assert.throws(() => readCertFields(new Uint8Array([])), DerError);
});
