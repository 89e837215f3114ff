import { test, describe, before } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, KeyObject, X509Certificate } from "node:crypto";
import {
  checkSvidLeaf,
  spiffeIdFromCertificate,
  SvidError,
  verifyX509Svid,
  type SvidRule,
  type X509Bundles,
} from "../../spiffe/svid.js";
import {
  createCertificateAuthority,
  issueX509Svid,
  loadCertificateAuthority,
  type CaMaterial,
} from "../../spiffe/ca.js";
import { parseSpiffeId } from "../../spiffe/id.js";
import { KeyUsage, mint, mintCa, mintLeaf, type Minted } from "../harness/bad-certs.js";

const TD = "spike.ist";
const ID = `spiffe://${TD}/spike/nexus`;
const HOUR = 3_600_000;

let ca: CaMaterial;
let bundles: X509Bundles;
let testCa: Minted; // harness CA for malformed leaves, also in the bundle

before(async () => {
  ca = await createCertificateAuthority({ trustDomain: TD });
  testCa = await mintCa(TD);
  bundles = new Map([[TD, [ca.cert, testCa.cert]]]);
});

function rejects(fn: () => unknown, rule: SvidRule, text?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SvidError, `expected SvidError, got ${String(e)}`);
    assert.equal(e.rule, rule, e.message);
    if (text !== undefined) assert.match(e.message, text);
    assert.doesNotMatch(e.message, /PRIVATE KEY|BEGIN/);
    return true;
  });
}

async function svid(id = ID, ttlMs = HOUR): Promise<X509Certificate> {
  return new X509Certificate((await issueX509Svid(ca, { spiffeId: id, ttlMs })).certDer);
}

describe("verifyX509Svid: accepted", () => {
  test("an SVID from the dev CA verifies and returns its ID", async () => {
    const id = verifyX509Svid([await svid()], bundles);
    assert.equal(id.text, ID);
    assert.equal(id.trustDomain, TD);
    assert.equal(id.path, "/spike/nexus");
  });

  test("a well-formed harness leaf verifies", async () => {
    const leaf = await mintLeaf(testCa, ID);
    assert.equal(verifyX509Svid([leaf.cert], bundles).text, ID);
  });

  test("chain through an intermediate CA verifies", async () => {
    const inter = await mintCa(TD, { issuer: testCa, subject: "O=Test, CN=intermediate" });
    const leaf = await mintLeaf(inter, ID);
    assert.equal(verifyX509Svid([leaf.cert, inter.cert], bundles).text, ID);
  });

  test("two intermediates, presented out of order", async () => {
    const i1 = await mintCa(TD, { issuer: testCa, subject: "O=Test, CN=i1" });
    const i2 = await mintCa(TD, { issuer: i1, subject: "O=Test, CN=i2" });
    const leaf = await mintLeaf(i2, ID);
    assert.equal(verifyX509Svid([leaf.cert, i1.cert, i2.cert], bundles).text, ID);
  });

  test("a presented root at the end of the chain is fine", async () => {
    assert.equal(verifyX509Svid([await svid(), ca.cert], bundles).text, ID);
  });

  test("bundle with several roots (rotation): the leaf's own root is found", async () => {
    const rotated = await createCertificateAuthority({ trustDomain: TD });
    const leaf = new X509Certificate((await issueX509Svid(rotated, { spiffeId: ID, ttlMs: HOUR })).certDer);
    const b: X509Bundles = new Map([[TD, [ca.cert, rotated.cert]]]);
    assert.equal(verifyX509Svid([leaf], b).text, ID);
  });

  test("EKU is not required", async () => {
    const leaf = await mintLeaf(testCa, ID); // harness leaves carry no EKU
    assert.equal(verifyX509Svid([leaf.cert], bundles).text, ID);
  });

  test("extra DNS SANs are allowed", async () => {
    const leaf = await mintLeaf(testCa, ID, { dns: ["nexus.local"] });
    assert.equal(verifyX509Svid([leaf.cert], bundles).text, ID);
  });
});

