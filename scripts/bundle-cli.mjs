// Bundles the spike CLI into dist/cli/ (ADR 0017): spike.js plus one chunk per command group and shared code, so
// a cold start reads a handful of files instead of ~400 modules, and still loads only the invoked command group.
// Chunks sit flat in dist/cli/, one level below dist/ like dist/pilot/, so code that finds package.json, proto/
// or the sibling programs relative to its own file works unchanged.
import { chmodSync, rmSync } from "node:fs";
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

const outdir = new URL("../dist/cli/", import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { spike: new URL("../pilot/main.ts", import.meta.url).pathname },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  chunkNames: "[name]-[hash]",
  // CommonJS dependencies (grpc-js, protobufjs) call require(); ESM output has none unless we make one.
  banner: { js: "import { createRequire as __spikeRequire } from 'node:module'; const require = __spikeRequire(import.meta.url);" },
  // Less text to parse at every start (V8 parses each chunk it loads); names are kept for error messages.
  minify: true,
  keepNames: true,
  plugins: [zodEnglishOnly],
  logLevel: "warning",
});
chmodSync(`${outdir}spike.js`, 0o755);
