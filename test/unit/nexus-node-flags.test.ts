// Nexus's V8 flags (lib/programs.ts NEXUS_NODE_FLAGS) are the same wherever it is launched: the dev stack and the
// benchmarks use the constant; the `spike-nexus` shebang and the documented systemd unit must spell them out.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { NEXUS_NODE_FLAGS, programCommand } from "../../lib/programs.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const flags = NEXUS_NODE_FLAGS.join(" ");

test("the spike-nexus shebang passes Nexus's V8 flags", () => {
  const first = readFileSync(`${root}nexus/main.ts`, "utf8").split("\n")[0];
  assert.equal(first, `#!/usr/bin/env -S node ${flags}`);
});

test("the documented systemd unit starts Nexus with the same flags", () => {
  const ops = readFileSync(`${root}docs/operations.md`, "utf8");
  const execStart = ops.split("\n").filter((l) => l.startsWith("ExecStart=") && l.includes("nexus/main.js"));
  assert.equal(execStart.length, 1);
  assert.equal(execStart[0], `ExecStart=/usr/bin/node ${flags} /opt/spike/dist/nexus/main.js`);
});

test("this node accepts them (a V8 flag a newer node dropped would stop Nexus from starting)", () => {
  const run = spawnSync(process.execPath, [...NEXUS_NODE_FLAGS, "-e", ""], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, "");
});

test("the dev stack starts Nexus with them, and the other programs without", () => {
  assert.deepEqual(programCommand("nexus").args.slice(0, NEXUS_NODE_FLAGS.length), [...NEXUS_NODE_FLAGS]);
  assert.ok(!programCommand("keeper").args.some((a) => NEXUS_NODE_FLAGS.includes(a)));
});
