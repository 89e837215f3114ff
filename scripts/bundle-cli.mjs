// Bundles the spike CLI into dist/cli/ (ADR 0017, ADR 0029): the whole program as one CommonJS script,
// spike-program.cjs, and the `spike` bin, spike.js, which runs it through vm.Script with a V8 code cache
// (pilot/cli-loader.ts). Command groups still load lazily: esbuild turns each `import()` of a bundled module into a
// deferred initialiser, so `spike secret get` evaluates the code for `secret` and nothing else. Both files sit in
// dist/cli/, one level below dist/ like dist/pilot/, so code that finds package.json, proto/ or the sibling programs
// relative to its own file works unchanged (import.meta.url is the program file's URL).
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";

/**
 * zod's namespace export carries every message locale (~40 of them, ~200 KB minified) though only English is ever
 * used (zod configures it itself); the bundle gets a locales module with English alone.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

const src = (p) => new URL(`../${p}`, import.meta.url).pathname;
const outdir = src("dist/cli/");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [src("pilot/main.ts")],
  outfile: `${outdir}spike-program.cjs`,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // The loader passes the program file's URL in; CommonJS has no import.meta.
  define: { "import.meta.url": "__spikeUrl" },
  // Less text to parse on a run without a cache; names are kept for error messages.
  minify: true,
  keepNames: true,
  plugins: [zodEnglishOnly],
  logLevel: "warning",
});
// esbuild keeps pilot/main.ts's shebang; inside the loader's wrapper it would be a syntax error, so it becomes a
// comment (same line count, so stack traces keep their line numbers).
let program = readFileSync(`${outdir}spike-program.cjs`, "utf8");
if (program.startsWith("#!")) program = `//${program.slice(2)}`;
// The loader reads the program as latin1, which is only the same string for ASCII (esbuild escapes the rest).
if (/[^\x00-\x7f]/.test(program)) throw new Error("spike-program.cjs is not pure ASCII; the loader reads it as latin1");
writeFileSync(`${outdir}spike-program.cjs`, program);
const buildId = createHash("sha256").update(program).digest("hex").slice(0, 16);
await build({
  entryPoints: [src("pilot/cli-loader.ts")],
  outfile: `${outdir}spike.js`,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  define: { BUILD_ID: JSON.stringify(buildId) },
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "warning",
});
chmodSync(`${outdir}spike.js`, 0o755);
