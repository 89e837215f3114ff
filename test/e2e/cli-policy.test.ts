// `spike policy` as a real process against an in-process Nexus: a policy from flags and one from a YAML file
// grant a workload exactly what they say; bad patterns and unknown permissions are refused; delete needs --yes
// when there is no terminal to confirm on.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { run } from "../harness/processes.js";
import { TD, cliEnvFor, startTestNexus, type TestNexus } from "../harness/nexus.js";

let t: TestNexus;
let dir: string;
const envs: Record<string, Record<string, string>> = {};

async function identity(name: string, spiffeId: string): Promise<void> {
  envs[name] = await cliEnvFor(t, dir, name, spiffeId);
}
const spike = (args: string[], who = "superuser") => run("pilot", args, envs[who] ?? {});

before(async () => {
  t = await startTestNexus("postgres");
  dir = mkdtempSync(join(tmpdir(), "spike-cli-policy-"));
  await identity("superuser", `spiffe://${TD}/spike/pilot/role/superuser`);
  await identity("billing", `spiffe://${TD}/workload/billing`);
});

after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("policies from flags and from a YAML file grant a workload exactly what they say", async () => {
  assert.equal((await spike(["secret", "put", "apps/billing/db", "password=p"])).code, 0);
  assert.equal((await spike(["secret", "put", "apps/other/db", "password=q"])).code, 0);
  assert.equal((await spike(["secret", "get", "apps/billing/db", "password"], "billing")).code, 4, "no grant yet");

  const created = await spike(["policy", "create", "--name", "billing-read", "--spiffe-id-pattern", "^spiffe://spike\\.ist/workload/billing$", "--path-pattern", "^apps/billing/.*$", "--permissions", "read"]);
  assert.equal(created.code, 0, created.stderr);
  assert.equal((await spike(["secret", "get", "apps/billing/db", "password"], "billing")).stdout, "p\n");
  assert.equal((await spike(["secret", "get", "apps/other/db"], "billing")).code, 4, "only the paths the policy names");
  assert.equal((await spike(["secret", "put", "apps/billing/db", "password=x"], "billing")).code, 4, "read does not grant write");

  const file = join(dir, "list.yaml");
  writeFileSync(file, "name: billing-list\nspiffeIdPattern: ^spiffe://spike\\.ist/workload/billing$\npathPattern: ^apps/billing/.*$\npermissions: [list]\n");
  const applied = await spike(["policy", "apply", "--file", file]);
  assert.equal(applied.code, 0, applied.stderr);
  assert.equal((await spike(["secret", "list"], "billing")).stdout, "apps/billing/db\n", "list shows only permitted paths");

  const listed = JSON.parse((await spike(["policy", "list", "--format", "json"])).stdout) as { policies: Array<{ name: string }> };
  assert.deepEqual(listed.policies.map((p) => p.name).sort(), ["billing-list", "billing-read"]);
});

test("bad input is refused with the reason; delete needs --yes without a terminal", async () => {
  const badPerm = await spike(["policy", "create", "--name", "x", "--spiffe-id-pattern", "^spiffe://spike\\.ist/workload/x$", "--path-pattern", "^a$", "--permissions", "fly"]);
  assert.notEqual(badPerm.code, 0);
  assert.match(badPerm.stderr, /fly/);
  const badPattern = await spike(["policy", "create", "--name", "y", "--spiffe-id-pattern", "^spiffe://spike\\.ist/workload/(x$", "--path-pattern", "^a$", "--permissions", "read"]);
  assert.equal(badPattern.code, 5);
  const again = await spike(["policy", "create", "--name", "billing-read", "--spiffe-id-pattern", "^spiffe://spike\\.ist/workload/billing$", "--path-pattern", "^a$", "--permissions", "read"]);
  assert.equal(again.code, 7, "create refuses an existing name");
  const noYes = await spike(["policy", "delete", "billing-read"]);
  assert.equal(noYes.code, 2);
  assert.match(noYes.stderr, /--yes/);
  assert.equal((await spike(["policy", "delete", "billing-read", "--yes"])).code, 0);
  assert.equal((await spike(["secret", "get", "apps/billing/db"], "billing")).code, 4, "the grant went with the policy");
});
