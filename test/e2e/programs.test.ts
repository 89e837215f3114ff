// The real programs as real processes: spike-nexus, spike-keeper and spike, with identities from a dev issuer.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { killAll, run, startDaemon, type Daemon } from "../harness/processes.js";
import { closeAdmin, freshDatabase, type FreshDatabase } from "../harness/postgres.js";

const TD = "spike.ist";
let dir: string;
let issuer: DevIssuer;
let nexus: Daemon;
let nexusPort: number;
let keeper: Daemon;
let keeperPort: number;
let pg: FreshDatabase;

const socket = (name: string): string => `unix://${devSocketPath(dir, name)}`;
const listeningPort = async (d: Daemon, what: string): Promise<number> => {
  const line = await d.waitFor(new RegExp(`${what} is listening[^\\n]*"address":"127\\.0\\.0\\.1:(\\d+)"`));
  return Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "spike-e2e-"));
  issuer = await DevIssuer.start({
    devDir: dir,
    trustDomain: TD,
    registrations: [
      ...defaultRegistrations(TD, 1),
      { name: "keeper-nonumber", spiffeId: `spiffe://${TD}/spike/keeper` },
    ],
  });
  pg = await freshDatabase();
  nexus = startDaemon("nexus", [], { SPIFFE_ENDPOINT_SOCKET: socket("nexus"), SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", DB_CONNECTION_URI: pg.uri });
  keeper = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: socket("keeper-1"), SPIKE_KEEPER_TLS_PORT: "127.0.0.1:0" });
  [nexusPort, keeperPort] = await Promise.all([listeningPort(nexus, "Nexus"), listeningPort(keeper, "Keeper")]);
});

after(async () => {
  await nexus?.stop();
  await keeper?.stop();
  killAll();
  await issuer?.stop();
  await pg?.drop();
  await closeAdmin();
  rmSync(dir, { recursive: true, force: true });
});

const pilotEnv = (extra: Record<string, string> = {}): Record<string, string> => ({ SPIKE_DEV_DIR: dir, SPIKE_NEXUS_API_URL: `127.0.0.1:${nexusPort}`, ...extra });

describe("spike status", () => {
  test("reaches Nexus with the Pilot SVID from the dev issuer and says it is serving", async () => {
    const r = await run("pilot", ["status"], pilotEnv());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Nexus at 127\\.0\\.0\\.1:${nexusPort} \\(spiffe://${TD}/spike/nexus\\) is SERVING`));
  });

  test("--format json and yaml parse with standard tools", async () => {
    const json = await run("pilot", ["status", "--format", "json"], pilotEnv());
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { nexus: `127.0.0.1:${nexusPort}`, spiffeId: `spiffe://${TD}/spike/nexus`, status: "SERVING", client: `spiffe://${TD}/spike/pilot/role/superuser` });
    const yaml = await run("pilot", ["status", "--format", "yaml"], pilotEnv());
    assert.equal((parseYaml(yaml.stdout) as { status: string }).status, "SERVING");
  });

  test("pointed at a Keeper, refuses it by SPIFFE ID (exit 9) and says whom it found", async () => {
    const r = await run("pilot", ["status"], pilotEnv({ SPIKE_NEXUS_API_URL: `127.0.0.1:${keeperPort}` }));
    assert.equal(r.code, 9);
    assert.match(r.stderr, new RegExp(`server SPIFFE ID is spiffe://${TD}/spike/keeper/1, want spiffe://${TD}/spike/nexus`));
  });

  test("unreachable Nexus: exit 6 with the reason", async () => {
    const r = await run("pilot", ["status"], pilotEnv({ SPIKE_NEXUS_API_URL: `127.0.0.1:${await freePort()}` }));
    assert.equal(r.code, 6);
    assert.match(r.stderr, /cannot reach Nexus at 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  test("nothing configured and no dev stack: Nexus is unreachable (exit 6), and it says how to start one", async () => {
    const r = await run("pilot", ["status"], { SPIKE_DEV_DIR: join(dir, "nowhere") });
    assert.equal(r.code, 6, r.stderr);
    assert.match(r.stderr, /no dev stack is running/);
    assert.match(r.stderr, /npm start/);
  });

  test("a Nexus address but no SVID source: exit 9 with what to set", async () => {
    const r = await run("pilot", ["status"], { SPIKE_DEV_DIR: join(dir, "nowhere"), SPIKE_NEXUS_API_URL: `127.0.0.1:${nexusPort}` });
    assert.equal(r.code, 9, r.stderr);
    assert.match(r.stderr, /no SVID source: SPIFFE_ENDPOINT_SOCKET is not set/);
  });

  test("a Workload API that never answers: a clear timeout (exit 9), not a hang", async () => {
    const started = Date.now();
    const r = await run("pilot", ["status"], { SPIFFE_ENDPOINT_SOCKET: `unix://${join(dir, "silent.sock")}`, SPIKE_SPIFFE_SOURCE_TIMEOUT: "500ms" });
    assert.equal(r.code, 9);
    assert.match(r.stderr, /no X\.509-SVID from the Workload API at unix:\/\/.*silent\.sock within 500 ms/);
    assert.ok(Date.now() - started < 10_000);
  });

  test("usage errors exit 2 with a suggestion; a bad environment value names the variable", async () => {
    const typo = await run("pilot", ["stauts"], {});
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean status\?/);
    const badFormat = await run("pilot", ["status", "--format", "xml"], pilotEnv());
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /Allowed choices are human, json, yaml/);
    const badEnv = await run("pilot", ["status"], { SPIKE_NEXUS_API_URL: "not an address" });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /SPIKE_NEXUS_API_URL/);
  });
});

