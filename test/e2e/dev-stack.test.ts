// `npm start` from a clean slate, as a newcomer meets it: a temporary HOME (so the dev directory, the CA, the
// Keepers' identities and Nexus's PGlite data are all new) and the checkout's build (what `npm start` runs after
// `npm install`; copying or cloning the repository would only add a rebuild to the same code). Then `spike` from a
// second process with no environment but HOME, Ctrl-C, a second start on the same data, and the secret is still
// there. Free ports are picked so a developer's own dev stack is never disturbed.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { cleanEnv, killAll, run, startDaemon, type Daemon } from "../harness/processes.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "spike-home-"));
const devDir = join(home, ".spike", "dev");
const env = { HOME: home };

after(() => {
  killAll();
  rmSync(home, { recursive: true, force: true });
});

async function freePorts(n: number): Promise<number[]> {
  // Consecutive ports for the Keepers: probe a random base until n in a row are free.
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const ok = await Promise.all(Array.from({ length: n }, (_, i) => new Promise<boolean>((resolve) => {
      const s = createServer().once("error", () => resolve(false)).listen(base + i, "127.0.0.1", () => s.close(() => resolve(true)));
    })));
    if (ok.every(Boolean)) return Array.from({ length: n }, (_, i) => base + i);
  }
}

/** `npm start` itself when testing the build (its build check finds dist/ fresh), else `spike dev up` via tsx. */
function start(args: string[]): Daemon {
  if (process.env.SPIKE_TEST_DIST !== "1") return startDaemon("pilot", ["dev", "up", ...args], env);
  const child = spawn(process.execPath, [join(root, "scripts", "start.mjs"), ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  return {
    child,
    output: () => out,
    waitFor: async (pattern, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out);
        if (m) return m[0];
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => { c.destroy(); resolve(false); });
    c.once("error", () => resolve(true));
  });

test("npm start: first run bootstraps, a CLI with no env uses it, Ctrl-C stops all, a restart keeps the data", { timeout: 180_000 }, async () => {
  const [nexusPort, ...keeperPorts] = await freePorts(4);
  const args = ["--nexus-port", String(nexusPort), "--keeper-port", String(keeperPorts[0])];
  const started = Date.now();
  const first = start(args);
  await first.waitFor(/The dev stack is up/, 120_000);
  const lap = (what: string): void => console.log(`# ${what}: ${Date.now() - started} ms`);
  lap("first start ready");
  assert.match(first.output(), /First run: bootstrapped the root key/);
  assert.match(first.output(), /npx spike secret put/);
  assert.match(first.output(), /SPIKE_NEXUS_API_URL/, "tells how to point spike at a real deployment");
  // Secrets on disk are private to the user.
  assert.equal(statSync(join(devDir, "admin-token")).mode & 0o777, 0o600);
  const shares = readdirSync(join(devDir, "recovery"));
  assert.equal(shares.length, 3);
  for (const f of shares) assert.equal(statSync(join(devDir, "recovery", f)).mode & 0o777, 0o600);

  // A second terminal: no SPIKE_* at all, only the same HOME.
  const put = await run("pilot", ["secret", "put", "apps/demo", "password=s3cret"], env);
  assert.equal(put.code, 0, put.stderr);
  const got = await run("pilot", ["secret", "get", "apps/demo", "password"], env);
  assert.equal(got.stdout, "s3cret\n", got.stderr);

  // A second `npm start` while one runs: a clear message and exit 7, no second stack.
  const second = await run("pilot", ["dev", "up", ...args], env);
  assert.equal(second.code, 7, second.stderr);
  assert.match(second.stderr, /a dev stack is already running from .* \(pid \d+\)/);

  lap("cli calls done");
  // Ctrl-C stops every process: the ports close and the lock and stack record are gone.
  assert.equal(await first.stop("SIGINT"), 0, first.output());
  for (const port of [nexusPort, ...keeperPorts.slice(0, 3)]) assert.ok(await refused(port as number), `port ${port} still open after Ctrl-C`);
  assert.equal(existsSync(join(devDir, "stack.pid")), false);
  assert.equal(existsSync(join(devDir, "stack.json")), false);
  const down = await run("pilot", ["secret", "get", "apps/demo"], env);
  assert.equal(down.code, 6, "with the stack down, Nexus is unreachable (exit 6)");
  assert.match(down.stderr, /no dev stack is running/);
  assert.match(down.stderr, /npm start/, "and it says how to start the stack");

  lap("stopped");
  // The same data again: the Keepers start empty, the stack restores the root key from the saved shares.
  const again = start(args);
  await again.waitFor(/The dev stack is up/, 60_000);
  assert.match(again.output(), /restored the root key/);
  lap("second start ready");
  const still = await run("pilot", ["secret", "get", "apps/demo", "password"], env);
  assert.equal(still.stdout, "s3cret\n", still.stderr);
  assert.equal(await again.stop("SIGINT"), 0);
  // Budget ≤ 40 s on a quiet machine; only reported here, since a loaded machine stretches PGlite's initdb.
  lap("done (budget 40 s on a quiet machine)");
});
