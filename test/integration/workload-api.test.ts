import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { X509Certificate } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { workloadApiClient } from "../../lib/proto.js";
import type { SpiffeWorkloadAPIClient } from "../../proto/types/SpiffeWorkloadAPI.js";
import type { IssuedSvid } from "../../spiffe/ca.js";
import { DevIssuer, defaultRegistrations, devSocketPath, openDevCa, type DevRegistration } from "../../spiffe/dev-issuer.js";
import { SvidError, verifyX509Svid, type X509Bundles } from "../../spiffe/svid.js";
import { splitConcatenatedDer } from "../../spiffe/pem.js";
import { parseX509BundlesResponse, parseX509SvidResponse, workloadApiSource } from "../../spiffe/workload-client.js";
import { SourceTimeoutError, type X509Source } from "../../spiffe/x509-source.js";

const TD = "spike.ist";
const NEXUS_ID = `spiffe://${TD}/spike/nexus`;
const PILOT_ID = `spiffe://${TD}/spike/pilot/role/superuser`;
const FAST = { initialMs: 50, maxMs: 250 } as const;

const dirs: string[] = [];
const issuers: DevIssuer[] = [];
const sources: X509Source[] = [];
const rawClients: SpiffeWorkloadAPIClient[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "spike-test-"));
  dirs.push(dir);
  return dir;
}

interface IssuerOptions {
  readonly svidTtlMs?: number;
  readonly onRotate?: (name: string, svid: IssuedSvid) => void;
  readonly registrations?: readonly DevRegistration[];
}

async function startIssuer(devDir: string, opts: IssuerOptions = {}): Promise<DevIssuer> {
  const issuer = await DevIssuer.start({ devDir, trustDomain: TD, registrations: defaultRegistrations(TD, 1), ...opts });
  issuers.push(issuer);
  return issuer;
}

function source(address: string, onError?: (err: Error, final: boolean) => void): X509Source {
  const s = workloadApiSource(address, onError === undefined ? { backoff: FAST } : { backoff: FAST, onError });
  sources.push(s);
  return s;
}

function rawClient(socketPath: string): SpiffeWorkloadAPIClient {
  const c = workloadApiClient(`unix://${socketPath}`);
  rawClients.push(c);
  return c;
}

function header(value = "true"): grpc.Metadata {
  const md = new grpc.Metadata();
  md.set("workload.spiffe.io", value);
  return md;
}

