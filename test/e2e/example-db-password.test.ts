// examples/db-password as a real process: it reads its database user and password from a real Nexus with the SDK
// (SVID files for its own SPIFFE ID, a policy granting read) and connects to the machine's PostgreSQL with them.
// That PostgreSQL trusts loopback connections, so the password itself is not checked there; the user is, and
// only the secret names it.
import { spawn } from "node:child_process";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { pgp } from "../../nexus/store/database.js";
import { unary } from "../../pilot/client/connect.js";
import { cliEnvFor, startTestNexus, TD, type TestNexus } from "../harness/nexus.js";
import { ADMIN_URI } from "../harness/postgres.js";
import { cleanEnv, type Finished } from "../harness/processes.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "spike-example-"));
const role = `spike_example_${randomBytes(4).toString("hex")}`;
const password = randomBytes(12).toString("hex");
const admin = pgp(ADMIN_URI);
let t: TestNexus;

function runExample(env: Record<string, string>): Promise<Finished> {
  const js = join(root, "dist/examples/db-password/main.js");
  const argv = process.env.SPIKE_TEST_DIST === "1" && existsSync(js)
    ? [js]
    : ["--import", "tsx", "--conditions=spike-source", join(root, "examples/db-password/main.ts")];
  const child = spawn(process.execPath, [...argv, "--secret", "apps/db-password/postgres"], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  return new Promise((resolve) => child.on("exit", (code) => {
    clearTimeout(timer);
    setImmediate(() => resolve({ code, stdout, stderr }));
  }));
}

before(async () => {
  await admin.none("create role $1:name login password $2", [role, password]);
  t = await startTestNexus("postgres");
  await unary((md, o, cb) => t.superuser.secrets.Put({ path: "apps/db-password/postgres", data: { user: role, password }, customMetadata: null }, md, o, cb));
  await unary((md, o, cb) => t.superuser.policies.Create({
    policy: { name: "db-password", spiffeIdPattern: `^spiffe://spike\\.ist/workload/db-password$`, pathPattern: "^apps/db-password/.*$", permissions: ["PERMISSION_READ"] },
  }, md, o, cb));
});

after(async () => {
  await t?.close();
  await admin.none("drop role if exists $1:name", [role]);
  admin.$pool.end();
  rmSync(dir, { recursive: true, force: true });
});

test("the example reads its database credentials from Nexus and connects with them", async () => {
  const env = await cliEnvFor(t, dir, "db-password", `spiffe://${TD}/workload/db-password`);
  const r = await runExample(env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`connected to PostgreSQL at 127\\.0\\.0\\.1:5432 as ${role} \\(database postgres\\)`));
  assert.ok(!r.stdout.includes(password) && !r.stderr.includes(password), "the password is never printed");
});

test("a workload without a policy for the secret is refused, with the typed code", async () => {
  const env = await cliEnvFor(t, dir, "stranger", `spiffe://${TD}/workload/stranger`);
  const r = await runExample(env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Nexus: permission_denied/);
  assert.doesNotMatch(r.stdout, /connected/);
});
