// The root key's lifecycle with real processes: three spike-keeper daemons, spike-nexus on a real PostgreSQL, and
// the spike CLI. Nexus killed with SIGKILL comes back ready with no human; Keepers down, frozen or restarted; the
// whole cluster lost and restored from share files; foreign shares refused.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { closeAdmin, freePort, freshDatabase, type FreshDatabase } from "../harness/postgres.js";
import { killAll, run, startDaemon, type Daemon } from "../harness/processes.js";

const TD = "spike.ist";
let dir: string;
let issuer: DevIssuer;
let pg: FreshDatabase;
let nexusPort: number;
let keeperPorts: number[];
const keepers: Array<Daemon | undefined> = [];
let nexus: Daemon | undefined;

const socket = (name: string): string => `unix://${devSocketPath(dir, name)}`;
const peers = (): string => keeperPorts.map((p, i) => `127.0.0.1:${p}=spiffe://${TD}/spike/keeper/${i + 1}`).join(",");

async function startKeeper(i: number): Promise<void> {
  const d = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: socket(`keeper-${i + 1}`), SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${keeperPorts[i]}` });
  keepers[i] = d;
  await d.waitFor(/Keeper is listening/);
}

async function startNexus(env: Record<string, string> = {}): Promise<Daemon> {
  const d = startDaemon("nexus", [], {
    SPIFFE_ENDPOINT_SOCKET: socket("nexus"),
    SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${nexusPort}`,
    DB_CONNECTION_URI: pg.uri,
    SPIKE_NEXUS_KEEPER_PEERS: peers(),
    SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: "500ms",
    ...env,
  });
  nexus = d;
  await d.waitFor(/Nexus is listening/);
  return d;
}

const spike = (args: string[], role = "pilot") => run("pilot", args, { SPIFFE_ENDPOINT_SOCKET: socket(role), SPIKE_NEXUS_API_URL: `127.0.0.1:${nexusPort}` });

interface Status { readiness: string; reason: string; keepers: Array<{ shareId: number; hasShare: boolean; lastContactTime: string | null }> }

/** Every Keeper seen holding its share in a contact after `since` (an older "holds" may predate a restart). */
const allSeededSince = (since: number) => (s: Status): boolean =>
  s.keepers.every((k) => k.hasShare && k.lastContactTime !== null && Date.parse(k.lastContactTime) > since);
