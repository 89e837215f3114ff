// Every environment variable a program reads is in the README's configuration table, and every variable in the
// table is still read somewhere. "Read" means: process.env.NAME / process.env["NAME"] anywhere in the programs,
// bench and test harness, or an upper-case key of a zod schema in a file that imports zod (nexus/config.ts,
// keeper/config.ts, pilot/config.ts, lib/identity.ts, ...).
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SCANNED = ["lib", "spiffe", "nexus", "keeper", "pilot", "examples", "bench", "test/harness"];
/** The operating system's variables, passed on to child processes: not ours to document. */
const SYSTEM = new Set(["PATH", "HOME", "TMPDIR", "USER", "SHELL", "TERM", "LANG"]);

function tsFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(tsFiles(p));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const ENV_READ = /\bprocess\.env(?:\.([A-Z][A-Z0-9_]*)|\[\s*["'`]([A-Z][A-Z0-9_]*)["'`]\s*\])/g;
const SCHEMA_KEY = /^\s*([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*:/gm;

/** The variables one source file reads, by the two rules above. */
export function variablesRead(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(ENV_READ)) names.add((m[1] ?? m[2]) as string);
  if (/from\s+["']zod["']/.test(source)) {
    // Comments are not keys.
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    for (const m of code.matchAll(SCHEMA_KEY)) names.add(m[1] as string);
  }
  return names;
}

/** The variable names in the first column of the README's configuration table. */
export function documentedVariables(readme: string): Set<string> {
  const start = readme.indexOf("\n## Configuration");
  assert.ok(start >= 0, "the README has a ## Configuration section");
  const next = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, next < 0 ? undefined : next);
  const names = new Set<string>();
  for (const line of section.split("\n")) {
    if (!line.startsWith("|")) continue;
    const first = line.split("|")[1] ?? "";
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.add(m[1] as string);
  }
  return names;
}

test("the scanner finds process.env reads and zod schema keys, and skips comments and non-zod files", () => {
  const withZod = `import { z } from "zod";\nconst s = z.object({\n  FOO_BAR: z.string(),\n  // OLD_THING: gone\n  lower_case: z.string(),\n});\nprocess.env["BAZ_QUX"]; process.env.ONE_MORE;`;
  assert.deepEqual([...variablesRead(withZod)].sort(), ["BAZ_QUX", "FOO_BAR", "ONE_MORE"]);
  assert.deepEqual([...variablesRead(`const o = {\n  NOT_ENV: 1,\n};`)], []);
  assert.deepEqual(
    [...documentedVariables("x\n## Configuration\n\n| variable | a |\n|---|---|\n| `A_B`, `C_D` | `E_F` |\n\n## Next\n| `G_H` | |")].sort(),
    ["A_B", "C_D"],
  );
});

test("every environment variable read by a program is in the README's configuration table", () => {
  const documented = documentedVariables(readFileSync(join(root, "README.md"), "utf8"));
  const missing = new Map<string, string>();
  for (const dir of SCANNED) {
    for (const file of tsFiles(join(root, dir))) {
      for (const name of variablesRead(readFileSync(file, "utf8"))) {
        if (!documented.has(name) && !SYSTEM.has(name) && !missing.has(name)) missing.set(name, relative(root, file));
      }
    }
  }
  assert.deepEqual(
    [...missing].map(([name, file]) => `${name} (read in ${file})`),
    [],
    "add a row for each to the table under ## Configuration in README.md",
  );
});

test("every variable in the README's table is still used somewhere in the code", () => {
  const documented = documentedVariables(readFileSync(join(root, "README.md"), "utf8"));
  const all = ["lib", "spiffe", "nexus", "keeper", "pilot", "examples", "bench", "test"].flatMap((d) => tsFiles(join(root, d)))
    .map((f) => readFileSync(f, "utf8")).join("\n");
  const stale = [...documented].filter((name) => !new RegExp(`\\b${name}\\b`).test(all));
  assert.deepEqual(stale, [], "these README rows name variables nothing uses any more");
});
