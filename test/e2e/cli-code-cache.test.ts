// The `spike` bin's V8 code cache (pilot/cli-loader.ts, ADR 0029): the first run writes it (private to the user),
// a damaged cache is ignored and replaced, and the output never depends on it. Runs the built bin (`npm test`
// builds first).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";

const bin = fileURLToPath(new URL("../../dist/cli/spike.js", import.meta.url));
const cacheHome = mkdtempSync(join(tmpdir(), "spike-cache-"));
const cacheDir = join(cacheHome, "spike");
after(() => rmSync(cacheHome, { recursive: true, force: true }));

function spike(...args: string[]): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? "", HOME: cacheHome, XDG_CACHE_HOME: cacheHome }, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout };
}

test("the first run writes the code cache; a damaged one is ignored and replaced", { skip: existsSync(bin) ? false : "needs `npm run build`" }, () => {
  const first = spike("version");
  assert.equal(first.code, 0);
  assert.match(first.stdout, /^spike \d+\.\d+\.\d+/);
  const files = readdirSync(cacheDir);
  assert.equal(files.length, 1);
  const file = join(cacheDir, files[0] as string);
  assert.match(files[0] as string, new RegExp(`^cli-[0-9a-f]{16}-${process.version.replaceAll(".", "\\.")}-${process.arch}\\.v8$`));
  assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(statSync(file).size > 10_000);

  // Same output with the cache in use; a cache V8 refuses is rewritten, not trusted.
  assert.deepEqual(spike("version"), first);
  writeFileSync(file, Buffer.alloc(4096, 7));
  assert.deepEqual(spike("version"), first);
  assert.notDeepEqual(readFileSync(file).subarray(0, 64), Buffer.alloc(64, 7));
  assert.deepEqual(readdirSync(cacheDir), files, "no temporary files left behind");
});