describe("verifyX509Svid: chain rules", () => {
  test("leaf from a second CA with the same trust domain and subject is refused", async () => {
    const rogue = await createCertificateAuthority({ trustDomain: TD });
    assert.equal(rogue.cert.subject, ca.cert.subject); // same DN: only the signature tells them apart
    const leaf = new X509Certificate(
      (await issueX509Svid(rogue, { spiffeId: `spiffe://${TD}/spike/pilot/role/superuser`, ttlMs: HOUR })).certDer,
    );
    rejects(() => verifyX509Svid([leaf], bundles), "untrusted", /does not chain to a CA in the bundle for trust domain spike\.ist/);
  });

  test("matching issuer name and key identifier are not enough: the signature is checked", async () => {
    const rogue = await mintCa(TD);
    // Claims testCa's subject and key id (AKI) but is signed with the rogue key.
    const forger: Minted = { ...rogue, name: testCa.name, keys: { publicKey: testCa.keys.publicKey, privateKey: rogue.keys.privateKey } };
    const leaf = await mintLeaf(forger, ID);
    assert.ok(leaf.cert.checkIssued(testCa.cert), "names and key ids line up");
    rejects(() => verifyX509Svid([leaf.cert], bundles), "untrusted");
  });

  test("presenting the rogue CA as an intermediate does not help", async () => {
    const rogue = await mintCa(TD);
    const leaf = await mintLeaf(rogue, ID);
    rejects(() => verifyX509Svid([leaf.cert, rogue.cert], bundles), "untrusted", /path stops at/);
  });

  test("leaf signed by another trust domain's CA is refused", async () => {
    const otherCa = await mintCa("other.td");
    const leaf = await mintLeaf(otherCa, ID); // claims spike.ist, signed by other.td
    const b: X509Bundles = new Map([
      [TD, [ca.cert]],
      ["other.td", [otherCa.cert]],
    ]);
    rejects(() => verifyX509Svid([leaf.cert], b), "untrusted");
  });

  test("ID whose trust domain has no bundle is refused", async () => {
    const otherCa = await mintCa("other.td");
    const leaf = await mintLeaf(otherCa, "spiffe://other.td/workload");
    rejects(() => verifyX509Svid([leaf.cert], bundles), "noBundle", /no bundle for trust domain other\.td/);
    rejects(() => verifyX509Svid([leaf.cert], new Map([["other.td", []]])), "noBundle");
  });

  test("missing intermediate is refused", async () => {
    const inter = await mintCa(TD, { issuer: testCa, subject: "O=Test, CN=intermediate" });
    const leaf = await mintLeaf(inter, ID);
    rejects(() => verifyX509Svid([leaf.cert], bundles), "untrusted");
  });

  test("intermediate that is not a CA is refused", async () => {
    const notCa = await mint({
      issuer: testCa,
      subject: "O=Test, CN=not a ca",
      basicConstraints: { ca: false },
      keyUsage: KeyUsage.keyCertSign | KeyUsage.digitalSignature,
      uris: [`spiffe://${TD}`],
    });
    const leaf = await mintLeaf(notCa, ID);
    rejects(() => verifyX509Svid([leaf.cert, notCa.cert], bundles), "issuerNotCa", /intermediate CA "O=Test, CN=not a ca"/);
  });

  test("pathLenConstraint is enforced", async () => {
    const root0 = await mintCa(TD, { basicConstraints: { ca: true, pathLength: 0 }, subject: "O=Test, CN=root0" });
    const inter = await mintCa(TD, { issuer: root0, subject: "O=Test, CN=below root0" });
    const leaf = await mintLeaf(inter, ID);
    rejects(() => verifyX509Svid([leaf.cert, inter.cert], new Map([[TD, [root0.cert]]])), "pathLength");
    const direct = await mintLeaf(root0, ID);
    assert.equal(verifyX509Svid([direct.cert], new Map([[TD, [root0.cert]]])).text, ID);
  });

  test("empty chain is refused", () => rejects(() => verifyX509Svid([], bundles), "emptyChain"));
});

describe("verifyX509Svid: validity period", () => {
  test("expired leaf is refused (checked at a later `now`)", async () => {
    const leaf = await svid(ID, 60_000);
    rejects(() => verifyX509Svid([leaf], bundles, new Date(Date.now() + 2 * 60_000)), "expired", /^leaf spiffe:\/\/spike\.ist\/spike\/nexus expired at /);
  });

  test("expired leaf is refused (minted in the past)", async () => {
    const leaf = await mintLeaf(testCa, ID, { notBefore: new Date(Date.now() - 2 * HOUR), notAfter: new Date(Date.now() - HOUR) });
    rejects(() => verifyX509Svid([leaf.cert], bundles), "expired");
  });

  test("not-yet-valid leaf is refused", async () => {
    const leaf = await mintLeaf(testCa, ID, { notBefore: new Date(Date.now() + HOUR), notAfter: new Date(Date.now() + 2 * HOUR) });
    rejects(() => verifyX509Svid([leaf.cert], bundles), "notYetValid", /^leaf .* is not valid before /);
  });

  test("dev SVIDs tolerate 30s of clock skew", async () => {
    const leaf = await svid();
    assert.equal(verifyX509Svid([leaf], bundles, new Date(Date.now() - 20_000)).text, ID);
  });

  test("expired intermediate is refused and named", async () => {
    const inter = await mintCa(TD, {
      issuer: testCa,
      subject: "O=Test, CN=old intermediate",
      notBefore: new Date(Date.now() - 2 * HOUR),
      notAfter: new Date(Date.now() - HOUR),
    });
    const leaf = await mintLeaf(inter, ID);
    rejects(() => verifyX509Svid([leaf.cert, inter.cert], bundles), "expired", /intermediate CA "O=Test, CN=old intermediate" expired/);
  });

  test("expired root is refused and named", async () => {
    const oldRoot = await mintCa(TD, {
      subject: "O=Test, CN=old root",
      notBefore: new Date(Date.now() - 2 * HOUR),
      notAfter: new Date(Date.now() - HOUR),
    });
    const leaf = await mintLeaf(oldRoot, ID);
    rejects(() => verifyX509Svid([leaf.cert], new Map([[TD, [oldRoot.cert]]])), "expired", /root CA "O=Test, CN=old root" expired/);
  });
});

