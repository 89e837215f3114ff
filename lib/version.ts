// The version every program reports (Nexus status, spike version), read once from package.json, from the sources or dist/.
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

function findPackageJson(): string {
  for (const rel of ["../package.json", "../../package.json"]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("package.json not found");
}

export const VERSION: string = (JSON.parse(readFileSync(findPackageJson(), "utf8")) as { version: string }).version;