async function status(): Promise<Status> {
  const r = await spike(["operator", "status", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Status;
}

async function until(what: string, check: (s: Status) => boolean, ms = 20_000): Promise<Status> {
  const deadline = Date.now() + ms;
  let last: Status | undefined;
  while (Date.now() < deadline) {
    last = await status();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last)}`);
}

const ready = (s: Status): boolean => s.readiness === "READINESS_READY";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "spike-rootkey-"));
  issuer = await DevIssuer.start({ devDir: dir, trustDomain: TD, registrations: defaultRegistrations(TD, 3) });
  pg = await freshDatabase();
  nexusPort = await freePort();
  keeperPorts = [await freePort(), await freePort(), await freePort()];
  await Promise.all([0, 1, 2].map(startKeeper));
  await startNexus();
});

after(async () => {
  for (const k of keepers) await k?.stop("SIGKILL");
  await nexus?.stop("SIGKILL");
  killAll();
  await issuer?.stop();
  await pg?.drop();
  await closeAdmin();
  rmSync(dir, { recursive: true, force: true });
});

describe("root key lifecycle with real processes", () => {
  test("before bootstrap Nexus says so; bootstrap shares the key; a second bootstrap is refused (exit 7)", async () => {
    const s = await until("not bootstrapped", (x) => x.readiness === "READINESS_NOT_BOOTSTRAPPED");
    assert.match(s.reason, /spike operator bootstrap/);
    const put = await spike(["secret", "put", "early/x", "a=1"]);
    assert.equal(put.code, 6);
    assert.match(put.stderr, /not ready: .*not bootstrapped/);
    const tokenFile = join(dir, "admin-token");
    const boot = await spike(["operator", "bootstrap", "--token-file", tokenFile]);
    assert.equal(boot.code, 0, boot.stderr);
    assert.match(readFileSync(tokenFile, "utf8"), /^spike_at_[0-9a-f]{32}_/);
    const after = await status();
    assert.ok(ready(after));
    assert.deepEqual(after.keepers.map((k) => k.hasShare), [true, true, true]);
    const again = await spike(["operator", "bootstrap"]);
    assert.equal(again.code, 7);
    assert.match(again.stderr, /already bootstrapped/);
    assert.equal((await spike(["secret", "put", "apps/db", "password=one"])).code, 0);
  });

  test("Nexus killed with SIGKILL comes back ready with no human, secrets intact", async () => {
    await nexus?.stop("SIGKILL");
    await startNexus();
    await until("ready after restart", ready);
    const get = await spike(["secret", "get", "apps/db", "password"]);
    assert.equal(get.stdout, "one\n");
  });

  test("one of three Keepers down: Nexus still recovers from the other two", async () => {
    await keepers[0]?.stop("SIGKILL");
    await nexus?.stop("SIGKILL");
    await startNexus();
    await until("ready with keeper 1 down", ready);
    await startKeeper(0);
    const s = await until("keeper 1 re-seeded", allSeededSince(Date.now()));
    assert.ok(ready(s));
  });

  test("two Keepers unreachable: Nexus waits with the reason, and recovers when one answers again", async () => {
    keepers[1]?.child.kill("SIGSTOP");
    keepers[2]?.child.kill("SIGSTOP");
    try {
      await nexus?.stop("SIGKILL");
      await startNexus();
      const waiting = await until("waiting for shares", (x) => x.readiness === "READINESS_WAITING_FOR_SHARES");
      assert.match(waiting.reason, /waiting for keepers: 1 of 2 shares/);
      assert.equal((await spike(["secret", "get", "apps/db"])).code, 6);
      keepers[1]?.child.kill("SIGCONT");
      await until("ready once keeper 2 answers", ready);
    } finally {
      keepers[1]?.child.kill("SIGCONT");
      keepers[2]?.child.kill("SIGCONT");
    }
  });

  test("every Keeper restarted (empty): a running Nexus re-seeds them all at once", async () => {
    for (const i of [0, 1, 2]) await keepers[i]?.stop("SIGKILL");
    await Promise.all([0, 1, 2].map(startKeeper));
    const restarted = Date.now();
    const s = await until("all re-seeded", allSeededSince(restarted), 15_000);
    assert.ok(ready(s));
    await nexus?.stop("SIGKILL");
    await startNexus();
    await until("ready from re-seeded keepers", ready);
  });

  test("Nexus and every Keeper lost: restore from two share files brings every secret back", async () => {
    const shareDir = join(dir, "shares");
    const rec = await spike(["operator", "recover", "--dir", shareDir], "pilot-recover");
    assert.equal(rec.code, 0, rec.stderr);
    const denied = await spike(["operator", "recover", "--dir", join(dir, "nope")]);
    assert.equal(denied.code, 4, "the superuser cannot recover");
    const early = await spike(["operator", "restore", "--file", join(shareDir, "spike-share-1.txt")], "pilot-restore");
    assert.equal(early.code, 7, "restore is refused while Nexus holds a key");

    await nexus?.stop("SIGKILL");
    for (const i of [0, 1, 2]) await keepers[i]?.stop("SIGKILL");
    await Promise.all([0, 1, 2].map(startKeeper));
    await startNexus();
    await until("waiting with empty keepers", (x) => x.readiness === "READINESS_WAITING_FOR_SHARES");
    const one = await spike(["operator", "restore", "--file", join(shareDir, "spike-share-1.txt")], "pilot-restore");
    assert.equal(one.code, 6, "one share is not enough yet");
    assert.match(one.stdout, /Collected 1 of 2/);
    const dup = await spike(["operator", "restore", "--file", join(shareDir, "spike-share-1.txt")], "pilot-restore");
    assert.equal(dup.code, 7, "a share already collected");
    const two = await spike(["operator", "restore", "--file", join(shareDir, "spike-share-3.txt")], "pilot-restore");
    assert.equal(two.code, 0, two.stderr);
    const restoredAt = Date.now();
    const s = await until("ready and keepers re-seeded", (x) => ready(x) && allSeededSince(restoredAt - 1000)(x));
    assert.ok(ready(s));
    assert.equal((await spike(["secret", "get", "apps/db", "password"])).stdout, "one\n");
  });

  test("shares of another root key are refused and discarded", async () => {
    // A second cluster with its own root key, to get foreign shares.
    const otherDir = mkdtempSync(join(tmpdir(), "spike-foreign-"));
    const otherPg = await freshDatabase();
    const otherIssuer = await DevIssuer.start({ devDir: otherDir, trustDomain: TD, registrations: defaultRegistrations(TD, 1) });
    const otherPort = await freePort();
    const otherKeeperPort = await freePort();
    const k = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(otherDir, "keeper-1")}`, SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${otherKeeperPort}` });
    const n = startDaemon("nexus", [], {
      SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(otherDir, "nexus")}`, SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${otherPort}`, DB_CONNECTION_URI: otherPg.uri,
      SPIKE_NEXUS_SHAMIR_SHARES: "1", SPIKE_NEXUS_SHAMIR_THRESHOLD: "1", SPIKE_NEXUS_KEEPER_PEERS: `127.0.0.1:${otherKeeperPort}=spiffe://${TD}/spike/keeper/1`,
    });
    try {
      await n.waitFor(/Nexus is listening/);
      const otherEnv = (role: string) => ({ SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(otherDir, role)}`, SPIKE_NEXUS_API_URL: `127.0.0.1:${otherPort}` });
      let boot = await run("pilot", ["operator", "bootstrap"], otherEnv("pilot"));
      for (let i = 0; boot.code !== 0 && i < 20; i++) {
        await new Promise((r) => setTimeout(r, 500));
        boot = await run("pilot", ["operator", "bootstrap"], otherEnv("pilot"));
      }
      assert.equal(boot.code, 0, boot.stderr);
      const foreignDir = join(otherDir, "shares");
      assert.equal((await run("pilot", ["operator", "recover", "--dir", foreignDir], otherEnv("pilot-recover"))).code, 0);

      // Our cluster, lost and waiting.
      await nexus?.stop("SIGKILL");
      for (const i of [0, 1, 2]) await keepers[i]?.stop("SIGKILL");
      await Promise.all([0, 1, 2].map(startKeeper));
      await startNexus();
      await until("waiting", (x) => x.readiness === "READINESS_WAITING_FOR_SHARES");
      const ours = join(dir, "shares");
      assert.equal((await spike(["operator", "restore", "--file", join(ours, "spike-share-2.txt")], "pilot-restore")).code, 6);
      const foreign = await spike(["operator", "restore", "--file", join(foreignDir, "spike-share-1.txt")], "pilot-restore");
      assert.equal(foreign.code, 5);
      assert.match(foreign.stderr, /do not rebuild the recorded root key.*discarded/);
      assert.notEqual((await status()).readiness, "READINESS_READY");
      // Everything was discarded: our two real shares are needed again, and then it works.
      assert.equal((await spike(["operator", "restore", "--file", join(ours, "spike-share-2.txt")], "pilot-restore")).code, 6);
      assert.equal((await spike(["operator", "restore", "--file", join(ours, "spike-share-3.txt")], "pilot-restore")).code, 0);
      await until("ready", ready);
    } finally {
      await n.stop("SIGKILL");
      await k.stop("SIGKILL");
      await otherIssuer.stop();
      await otherPg.drop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  test("the CLI's admin-token, rotate --root and destroy-prefix commands", async () => {
    const tokenFile = join(dir, "admin-token");
    const list = JSON.parse((await spike(["admin-token", "list", "--format", "json"])).stdout) as { tokens: Array<{ name: string }> };
    assert.deepEqual(list.tokens.map((t) => t.name), ["bootstrap"]);
    const noToken = await spike(["operator", "rotate", "--root"]);
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /needs an admin token/);
    const rotated = await spike(["operator", "rotate", "--root", "--admin-token-file", tokenFile, "--format", "json"]);
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.equal((JSON.parse(rotated.stdout) as { rootKeyGeneration: number }).rootKeyGeneration, 2);
    assert.equal((await spike(["secret", "get", "apps/db", "password"])).stdout, "one\n");
    const created = await spike(["admin-token", "create", "ops", "--admin-token-file", tokenFile, "--out", join(dir, "ops-token")]);
    assert.equal(created.code, 0, created.stderr);
    await spike(["secret", "put", "gone/a", "x=1"]);
    const dry = await spike(["secret", "destroy-prefix", "gone/", "--dry-run", "--admin-token-file", join(dir, "ops-token")]);
    assert.match(dry.stdout, /Would remove 1 secret \(1 versions\) under gone\//);
    const wrong = await spike(["secret", "destroy-prefix", "gone/", "--admin-token-file", join(dir, "no-such-file")]);
    assert.equal(wrong.code, 2);
  });

  test("a Keeper answering with the wrong SPIFFE ID is not used", async () => {
    // Nexus is told Keeper 1 lives where Keeper 2 answers: the pinned ID check refuses it.
    const swapped = `127.0.0.1:${keeperPorts[1]}=spiffe://${TD}/spike/keeper/1,127.0.0.1:${keeperPorts[0]}=spiffe://${TD}/spike/keeper/2,127.0.0.1:${keeperPorts[2]}=spiffe://${TD}/spike/keeper/3`;
    await nexus?.stop("SIGKILL");
    await startNexus({ SPIKE_NEXUS_KEEPER_PEERS: swapped });
    // Only Keeper 3 is where Nexus thinks it is: 1 of 2 shares, never a wrong key.
    const s = await until("waiting", (x) => x.readiness === "READINESS_WAITING_FOR_SHARES");
    assert.match(s.reason, /1 of 2 shares/);
    assert.match(nexus?.output() ?? "", /server SPIFFE ID is spiffe:\/\/spike\.ist\/spike\/keeper\/2, want spiffe:\/\/spike\.ist\/spike\/keeper\/1/);
  });
});
