// The `spike secret` commands as a real process, against an in-process Nexus with a real database: output in each
// format parses with standard tools, and each failure class has its exit code.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
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
  dir = mkdtempSync(join(tmpdir(), "spike-cli-"));
  await identity("superuser", `spiffe://${TD}/spike/pilot/role/superuser`);
  await identity("workload", `spiffe://${TD}/workload/billing`);
});

after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("spike secret", () => {
  test("put, get a key, get as json and yaml", async () => {
    const w = await spike(["secret", "put", "apps/db", "user=billing", "password=p=q"]);
    assert.equal(w.code, 0, w.stderr);
    assert.match(w.stdout, /Wrote version 1 of apps\/db/);
    const one = await spike(["secret", "get", "apps/db", "password"]);
    assert.equal(one.stdout, "p=q\n", "a value containing = survives");
    const json = JSON.parse((await spike(["secret", "get", "apps/db", "--format", "json"])).stdout) as { data: Record<string, string>; version: number };
    assert.deepEqual(json.data, { user: "billing", password: "p=q" });
    const yaml = parseYaml((await spike(["secret", "get", "apps/db", "--format", "yaml"])).stdout) as { version: number };
    assert.equal(yaml.version, 1);
    const human = await spike(["secret", "get", "apps/db"]);
    assert.equal(human.stdout, "password=p=q\nuser=billing\n");
  });

  test("check-and-set conflict exits 7; not found exits 3; invalid path exits 5; bad flag value exits 2", async () => {
    const conflict = await spike(["secret", "put", "apps/db", "a=1", "--cas", "0"]);
    assert.equal(conflict.code, 7);
    assert.match(conflict.stderr, /already exists/);
    const missing = await spike(["secret", "get", "apps/none"]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /no secret at apps\/none/);
    const missingKey = await spike(["secret", "get", "apps/db", "nokey"]);
    assert.equal(missingKey.code, 3);
    const invalid = await spike(["secret", "put", "/lead", "a=1"]);
    assert.equal(invalid.code, 5);
    assert.match(invalid.stderr, /must not start with/);
    const badFlag = await spike(["secret", "get", "apps/db", "--version", "abc"]);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /--version must be a whole number/);
    const badPair = await spike(["secret", "put", "apps/db", "novalue"]);
    assert.equal(badPair.code, 2);
  });

  test("a workload without a grant is denied (exit 4)", async () => {
    const denied = await spike(["secret", "get", "apps/db"], "workload");
    assert.equal(denied.code, 4);
    assert.match(denied.stderr, /workload\/billing may not call/);
  });

  test("list, delete, undelete, destroy, metadata", async () => {
    await spike(["secret", "put", "apps/db", "v=2"]);
    await spike(["secret", "put", "apps/cache", "v=1"]);
    const listed = await spike(["secret", "list", "apps/"]);
    assert.equal(listed.stdout, "apps/cache\napps/db\n");
    assert.deepEqual((JSON.parse((await spike(["secret", "list", "--format", "json"])).stdout) as { paths: string[] }).paths, ["apps/cache", "apps/db"]);
    assert.match((await spike(["secret", "delete", "apps/db"])).stdout, /Deleted version 2 of apps\/db/);
    assert.equal((await spike(["secret", "get", "apps/db"])).code, 3);
    assert.match((await spike(["secret", "undelete", "apps/db"])).stdout, /Undeleted version 2/);
    const destroyAll = await spike(["secret", "destroy", "apps/db"]);
    assert.equal(destroyAll.code, 5, "destroy needs explicit versions");
    assert.match((await spike(["secret", "destroy", "apps/db", "--versions", "1"])).stdout, /Destroyed version 1/);
    const meta = JSON.parse((await spike(["secret", "metadata", "get", "apps/db", "--format", "json"])).stdout) as { currentVersion: number; versions: Array<{ version: number; state: string }> };
    assert.equal(meta.currentVersion, 2);
    assert.deepEqual(meta.versions.map((v) => [v.version, v.state]), [[1, "destroyed"], [2, "live"]]);
  });
});