describe("leaf rules (checkSvidLeaf and verifyX509Svid)", () => {
  const cases: Array<[string, () => Promise<Minted>, SvidRule, RegExp?]> = [
    ["two URI SANs", () => mintLeaf(testCa, ID, { uris: [ID, `spiffe://${TD}/other`] }), "uriSanCount", /exactly one URI SAN, found 2/],
    ["zero URI SANs (DNS only)", () => mintLeaf(testCa, ID, { uris: [], dns: ["nexus.local"] }), "uriSanCount", /found 0/],
    ["no SAN extension at all", () => mintLeaf(testCa, ID, { uris: [] }), "uriSanCount"],
    ["URI SAN that is not a SPIFFE ID", () => mintLeaf(testCa, "https://spike.ist/x"), "uriSanInvalid", /scheme/],
    ["URI SAN with a bad SPIFFE ID", () => mintLeaf(testCa, `spiffe://${TD}/a/../b`), "uriSanInvalid", /dot segments/],
    ["root-path leaf (spiffe://td)", () => mintLeaf(testCa, `spiffe://${TD}`), "leafRootPath"],
    ["CA leaf (cA=true)", () => mintLeaf(testCa, ID, { basicConstraints: { ca: true } }), "leafIsCa"],
    ["keyCertSign set", () => mintLeaf(testCa, ID, { keyUsage: KeyUsage.digitalSignature | KeyUsage.keyCertSign }), "keyUsageCertSign"],
    ["cRLSign set", () => mintLeaf(testCa, ID, { keyUsage: KeyUsage.digitalSignature | KeyUsage.cRLSign }), "keyUsageCrlSign"],
    ["digitalSignature missing", () => mintLeaf(testCa, ID, { keyUsage: KeyUsage.keyEncipherment }), "keyUsageNoDigitalSignature"],
    ["keyUsage missing", () => mintLeaf(testCa, ID, { keyUsage: null }), "keyUsageMissing"],
    ["empty subject with non-critical SAN", () => mintLeaf(testCa, ID, { subject: "", sanCritical: false }), "sanNotCritical"],
  ];
  for (const [name, make, rule, text] of cases) {
    test(`${name} -> ${rule}`, async () => {
      const leaf = await make();
      rejects(() => checkSvidLeaf(leaf.cert), rule, text);
      rejects(() => verifyX509Svid([leaf.cert], bundles), rule, text);
    });
  }

  test("leaf rules run before the chain: a CA leaf from a trusted CA is still refused", async () => {
    const leaf = await mintLeaf(testCa, ID, { basicConstraints: { ca: true }, keyUsage: KeyUsage.digitalSignature | KeyUsage.keyCertSign });
    rejects(() => verifyX509Svid([leaf.cert], bundles), "leafIsCa", /leaf spiffe:\/\/spike\.ist\/spike\/nexus/);
  });

  test("empty subject with a critical SAN is fine", async () => {
    const leaf = await mintLeaf(testCa, ID, { subject: "", sanCritical: true });
    assert.equal(checkSvidLeaf(leaf.cert).text, ID);
  });

  test("basicConstraints absent counts as not a CA", async () => {
    const leaf = await mintLeaf(testCa, ID, { basicConstraints: null });
    assert.equal(verifyX509Svid([leaf.cert], bundles).text, ID);
  });

  test("checkSvidLeaf accepts a good leaf without looking at bundles", async () => {
    assert.equal(checkSvidLeaf(await svid()).text, ID);
  });

  test("spiffeIdFromCertificate reads the CA's root ID", () => {
    assert.equal(spiffeIdFromCertificate(ca.cert).text, `spiffe://${TD}`);
  });
});