describe("daemons refuse to start with the wrong identity or configuration", () => {
  const failsWith = async (program: "nexus" | "keeper", env: Record<string, string>, pattern: RegExp): Promise<void> => {
    const r = await run(program, [], env);
    assert.equal(r.code, 1, `${program} should exit 1: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  };

  test("Nexus holding the Pilot's SVID", () =>
    failsWith("nexus", { SPIFFE_ENDPOINT_SOCKET: socket("pilot"), SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0" }, new RegExp(`refusing to start: this program's SPIFFE ID is spiffe://${TD}/spike/pilot/role/superuser, but a nexus must be spiffe://${TD}/spike/nexus`)));

  test("a Keeper holding Nexus's SVID", () =>
    failsWith("keeper", { SPIFFE_ENDPOINT_SOCKET: socket("nexus"), SPIKE_KEEPER_TLS_PORT: "127.0.0.1:0" }, /a keeper must be/));

  test("a Keeper whose ID carries no share number", () =>
    failsWith("keeper", { SPIFFE_ENDPOINT_SOCKET: socket("keeper-nonumber"), SPIKE_KEEPER_TLS_PORT: "127.0.0.1:0" }, /must end in its share number/));

  test("missing SVID files are named", () =>
    failsWith("nexus", { SPIKE_SVID_CERT_FILE: join(dir, "no-cert.pem"), SPIKE_SVID_KEY_FILE: join(dir, "no-key.pem"), SPIKE_SVID_BUNDLE_FILE: join(dir, "no-bundle.pem") }, /no-cert\.pem \(ENOENT\)/));

  test("a bad listen address names the variable", () =>
    failsWith("nexus", { SPIFFE_ENDPOINT_SOCKET: socket("nexus"), SPIKE_NEXUS_TLS_PORT: "nope" }, /SPIKE_NEXUS_TLS_PORT: \\?"nope\\?" is not host:port/));

  test("a malformed Workload API address names the rule", () =>
    failsWith("nexus", { SPIFFE_ENDPOINT_SOCKET: "tcp://localhost:1" }, /a tcp address needs an IP/));
});

describe("SVID files instead of the Workload API", () => {
  test("`spike dev svid` writes files that Nexus starts from, and Nexus stops cleanly on SIGTERM", async () => {
    const out = join(dir, "nexus-files");
    const w = await run("pilot", ["dev", "svid", "--id", `spiffe://${TD}/spike/nexus`, "--out", out], { SPIKE_DEV_DIR: dir });
    assert.equal(w.code, 0, w.stderr);
    for (const f of ["svid.pem", "svid_key.pem", "bundle.pem"]) assert.ok(existsSync(join(out, f)), f);
    const d = startDaemon("nexus", [], {
      SPIKE_SVID_CERT_FILE: join(out, "svid.pem"),
      SPIKE_SVID_KEY_FILE: join(out, "svid_key.pem"),
      SPIKE_SVID_BUNDLE_FILE: join(out, "bundle.pem"),
      SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0",
      DB_CONNECTION_URI: pg.uri,
    });
    const port = await listeningPort(d, "Nexus");
    const r = await run("pilot", ["status"], pilotEnv({ SPIKE_NEXUS_API_URL: `127.0.0.1:${port}` }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await d.stop("SIGTERM"), 0);
  });
});

describe("spike dev up", () => {
  test("starts issuer, Keepers and Nexus; refuses a second stack; Ctrl-C stops everything", async () => {
    const devDir = join(dir, "stack");
    const [np, kp] = [await freePort(), await freePort()];
    // A dev directory of its own under an untouched HOME: everything the stack keeps, its database included, lives there.
    const home = join(dir, "home");
    mkdirSync(home);
    const up = startDaemon("pilot", ["dev", "up", "--keepers", "2", "--nexus-port", String(np), "--keeper-port", String(kp)], { SPIKE_DEV_DIR: devDir, HOME: home });
    try {
      await up.waitFor(/The dev stack is up/, 90_000);
      assert.ok(existsSync(join(devDir, "pglite")), "the embedded database is in the dev directory");
      assert.deepEqual(readdirSync(home), [], "nothing is written under HOME");
      const status = await run("pilot", ["status"], { SPIKE_DEV_DIR: devDir, SPIKE_NEXUS_API_URL: `127.0.0.1:${np}` });
      assert.equal(status.code, 0, status.stderr);
      const second = await run("pilot", ["dev", "up", "--nexus-port", String(np)], { SPIKE_DEV_DIR: devDir });
      assert.equal(second.code, 7);
      assert.match(second.stderr, /a dev stack is already running/);
      assert.equal(await up.stop("SIGINT"), 0);
      const after = await run("pilot", ["status"], { SPIKE_DEV_DIR: devDir, SPIKE_NEXUS_API_URL: `127.0.0.1:${np}`, SPIKE_SPIFFE_SOURCE_TIMEOUT: "1s" });
      assert.notEqual(after.code, 0, "nothing may still be serving after Ctrl-C");
      assert.ok(!existsSync(join(devDir, "stack.pid")), "the lock is released");
    } finally {
      await up.stop("SIGKILL");
    }
  });
});