/** The first message of a server stream; the stream is cancelled after it. Rejects if the stream fails first. */
function firstMessage<T>(stream: grpc.ClientReadableStream<T>, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      stream.cancel();
      reject(new Error(`no message within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on("data", (msg: T) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(msg);
      stream.cancel();
    });
    stream.on("error", (err: grpc.ServiceError) => {
      if (done) return; // the CANCELLED that our own cancel() causes
      done = true;
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** The error a server stream ends with; rejects if it sends a message instead. */
function streamError<T>(stream: grpc.ClientReadableStream<T>, timeoutMs = 5000): Promise<grpc.ServiceError> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.cancel();
      reject(new Error(`stream neither failed nor sent within ${timeoutMs} ms`));
    }, timeoutMs);
    stream.on("data", () => {
      clearTimeout(timer);
      stream.cancel();
      reject(new Error("the stream sent a message; expected an error"));
    });
    stream.on("error", (err: grpc.ServiceError) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

/** Polls until `check` returns true, or fails after `timeoutMs` with `what`. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function serial(s: X509Source): string {
  const leaf = s.svid().chain[0];
  assert.ok(leaf !== undefined);
  return leaf.serialNumber;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

let mainDir: string;
let mainIssuer: DevIssuer;

before(async () => {
  mainDir = tempDir();
  mainIssuer = await startIssuer(mainDir);
});

after(async () => {
  for (const s of sources) s.close();
  for (const c of rawClients) c.close();
  await Promise.all(issuers.map((i) => i.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("Workload API server: the security header", () => {
  test("FetchX509SVID without the header answers INVALID_ARGUMENT", async () => {
    const c = rawClient(devSocketPath(mainDir, "nexus"));
    const err = await streamError(c.FetchX509SVID({}));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.match(err.details, /security header missing.*workload\.spiffe\.io: true/);
  });

  test("FetchX509Bundles without the header answers INVALID_ARGUMENT", async () => {
    const c = rawClient(devSocketPath(mainDir, "nexus"));
    const err = await streamError(c.FetchX509Bundles({}));
    assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
    assert.match(err.details, /workload\.spiffe\.io/);
  });

  test("a header with another value than \"true\" is no header", async () => {
    const c = rawClient(devSocketPath(mainDir, "nexus"));
    for (const value of ["yes", "TRUE", "1"]) {
      const err = await streamError(c.FetchX509SVID({}, header(value)));
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT, `value ${value}`);
    }
  });

  test("with the header: an SVID for the socket's identity whose chain verifies against the bundle sent", async () => {
    const c = rawClient(devSocketPath(mainDir, "nexus"));
    const msg = await firstMessage(c.FetchX509SVID({}, header()));
    assert.equal(msg.svids.length, 1);
    const s = msg.svids[0];
    assert.ok(s !== undefined);
    assert.equal(s.spiffeId, NEXUS_ID);
    assert.ok(s.x509SvidKey.length > 0);

    const chain = splitConcatenatedDer(s.x509Svid).map((d) => new X509Certificate(d));
    const bundleCerts = splitConcatenatedDer(s.bundle).map((d) => new X509Certificate(d));
    assert.equal(bundleCerts.length, 1);
    assert.equal(bundleCerts[0]?.fingerprint256, mainIssuer.ca.cert.fingerprint256);
    const bundles: X509Bundles = new Map([[TD, bundleCerts]]);
    assert.equal(verifyX509Svid(chain, bundles).text, NEXUS_ID);

    // And the client-side parser agrees (ID announced = ID in the certificate, key belongs to the leaf).
    const ctx = parseX509SvidResponse(msg);
    assert.equal(ctx.svids[0]?.id.text, NEXUS_ID);
    assert.deepEqual([...ctx.bundles.keys()], [TD]);
  });

  test("with the header: FetchX509Bundles sends the trust domain's bundle, and the SVID verifies against it", async () => {
    const c = rawClient(devSocketPath(mainDir, "pilot"));
    const bundlesMsg = await firstMessage(c.FetchX509Bundles({}, header()));
    assert.deepEqual(Object.keys(bundlesMsg.bundles), [`spiffe://${TD}`]);
    const bundles = parseX509BundlesResponse(bundlesMsg);
    assert.equal(bundles.get(TD)?.[0]?.fingerprint256, mainIssuer.ca.cert.fingerprint256);

    const svidMsg = await firstMessage(c.FetchX509SVID({}, header()));
    const chain = splitConcatenatedDer(svidMsg.svids[0]?.x509Svid ?? Buffer.alloc(0)).map((d) => new X509Certificate(d));
    assert.equal(verifyX509Svid(chain, bundles).text, PILOT_ID);
  });

  test("FetchJWTSVID answers UNIMPLEMENTED", async () => {
    const c = rawClient(devSocketPath(mainDir, "nexus"));
    const err = await new Promise<grpc.ServiceError | null>((resolve) => {
      c.FetchJWTSVID({ audience: ["spike"], spiffeId: "" }, header(), (e) => resolve(e));
    });
    assert.ok(err !== null, "FetchJWTSVID should fail");
    assert.equal(err.code, grpc.status.UNIMPLEMENTED);
    assert.match(err.details, /X\.509-SVIDs only/);
  });
});

