import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createCertificateAuthority, issueX509Svid, type CaMaterial, type IssuedSvid } from "../../spiffe/ca.js";
import { writeSvidFiles } from "../../spiffe/dev-issuer.js";
import { fileSource, loadSvidFiles, SvidFileError, type SvidFiles } from "../../spiffe/file-source.js";
import { verifyX509Svid } from "../../spiffe/svid.js";
import type { X509Source } from "../../spiffe/x509-source.js";

const TD = "spike.ist";
const ID = `spiffe://${TD}/spike/keeper/1`;
const HOUR = 3_600_000;

let root: string;
let ca: CaMaterial;
let dirCount = 0;
const sources: X509Source[] = [];

before(async () => {
  root = mkdtempSync(join(tmpdir(), "spike-test-"));
  ca = await createCertificateAuthority({ trustDomain: TD });
});

after(() => {
  for (const s of sources) s.close();
  rmSync(root, { recursive: true, force: true });
});

function serialOf(svid: IssuedSvid): string {
  return new X509Certificate(svid.certDer).serialNumber;
}

function sourceSerial(s: X509Source): string {
  const leaf = s.svid().chain[0];
  assert.ok(leaf !== undefined);
  return leaf.serialNumber;
}

/** A fresh directory holding svid.pem, svid_key.pem and bundle.pem for a new SVID. */
async function freshFiles(): Promise<{ files: SvidFiles; svid: IssuedSvid; dir: string }> {
  const dir = join(root, `svid-${++dirCount}`);
  const svid = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
  const p = writeSvidFiles(dir, svid, ca);
  return { files: { certFile: p.cert, keyFile: p.key, bundleFile: p.bundle }, svid, dir };
}

function watch(files: SvidFiles, onReloadError?: (e: Error) => void): X509Source {
  const s = fileSource(files, onReloadError === undefined ? { pollMs: 50 } : { pollMs: 50, onReloadError });
  sources.push(s);
  return s;
}

