// `npm start`: build if the sources are newer than the build (or there is none), then run `spike dev up` in this
// very process, so Ctrl-C reaches the dev stack directly and nothing is left behind.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "dist", "cli", "spike.js");

/** Newest modification time among the sources a build reads. */
function newestSource() {
  let newest = 0;
  const visit = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.(ts|json|proto|sql)$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  for (const dir of ["lib", "nexus", "keeper", "pilot", "spiffe", "proto", "sql"]) if (existsSync(join(root, dir))) visit(join(root, dir));
  for (const f of ["package.json", "tsconfig.json"]) newest = Math.max(newest, statSync(join(root, f)).mtimeMs);
  return newest;
}

const builtAt = ["cli/spike.js", "nexus/main.js", "keeper/main.js"].map((f) => join(root, "dist", f)).reduce(
  (oldest, f) => Math.min(oldest, existsSync(f) ? statSync(f).mtimeMs : 0), Infinity);
if (builtAt < newestSource()) {
  process.stdout.write("Building (the sources changed since the last build)...\n");
  execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
  execFileSync(process.execPath, [join(root, "scripts", "bundle-cli.mjs")], { stdio: "inherit" });
}
process.argv = [process.argv[0] ?? process.execPath, entry, "dev", "up", ...process.argv.slice(2)];
await import(pathToFileURL(entry).href);
