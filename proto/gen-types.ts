// Regenerates proto/types/ (the TypeScript types of every .proto under proto/) with proto-loader-gen-types, and
// proto/descriptor.json (the parsed contract, which lib/proto.ts loads instead of parsing .proto text at every
// start: ADR 0017). Run by `npm run gen:proto`; the contract tests regenerate both and compare.
//
// Why a script rather than a bare command line: the generator never deletes files, so a renamed message would leave
// a stale file behind; the proto list is found here rather than kept by hand; and the test reuses the exact same
// options. The options mirror lib/proto.ts's loader options; `--importFileExtension=.js` is what makes the output
// compile under NodeNext ESM (the generator emits `import type` only, so verbatimModuleSyntax is satisfied as is).
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));
const PROTO_DIR = "proto";
export const TYPES_DIR = path.join(PACKAGE_ROOT, PROTO_DIR, "types");
export const DESCRIPTOR_FILE = path.join(PACKAGE_ROOT, PROTO_DIR, "descriptor.json");

const GENERATOR_OPTIONS = [
  "--longs=Number",
  "--enums=String",
  "--defaults",
  "--oneofs",
  "--grpcLib=@grpc/grpc-js",
  "--includeComments",
  "--importFileExtension=.js",
] as const;

/** Every .proto under proto/, relative to it, with "/" separators, sorted: the same list whatever the platform. */
export function protoFiles(): string[] {
  const root = path.join(PACKAGE_ROOT, PROTO_DIR);
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".proto"))
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

function generatorBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("@grpc/proto-loader/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { bin: Record<string, string> };
  const bin = manifest.bin["proto-loader-gen-types"];
  if (bin === undefined) throw new Error("@grpc/proto-loader no longer ships proto-loader-gen-types");
  return path.join(path.dirname(manifestPath), bin);
}

/** Empties `outDir` and writes the generated types there. Runs from the package root so output is byte-stable. */
export function generateTypes(outDir: string = TYPES_DIR): void {
  rmSync(outDir, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [generatorBin(), ...GENERATOR_OPTIONS, `--includeDirs=${PROTO_DIR}`, `--outDir=${outDir}`, ...protoFiles()],
    { cwd: PACKAGE_ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );
}

interface JsonRoot {
  toJSON(): unknown;
}

/**
 * The descriptor JSON for every .proto, parsed exactly as proto-loader's loadSync parses them (its own loader,
 * with lib/proto.ts's options), so `protoLoader.fromJSON` builds the same package definition without a parser run.
 */
export function descriptorJson(options: Record<string, unknown>): string {
  const require = createRequire(import.meta.url);
  const util = require("@grpc/proto-loader/build/src/util.js") as {
    loadProtosWithOptionsSync(files: string[], options: Record<string, unknown>): JsonRoot;
  };
  const root = util.loadProtosWithOptionsSync(protoFiles(), { ...options, includeDirs: [path.join(PACKAGE_ROOT, PROTO_DIR)] });
  return `${JSON.stringify(root.toJSON())}\n`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  generateTypes();
  const { LOADER_OPTIONS } = await import("../lib/proto.js");
  writeFileSync(DESCRIPTOR_FILE, descriptorJson(LOADER_OPTIONS));
}