describe("workloadApiSource against the dev issuer", () => {
  test("becomes ready with the registered SPIFFE ID, one identity per socket", async () => {
    const nexus = source(`unix://${devSocketPath(mainDir, "nexus")}`);
    const pilot = source(`unix://${devSocketPath(mainDir, "pilot")}`);
    await Promise.all([nexus.ready(5000), pilot.ready(5000)]);
    assert.equal(nexus.svid().id.text, NEXUS_ID);
    assert.equal(pilot.svid().id.text, PILOT_ID);
    assert.equal(verifyX509Svid(nexus.svid().chain, nexus.bundles()).text, NEXUS_ID);
    assert.equal(nexus.bundles().get(TD)?.[0]?.fingerprint256, mainIssuer.ca.cert.fingerprint256);
    assert.match(nexus.svid().keyPem, /^-----BEGIN PRIVATE KEY-----/);
  });

  test("sockets are 0600, the agent and CA directories 0700, the CA key 0600", () => {
    assert.equal(mode(mainDir).toString(8), "700");
    assert.equal(mode(join(mainDir, "agent")).toString(8), "700");
    assert.equal(mode(join(mainDir, "ca")).toString(8), "700");
    assert.equal(mode(join(mainDir, "ca", "ca_key.pem")).toString(8), "600");
    for (const reg of defaultRegistrations(TD, 1)) {
      const sock = devSocketPath(mainDir, reg.name);
      assert.ok(statSync(sock).isSocket(), `${sock} is a socket`);
      assert.equal(mode(sock).toString(8), "600", sock);
    }
  });
});

describe("rotation", () => {
  test("a short-lived SVID is replaced at half-life and onUpdate fires with the new full state", async () => {
    const dir = tempDir();
    const rotated: string[] = [];
    const ttlMs = 2000;
    await startIssuer(dir, {
      registrations: [{ name: "nexus", spiffeId: NEXUS_ID }],
      svidTtlMs: ttlMs,
      onRotate: (name, svid) => {
        if (name === "nexus") rotated.push(new X509Certificate(svid.certDer).serialNumber);
      },
    });
    const s = source(`unix://${devSocketPath(dir, "nexus")}`);
    await s.ready(5000);
    const first = serial(s);
    const firstNotAfter = s.svid().notAfter.getTime();
    const seen: string[] = [];
    s.onUpdate(() => seen.push(serial(s)));

    // Renewal is due at half-life, at most 1 s from now.
    await until(() => serial(s) !== first, 1500, "the first rotation");
    const second = serial(s);
    await until(() => seen.includes(second), 500, "onUpdate after the first rotation");
    assert.ok(rotated.includes(second), "the source holds an SVID the issuer rotated to");

    // Full state: the old SVID is gone, not kept alongside; the bundle is still there.
    assert.equal(s.current().svids.length, 1);
    assert.equal(s.svid().id.text, NEXUS_ID);
    assert.ok(s.svid().notAfter.getTime() > firstNotAfter);
    assert.deepEqual([...s.bundles().keys()], [TD]);
    assert.equal(verifyX509Svid(s.svid().chain, s.bundles()).text, NEXUS_ID);

    // And it keeps rotating.
    await until(() => serial(s) !== second, 1500, "the second rotation");
    assert.notEqual(serial(s), first);
    assert.ok(rotated.includes(serial(s)));
    assert.ok(rotated.indexOf(serial(s)) > rotated.indexOf(second), "rotations arrive in order");
  });
});

