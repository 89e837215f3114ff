// The spike command tree, walked in-process: every command has examples in its help; every command that prints
// data takes --format; and every Nexus RPC (but the Backup service's, and the Keeper's, which only Nexus calls) is
// reachable from some command.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../pilot/program.js";

const leaves = (c: Command): Command[] => (c.commands.length === 0 ? [c] : c.commands.flatMap(leaves));
const fullName = (c: Command): string => (c.parent === null ? "" : `${fullName(c.parent)} ${c.name()}`.trim());

function helpOf(c: Command): string {
  let text = "";
  c.configureOutput({ writeOut: (s) => (text += s) });
  c.outputHelp();
  return text;
}

/** Commands that run until stopped or write files/scripts rather than returning data. */
const NO_FORMAT = new Set(["dev up", "dev issuer", "completion", "cipher encrypt", "cipher decrypt", "cipher rewrap"]);

/** RPCs a command reaches another way: `spike cipher decrypt` always streams (DecryptStream reads both formats). */
const VIA_OTHER = new Set(["Cipher.Decrypt"]);

test("every command has examples in its --help, and every data command takes --format", async () => {
  const program = await buildProgram(["--help"], () => {
    throw new Error("no configuration in this test");
  });
  const all = leaves(program);
  assert.ok(all.length >= 35, `found ${all.length} commands`);
  for (const c of all) {
    const name = fullName(c);
    assert.match(helpOf(c), /Examples:\n {2}.*\bspike /, `${name} --help has examples`);
    if (!NO_FORMAT.has(name)) assert.ok(c.options.some((o) => o.long === "--format"), `${name} takes --format`);
  }
});

test("every RPC of the Nexus services is called by some command", () => {
  const protoDir = new URL("../../proto/spike/v1/", import.meta.url);
  const pilotDir = new URL("../../pilot/", import.meta.url);
  const sources = ["commands", "."].flatMap((d) =>
    readdirSync(new URL(d, pilotDir)).filter((f) => f.endsWith(".ts")).map((f) => readFileSync(new URL(`${d}/${f}`, pilotDir), "utf8"))).join("\n");
  const client: Record<string, string> = { Secrets: "secrets", Policies: "policies", Cipher: "cipher", Operator: "operator", AdminTokens: "adminTokens", Audit: "audit" };
  for (const file of readdirSync(protoDir).filter((f) => f.endsWith(".proto"))) {
    const text = readFileSync(new URL(file, protoDir), "utf8");
    for (const svc of text.matchAll(/^service (\w+) \{([\s\S]*?)^\}/gm)) {
      const [, name, body] = svc;
      if (name === "Backup" || name === "Keeper") continue;
      const prop = client[name ?? ""];
      assert.ok(prop !== undefined, `service ${name} has a CLI client`);
      for (const rpc of (body ?? "").matchAll(/^\s*rpc (\w+)/gm)) {
        if (VIA_OTHER.has(`${name}.${rpc[1]}`)) continue;
        // Called by name, or through a table of [command, verb, rpc] (secret delete/undelete/destroy).
        const called = sources.includes(`.${prop}.${rpc[1]}(`) || (sources.includes(`.${prop}[rpc](`) && sources.includes(`"${rpc[1]}"],`));
        assert.ok(called, `${name}.${rpc[1]} has a command`);
      }
    }
  }
});