/** Polls until `check` returns true, or fails after `timeoutMs` with `what`. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function failsNaming(fn: () => unknown, file: string, detail?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SvidFileError, `expected SvidFileError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `message should name ${file}: ${e.message}`);
    if (detail !== undefined) assert.match(e.message, detail);
    assert.doesNotMatch(e.message, /BEGIN|PRIVATE KEY-----/);
    return true;
  });
}

describe("writeSvidFiles", () => {
  test("writes the three PEM files, the key 0600 in a 0700 directory", async () => {
    const { files, dir } = await freshFiles();
    assert.equal(files.certFile, join(dir, "svid.pem"));
    assert.equal(files.keyFile, join(dir, "svid_key.pem"));
    assert.equal(files.bundleFile, join(dir, "bundle.pem"));
    assert.equal((statSync(dir).mode & 0o777).toString(8), "700");
    assert.equal((statSync(files.keyFile).mode & 0o777).toString(8), "600");
  });
});

describe("fileSource: loading", () => {
  test("loads what writeSvidFiles wrote: the SVID, its key and the bundle", async () => {
    const { files, svid } = await freshFiles();
    const s = watch(files);
    assert.equal(s.isReady(), true);
    assert.equal(s.svid().id.text, ID);
    assert.equal(sourceSerial(s), serialOf(svid));
    assert.equal(s.svid().keyPem, svid.keyPem);
    assert.deepEqual([...s.bundles().keys()], [TD]);
    assert.equal(s.bundles().get(TD)?.[0]?.fingerprint256, ca.cert.fingerprint256);
    assert.equal(verifyX509Svid(s.svid().chain, s.bundles()).text, ID);
    await s.ready(10); // already ready: resolves at once
  });

  test("loadSvidFiles gives the same complete state", async () => {
    const { files, svid } = await freshFiles();
    const ctx = loadSvidFiles(files);
    assert.equal(ctx.svids.length, 1);
    assert.equal(ctx.svids[0]?.chain[0]?.serialNumber, serialOf(svid));
  });

  test("a missing certificate file: SvidFileError naming it", async () => {
    const { files } = await freshFiles();
    rmSync(files.certFile);
    failsNaming(() => fileSource(files), files.certFile, /cannot read the SVID certificate file .*\(ENOENT\)/);
  });

  test("a missing key file: SvidFileError naming it", async () => {
    const { files } = await freshFiles();
    rmSync(files.keyFile);
    failsNaming(() => fileSource(files), files.keyFile, /cannot read the SVID key file .*\(ENOENT\)/);
  });

  test("a missing bundle file: SvidFileError naming it", async () => {
    const { files } = await freshFiles();
    rmSync(files.bundleFile);
    failsNaming(() => fileSource(files), files.bundleFile, /cannot read the trust bundle file .*\(ENOENT\)/);
  });

  test("files with no PEM block of the right kind are named", async () => {
    const a = await freshFiles();
    writeFileSync(a.files.certFile, "not a certificate\n");
    failsNaming(() => loadSvidFiles(a.files), a.files.certFile, /holds no certificate/);

    const b = await freshFiles();
    writeFileSync(b.files.keyFile, "");
    failsNaming(() => loadSvidFiles(b.files), b.files.keyFile, /must hold one PKCS#8/);

    const c = await freshFiles();
    writeFileSync(c.files.bundleFile, b.svid.keyPem); // a key where the bundle should be
    failsNaming(() => loadSvidFiles(c.files), c.files.bundleFile, /holds no certificate/);
  });

  test("corrupt PEM blocks are named by file, whichever file holds them", async () => {
    const notBase64 = (label: string): string => `-----BEGIN ${label}-----\n!!!!\n-----END ${label}-----\n`;
    const notDer = (label: string): string => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`;

    const a = await freshFiles();
    writeFileSync(a.files.certFile, notBase64("CERTIFICATE"));
    failsNaming(() => fileSource(a.files), a.files.certFile, /SVID certificate file .* is corrupt: .*not valid base64/);

    const b = await freshFiles();
    writeFileSync(b.files.keyFile, notBase64("PRIVATE KEY"));
    failsNaming(() => fileSource(b.files), b.files.keyFile, /SVID key file .* is corrupt/);

    const c = await freshFiles();
    writeFileSync(c.files.bundleFile, notBase64("CERTIFICATE"));
    failsNaming(() => fileSource(c.files), c.files.bundleFile, /trust bundle file .* is corrupt/);

    const d = await freshFiles();
    writeFileSync(d.files.bundleFile, notDer("CERTIFICATE"));
    failsNaming(() => fileSource(d.files), d.files.bundleFile, /trust bundle file .* is corrupt/);

    const e = await freshFiles();
    writeFileSync(e.files.certFile, notDer("CERTIFICATE"));
    failsNaming(() => fileSource(e.files), e.files.certFile);
  });

  test("a key that does not belong to the certificate is refused, naming both files", async () => {
    const { files } = await freshFiles();
    const stranger = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    writeFileSync(files.keyFile, stranger.keyPem);
    failsNaming(() => fileSource(files), files.certFile, /does not belong to the X\.509-SVID/);
    failsNaming(() => loadSvidFiles(files), files.keyFile);
  });
});

describe("fileSource: reloading", () => {
  test("rewriting the files with a new SVID switches the source to it and fires onUpdate", async () => {
    const { files, svid, dir } = await freshFiles();
    const reloadErrors: Error[] = [];
    const s = watch(files, (e) => reloadErrors.push(e));
    assert.equal(sourceSerial(s), serialOf(svid));
    const seen: string[] = [];
    s.onUpdate(() => seen.push(sourceSerial(s)));

    const next = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    assert.notEqual(serialOf(next), serialOf(svid));
    // A later rotation: past the first poll, so that the rewrite cannot share the first write's (coarse) mtime.
    await new Promise((r) => setTimeout(r, 150));
    writeSvidFiles(dir, next, ca);

    await until(() => seen.includes(serialOf(next)), 3000, "onUpdate with the new SVID");
    assert.equal(sourceSerial(s), serialOf(next));
    assert.equal(s.svid().keyPem, next.keyPem);
    assert.equal(s.current().svids.length, 1, "the new state replaces the old");
    assert.equal(verifyX509Svid(s.svid().chain, s.bundles()).text, ID);
    assert.deepEqual(reloadErrors, [], "a complete rewrite is never seen half-done");
  });

  test("a rewrite that lands right after the source is created is not missed", async () => {
    const { files, svid, dir } = await freshFiles();
    const next = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    const s = watch(files);
    writeSvidFiles(dir, next, ca); // before the watchers can have taken their first look
    assert.equal(sourceSerial(s), serialOf(svid));
    await until(() => sourceSerial(s) === serialOf(next), 3000, "the SVID written right after start");
  });

  test("a garbage certificate file keeps the last good SVID and is reported through onReloadError", async () => {
    const { files, svid, dir } = await freshFiles();
    const reloadErrors: Error[] = [];
    const s = watch(files, (e) => reloadErrors.push(e));
    let updates = 0;
    s.onUpdate(() => updates++);

    writeFileSync(files.certFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
    await until(() => reloadErrors.length > 0, 3000, "onReloadError");
    const err = reloadErrors[0];
    assert.ok(err instanceof SvidFileError, String(err));
    assert.ok(err.message.includes(files.certFile), err.message);
    assert.match(err.message, /is corrupt: PEM CERTIFICATE block 1 is not valid base64/);
    assert.equal(s.isReady(), true);
    assert.equal(sourceSerial(s), serialOf(svid), "the last good SVID stays in use");
    assert.equal(s.svid().keyPem, svid.keyPem);
    assert.equal(updates, 0);

    // A second, different kind of garbage: the error names the file.
    const before = reloadErrors.length;
    writeFileSync(files.certFile, "garbage, no PEM here\n");
    await until(() => reloadErrors.length > before, 3000, "a second onReloadError");
    const second = reloadErrors[reloadErrors.length - 1];
    assert.ok(second instanceof SvidFileError);
    assert.ok(second.message.includes(files.certFile), second.message);
    assert.equal(sourceSerial(s), serialOf(svid));

    // Good files again: the source recovers without being recreated.
    const next = await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR });
    writeSvidFiles(dir, next, ca);
    await until(() => sourceSerial(s) === serialOf(next), 3000, "recovery with the new SVID");
    assert.ok(updates >= 1);
  });

  test("after close, file changes are no longer picked up", async () => {
    const { files, svid, dir } = await freshFiles();
    const s = fileSource(files, { pollMs: 50 });
    s.close();
    writeSvidFiles(dir, await issueX509Svid(ca, { spiffeId: ID, ttlMs: HOUR }), ca);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(sourceSerial(s), serialOf(svid));
  });
});
