// The `spike` bin (dist/cli/spike.js; ADR 0029). The whole CLI is one CommonJS script, dist/cli/spike-program.cjs,
// run through vm.Script with a V8 code cache: the first run compiles it and, on its way out, saves what V8 compiled
// (the top level and every function that ran) to $XDG_CACHE_HOME/spike/ (default ~/.cache/spike/); later runs
// deserialize that instead of parsing and compiling again. The cache file is named for the program's content hash
// (BUILD_ID, set by scripts/bundle-cli.mjs), Node's version and the CPU architecture, and V8 itself refuses data made
// by another V8 or with other flags; any problem with the cache only costs the compile it would have saved.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

declare const BUILD_ID: string;

/** Cache files of other builds or Node versions kept beside ours (~0.6 MB each). */
const KEEP_OTHER_CACHES = 3;

const program = join(dirname(fileURLToPath(import.meta.url)), "spike-program.cjs");
// The program is pure ASCII (scripts/bundle-cli.mjs checks), so reading it as latin1 gives the same string without
// the UTF-8 decoding of 1.3 MB, which costs more than the rest of reading it.
const source = readFileSync(program, "latin1");
const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "spike");
const cacheName = `cli-${BUILD_ID}-${process.version}-${process.arch}.v8`;
const cacheFile = join(cacheDir, cacheName);

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // No cache yet (or unreadable): compile from source and write one at exit.
}

// The CommonJS wrapper, on the program's first line so that line numbers in stack traces stay the program's own.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __spikeUrl) {${source}\n})`, {
  filename: program,
  ...(cachedData !== undefined ? { cachedData } : {}),
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});

if (cachedData === undefined || script.cachedDataRejected === true) {
  // At exit the functions this command ran are compiled too, so the cache holds them. Written whole or not at all.
  process.once("beforeExit", () => {
    try {
      mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const partial = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
      renameSync(partial, cacheFile);
      // Other builds and Node versions have their own files (several installs may be in use at once); the newest
      // few are kept, so the directory stays small without two installs evicting each other on every run.
      const others = readdirSync(cacheDir).filter((f) => /^cli-.*\.v8$/.test(f) && f !== cacheName)
        .map((f) => ({ f, at: statSync(join(cacheDir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
      for (const { f } of others.slice(KEEP_OTHER_CACHES)) rmSync(join(cacheDir, f), { force: true });
    } catch {
      // A read-only or full disk: run uncached.
    }
  });
}

const module = { exports: {} };
const run = script.runInThisContext() as (...args: unknown[]) => void;
run(module.exports, createRequire(program), module, program, dirname(program), pathToFileURL(program).href);
