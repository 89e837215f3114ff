// The spike CLI as a real process: what needs no Nexus (version, help, completion, bad input) and, against one
// in-process Nexus on a real database, the commands no other suite covers (status, admin tokens, secret metadata
// set/delete, destroy-prefix), each in every output format with its exit codes.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import { unary } from "../../pilot/client/connect.js";
import { GROUPS } from "../../pilot/commands/index.js";
import { run } from "../harness/processes.js";
import { TD, cliEnvFor, startTestNexus, type TestNexus } from "../harness/nexus.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const bare = (args: string[]) => run("pilot", args, { HOME: tmpdir() });

describe("spike without Nexus", () => {
  test("version in each format", async () => {
    assert.equal((await bare(["version"])).stdout, `spike ${pkg.version}\n`);
    assert.equal((JSON.parse((await bare(["version", "--format", "json"])).stdout) as { version: string }).version, pkg.version);
    assert.equal((parseYaml((await bare(["version", "--format", "yaml"])).stdout) as { version: string }).version, pkg.version);
  });

  test("--help lists every command group and the exit codes; each command's help has examples", async () => {
    const help = await bare(["--help"]);
    assert.equal(help.code, 0);
    for (const g of GROUPS) assert.match(help.stdout, new RegExp(`^  ${g.name}\\b`, "m"), g.name);
    assert.match(help.stdout, /Exit codes/);
    assert.match(help.stdout, /^ {2}9 {2}identity/m);
    // Every command's examples are checked in-process (test/unit/cli-tree.test.ts); one here, as a process.
    const h = await bare(["secret", "metadata", "set", "--help"]);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /Examples:\n {2}spike secret metadata set /);
  });

  test("unknown commands and flags: usage with a suggestion, exit 2", async () => {
    const cmd = await bare(["secrt", "get", "x"]);
    assert.equal(cmd.code, 2);
    assert.match(cmd.stderr, /unknown command 'secrt'/);
    assert.match(cmd.stderr, /Did you mean secret\?/);
    assert.match(cmd.stderr, /Usage: spike/);
    const sub = await bare(["secret", "gett", "x"]);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /Did you mean get\?/);
    const flag = await bare(["secret", "get", "x", "--verison", "2"]);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /unknown option '--verison'/);
    assert.match(flag.stderr, /Did you mean --version\?/);
  });

  test("values that cannot be parsed: a message naming the flag, exit 2", async () => {
    for (const [args, flag] of [
      [["secret", "get", "x", "--version", "abc"], "--version"],
      [["secret", "metadata", "set", "x", "--cas-required", "maybe"], "--cas-required"],
      [["audit", "prune", "--before", "yesterday"], "--before"],
      [["status", "--format", "xml"], "--format"],
    ] as const) {
      const r = await bare([...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(flag.replace(/-/g, "\\-")), args.join(" "));
    }
    const env = await run("pilot", ["status"], { HOME: tmpdir(), SPIKE_NEXUS_API_URL: "not an address" });
    assert.equal(env.code, 2);
    assert.match(env.stderr, /SPIKE_NEXUS_API_URL/);
  });

  test("completion scripts come from the command tree and work in bash", async () => {
    const script = await bare(["completion", "bash"]);
    assert.equal(script.code, 0);
    const dir = mkdtempSync(join(tmpdir(), "spike-compl-"));
    try {
      writeFileSync(join(dir, "spike.bash"), script.stdout);
      const complete = (line: string): string =>
        execFileSync("bash", ["-c", `source ${join(dir, "spike.bash")}; COMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _spike; echo "\${COMPREPLY[*]}"`], { encoding: "utf8" }).trim();
      assert.equal(complete("spike sec"), "secret");
      assert.match(complete("spike secret metadata ''"), /^get set delete/);
      assert.equal(complete("spike secret get x --format ''"), "human json yaml");
      assert.equal(complete("spike admin-token r"), "revoke");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const zsh = await bare(["completion", "zsh"]);
    assert.match(zsh.stdout, /^#compdef spike/);
    assert.match(zsh.stdout, /bashcompinit/);
    assert.equal((await bare(["completion", "fish"])).code, 2);
  });
});

describe("spike against one Nexus", () => {
  let t: TestNexus;
  let dir: string;
  let env: Record<string, string>;
  let workload: Record<string, string>;
  const spike = (args: string[], e: Record<string, string> = env) => run("pilot", args, e);

  before(async () => {
    t = await startTestNexus("postgres");
    dir = mkdtempSync(join(tmpdir(), "spike-cli-cmds-"));
    env = await cliEnvFor(t, dir, "superuser", `spiffe://${TD}/spike/pilot/role/superuser`);
    workload = await cliEnvFor(t, dir, "workload", `spiffe://${TD}/workload/billing`);
    const created = await unary<{ token: string }>((md, o, cb) => t.superuser.adminTokens.Create({ adminToken: "", name: "first", expireTime: null }, md, o, cb));
    writeFileSync(join(dir, "admin-token"), `${created.token}\n`, { mode: 0o600 });
  });
  after(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("status in each format; an unreachable Nexus exits 6 saying what to do", async () => {
    assert.match((await spike(["status"])).stdout, /is SERVING/);
    assert.equal((JSON.parse((await spike(["status", "--format", "json"])).stdout) as { status: string }).status, "SERVING");
    assert.equal((parseYaml((await spike(["status", "--format", "yaml"])).stdout) as { spiffeId: string }).spiffeId, `spiffe://${TD}/spike/nexus`);
    const down = await spike(["status"], { ...env, SPIKE_NEXUS_API_URL: "127.0.0.1:1" });
    assert.equal(down.code, 6);
    assert.match(down.stderr, /cannot reach Nexus at 127\.0\.0\.1:1/);
    assert.match(down.stderr, /npm start/);
  });

  test("admin-token create, list, revoke in each format; without a token exit 2, with a wrong one exit 4", async () => {
    const tokenFile = join(dir, "admin-token");
    const out = join(dir, "ops-token");
    const made = await spike(["admin-token", "create", "ops", "--admin-token-file", tokenFile, "--out", out]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /written to .*ops-token \(0600\)/);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const shown = JSON.parse((await spike(["admin-token", "create", "ci", "--admin-token-file", tokenFile, "--format", "json"])).stdout) as { id: string; token: string; name: string };
    assert.equal(shown.name, "ci");
    assert.ok(shown.token.length > 20);
    const list = JSON.parse((await spike(["admin-token", "list", "--format", "json"])).stdout) as { tokens: Array<{ id: string; name: string }> };
    assert.deepEqual(list.tokens.map((x) => x.name).sort(), ["ci", "first", "ops"]);
    assert.ok(!JSON.stringify(list).includes(shown.token), "list never shows tokens");
    assert.match((await spike(["admin-token", "list"])).stdout, /ci {2}created/);
    const revoked = parseYaml((await spike(["admin-token", "revoke", shown.id, "--admin-token-file", out, "--format", "yaml"])).stdout) as { revokedTime: string | null };
    assert.ok(revoked.revokedTime !== null);
    assert.equal((JSON.parse((await spike(["admin-token", "list", "--all", "--format", "json"])).stdout) as { tokens: unknown[] }).tokens.length, 3);
    assert.equal((await spike(["admin-token", "list", "--format", "json"])).stdout.includes('"ci"'), false, "revoked tokens are hidden without --all");
    const none = await spike(["admin-token", "create", "x"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--admin-token-file/);
    writeFileSync(join(dir, "wrong"), "nope\n");
    assert.equal((await spike(["admin-token", "create", "x", "--admin-token-file", join(dir, "wrong")])).code, 4);
  });

  test("secret metadata set and delete in each format, with their exit codes", async () => {
    for (let i = 1; i <= 3; i++) assert.equal((await spike(["secret", "put", "apps/meta", `v=${i}`])).code, 0);
    const set = JSON.parse((await spike(["secret", "metadata", "set", "apps/meta", "--max-versions", "2", "--cas-required", "true", "--meta", "owner=billing", "--format", "json"])).stdout) as {
      maxVersions: number; casRequired: boolean; customMetadata: Record<string, string>; versions: Array<{ version: number }>;
    };
    assert.equal(set.maxVersions, 2);
    assert.equal(set.casRequired, true);
    assert.deepEqual(set.customMetadata, { owner: "billing" });
    assert.deepEqual(set.versions.map((v) => v.version), [2, 3], "lowering max-versions drops the oldest");
    const human = await spike(["secret", "metadata", "set", "apps/meta", "--clear-meta"]);
    assert.match(human.stdout, /^Updated apps\/meta: current version 3, oldest 2, keeps 2, cas required/);
    assert.doesNotMatch(human.stdout, /meta owner/);
    const noCas = await spike(["secret", "put", "apps/meta", "v=4"]);
    assert.equal(noCas.code, 5, "cas is now required");
    assert.match(noCas.stderr, /cas/);
    assert.equal((await spike(["secret", "metadata", "set", "apps/meta"])).code, 2, "nothing to change");
    assert.equal((await spike(["secret", "metadata", "set", "apps/none", "--max-versions", "1"])).code, 3);
    assert.equal((await spike(["secret", "metadata", "set", "apps/meta", "--max-versions", "1"], workload)).code, 4);
    const del = parseYaml((await spike(["secret", "metadata", "delete", "apps/meta", "--format", "yaml"])).stdout) as { versionsRemoved: number };
    assert.equal(del.versionsRemoved, 2);
    assert.equal((await spike(["secret", "metadata", "get", "apps/meta"])).code, 3);
    assert.equal((await spike(["secret", "metadata", "delete", "apps/meta"])).code, 3);
  });

  test("destroy-prefix: dry run, then for good, in each format", async () => {
    for (const p of ["old/a", "old/b"]) await spike(["secret", "put", p, "v=1"]);
    const tokenFile = join(dir, "admin-token");
    const dry = JSON.parse((await spike(["secret", "destroy-prefix", "old/", "--dry-run", "--admin-token-file", tokenFile, "--format", "json"])).stdout) as { secretsRemoved: number; dryRun: boolean };
    assert.deepEqual([dry.secretsRemoved, dry.dryRun], [2, true]);
    assert.match((await spike(["secret", "destroy-prefix", "old/", "--admin-token-file", tokenFile])).stdout, /Removed 2 secrets/);
    assert.equal((await spike(["secret", "destroy-prefix", "old", "--admin-token-file", tokenFile])).code, 5, "a prefix must end in /");
  });

  test("machine formats keep stderr free of progress bars when it is not a terminal", async () => {
    const v = await spike(["audit", "verify", "--format", "json"]);
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stderr, "");
    assert.equal((JSON.parse(v.stdout) as { ok: boolean }).ok, true);
  });
});