describe("reconnect", () => {
  test("after the issuer stops and starts again on the same dir, the same source gets a fresh SVID from the same CA", async () => {
    const dir = tempDir();
    const first = await startIssuer(dir);
    const errors: { message: string; final: boolean }[] = [];
    const s = source(`unix://${devSocketPath(dir, "nexus")}`, (err, final) => errors.push({ message: err.message, final }));
    await s.ready(5000);
    const before = serial(s);
    const bundleBefore = s.bundles();
    let updates = 0;
    s.onUpdate(() => updates++);

    await first.stop();
    const second = await startIssuer(dir);
    assert.equal(second.ca.cert.fingerprint256, first.ca.cert.fingerprint256, "the CA was persisted and reused");

    await until(() => serial(s) !== before, 5000, "an SVID from the restarted issuer");
    assert.ok(updates >= 1);
    assert.equal(s.svid().id.text, NEXUS_ID);
    // Same CA: the new SVID verifies against the bundle the source held before the restart.
    assert.equal(verifyX509Svid(s.svid().chain, bundleBefore).text, NEXUS_ID);
    assert.ok(errors.length >= 1, "the outage was reported");
    assert.ok(errors.every((e) => !e.final), "an outage is never final");
    assert.ok(errors.every((e) => e.message.includes(devSocketPath(dir, "nexus"))), "errors name the address");
  });
});

describe("acquisition timeout", () => {
  test("a source on a socket where nothing listens rejects ready() with SourceTimeoutError naming the address", async () => {
    const dir = tempDir();
    const address = `unix://${join(dir, "nobody-home.sock")}`;
    const s = source(address);
    const t0 = Date.now();
    await assert.rejects(s.ready(300), (e: unknown) => {
      assert.ok(e instanceof SourceTimeoutError, `expected SourceTimeoutError, got ${String(e)}`);
      assert.ok(e.message.includes(address), e.message);
      assert.match(e.message, /within 300 ms/);
      return true;
    });
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 290 && elapsed < 2000, `took ${elapsed} ms`);
    assert.equal(s.isReady(), false);
    assert.throws(() => s.svid(), /no X\.509-SVID yet from the Workload API at unix:\/\//);
  });
});

describe("a second dev CA", () => {
  test("SVIDs from another dev issuer (same trust domain name, other CA) do not verify against the first bundle", async () => {
    const otherDir = tempDir();
    const other = await startIssuer(otherDir);
    assert.notEqual(other.ca.cert.fingerprint256, mainIssuer.ca.cert.fingerprint256);
    assert.equal(other.ca.trustDomain, mainIssuer.ca.trustDomain);

    const ours = source(`unix://${devSocketPath(mainDir, "nexus")}`);
    const theirs = source(`unix://${devSocketPath(otherDir, "nexus")}`);
    await Promise.all([ours.ready(5000), theirs.ready(5000)]);
    assert.equal(theirs.svid().id.text, NEXUS_ID, "the impostor claims the very same ID");

    assert.equal(verifyX509Svid(theirs.svid().chain, theirs.bundles()).text, NEXUS_ID);
    assert.throws(() => verifyX509Svid(theirs.svid().chain, ours.bundles()), (e: unknown) => {
      assert.ok(e instanceof SvidError);
      assert.equal(e.rule, "untrusted");
      return true;
    });
    assert.throws(() => verifyX509Svid(ours.svid().chain, theirs.bundles()), (e: unknown) => e instanceof SvidError && e.rule === "untrusted");
  });
});

describe("openDevCa", () => {
  test("a different trust domain on an existing dir is refused with a message naming both", async () => {
    await assert.rejects(openDevCa(mainDir, "other.org"), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /trust domain spike\.ist, not other\.org/);
      assert.ok(e.message.includes(join(mainDir, "ca")), e.message);
      return true;
    });
  });

  test("the same trust domain reopens the same CA", async () => {
    const ca = await openDevCa(mainDir, TD);
    assert.equal(ca.cert.fingerprint256, mainIssuer.ca.cert.fingerprint256);
  });

  test("a CA key readable by others is refused", async () => {
    const dir = tempDir();
    await openDevCa(dir, TD);
    const keyPath = join(dir, "ca", "ca_key.pem");
    chmodSync(keyPath, 0o644);
    await assert.rejects(openDevCa(dir, TD), (e: unknown) => e instanceof Error && e.message.includes(`${keyPath} is readable by others`));
  });
});