describe("ca.ts minting", () => {
  test("dev CA shape", () => {
    assert.equal(ca.cert.ca, true);
    assert.equal(ca.trustDomain, TD);
    assert.match(ca.cert.subject, /O=SPIKE dev/);
    assert.match(ca.cert.subject, /CN=spike\.ist CA/);
    assert.match(ca.keyPem, /^-----BEGIN PRIVATE KEY-----/);
  });

  test("issued SVID fields", async () => {
    const before = Date.now();
    const s = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    const cert = new X509Certificate(s.certDer);
    assert.equal(s.spiffeId, ID);
    assert.equal(cert.subjectAltName, `URI:${ID}`);
    assert.equal(cert.ca, false);
    assert.deepEqual([...(cert.keyUsage ?? [])].sort(), ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]); // node: these are EKUs
    assert.ok(cert.checkIssued(ca.cert) && cert.verify(ca.cert.publicKey));
    assert.ok(cert.checkPrivateKey(createPrivateKey(s.keyPem)));
    assert.ok(Math.abs(s.notBefore.getTime() - (before - 30_000)) < 2_000);
    assert.ok(Math.abs(s.notAfter.getTime() - (before + HOUR)) < 2_000);
    assert.match(cert.serialNumber, /^[0-7][0-9A-F]{31}$/);
    assert.equal(parseSpiffeId(s.spiffeId).path, "/spike/nexus");
  });

  test("serials are random", async () => {
    const a = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    const b = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    assert.notEqual(new X509Certificate(a.certDer).serialNumber, new X509Certificate(b.certDer).serialNumber);
  });

  test("leaf lifetime is capped at the CA's", async () => {
    const shortCa = await createCertificateAuthority({ trustDomain: TD, ttlMs: 60_000 });
    const s = await issueX509Svid(shortCa, { spiffeId: ID, ttlMs: HOUR });
    assert.ok(s.notAfter.getTime() <= new Date(shortCa.cert.validTo).getTime());
  });

  test("issueX509Svid refuses bad requests", async () => {
    await assert.rejects(issueX509Svid(ca, { spiffeId: `spiffe://${TD}`, ttlMs: HOUR }), /has no path/);
    await assert.rejects(issueX509Svid(ca, { spiffeId: "spiffe://other.td/x", ttlMs: HOUR }), /not in the CA's trust domain/);
    await assert.rejects(issueX509Svid(ca, { spiffeId: `spiffe://${TD}/a/`, ttlMs: HOUR }), /trailing slash/);
    await assert.rejects(issueX509Svid(ca, { spiffeId: ID, ttlMs: 0 }), /ttlMs/);
  });

  test("createCertificateAuthority validates the trust domain", async () => {
    await assert.rejects(createCertificateAuthority({ trustDomain: "Bad.TD" }), /trust domain characters/);
    assert.equal((await createCertificateAuthority({ trustDomain: "spiffe://x.y" })).trustDomain, "x.y");
  });

  test("loadCertificateAuthority round trip: SVIDs from the loaded CA verify against the original", async () => {
    const loaded = loadCertificateAuthority(ca.certPem, ca.keyPem);
    assert.equal(loaded.trustDomain, TD);
    const s = await issueX509Svid(loaded, { spiffeId: ID, ttlMs: HOUR });
    assert.equal(verifyX509Svid([new X509Certificate(s.certDer)], bundles).text, ID);
  });

  test("loadCertificateAuthority accepts a SEC1 key and returns PKCS#8", async () => {
    const sec1 = String(createPrivateKey(ca.keyPem).export({ type: "sec1", format: "pem" }));
    assert.match(sec1, /BEGIN EC PRIVATE KEY/);
    assert.match(loadCertificateAuthority(ca.certPem, sec1).keyPem, /^-----BEGIN PRIVATE KEY-----/);
  });

  test("loadCertificateAuthority refuses non-CAs, wrong keys and extra certs", async () => {
    const other = await createCertificateAuthority({ trustDomain: TD });
    const s = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    assert.throws(() => loadCertificateAuthority(s.certPem, s.keyPem), /not a CA/);
    assert.throws(() => loadCertificateAuthority(ca.certPem, other.keyPem), /does not match/);
    assert.throws(() => loadCertificateAuthority(ca.certPem + other.certPem, ca.keyPem), /exactly one/);
    assert.throws(() => loadCertificateAuthority("", ca.keyPem), /exactly one/);
  });

  test("loadCertificateAuthority refuses a CA whose SPIFFE ID has a path", async () => {
    const pathCa = await mint({ basicConstraints: { ca: true }, keyUsage: KeyUsage.keyCertSign, uris: [`spiffe://${TD}/ca`] });
    const keyPem = String(KeyObject.from(pathCa.keys.privateKey).export({ type: "pkcs8", format: "pem" }));
    assert.throws(() => loadCertificateAuthority(pathCa.cert.toString(), keyPem), /must not have a path/);
  });
});
