// `spike operator rewrap` as a real process against an in-process Nexus: the result in each format, --watch, and
// the exit code when a row could not be rewrapped.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { unary } from "../../pilot/client/connect.js";
import { run } from "../harness/processes.js";
import { TD, startTestNexus, type TestNexus, cliEnvFor } from "../harness/nexus.js";

let t: TestNexus;
let dir: string;
let env: Record<string, string> = {};

const spike = (args: string[]) => run("pilot", args, env);

before(async () => {
  t = await startTestNexus("pglite");
  dir = mkdtempSync(join(tmpdir(), "spike-cli-rewrap-"));
  env = await cliEnvFor(t, dir, "superuser", `spiffe://${TD}/spike/pilot/role/superuser`);

});

after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("spike operator rewrap", () => {
  test("--watch before any job is NOT_FOUND (exit 3)", async () => {
    const r = await spike(["operator", "rewrap", "--watch"]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /no rewrap job has run/);
  });

  test("rewraps old versions; json, yaml and human output; --watch shows the last result", async () => {
    for (const path of ["a", "b", "c"]) {
      await unary((md, o, cb) => t.superuser.secrets.Put({ path, data: { k: path } }, md, o, cb));
    }
    await unary((md, o, cb) => t.superuser.operator.RotateDataKey({}, md, o, cb));
    const r = await spike(["operator", "rewrap", "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { targetKeyId: number; rewrapped: number; failed: number; failures: string[]; startTime: string };
    assert.equal(json.targetKeyId, 2);
    assert.equal(json.rewrapped, 3);
    assert.equal(json.failed, 0);
    assert.ok(!Number.isNaN(Date.parse(json.startTime)));
    assert.equal(r.stderr, "", "no progress line when stderr is not a terminal");
    const yaml = parseYaml((await spike(["operator", "rewrap", "--watch", "--format", "yaml"])).stdout) as { rewrapped: number };
    assert.equal(yaml.rewrapped, 3);
    const human = await spike(["operator", "rewrap"]);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^Rewrap to data key 2: 0 re-encrypted, 3 already current/);
  });

  test("a row that fails authentication is listed and the exit code is 8", async () => {
    await t.db.db.none("UPDATE secrets SET ciphertext = set_byte(ciphertext, 20, get_byte(ciphertext, 20) # 255) WHERE path = 'b'");
    await unary((md, o, cb) => t.superuser.operator.RotateDataKey({}, md, o, cb));
    const r = await spike(["operator", "rewrap"]);
    assert.equal(r.code, 8, r.stderr);
    assert.match(r.stdout, /2 re-encrypted, 0 already current or changed meanwhile, 1 failed/);
    assert.match(r.stdout, /failed secrets:b@1: /);
  });
});
