// How to start our own programs as child processes, from the compiled tree (dist/) or from the TypeScript sources
// (tests and `npm test` run the sources through tsx, so no build is needed to test).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Program = "nexus" | "keeper" | "pilot";

/**
 * V8 flags Nexus runs with, wherever it is launched (this function, the `spike-nexus` shebang in nexus/main.ts, the
 * systemd unit in docs/operations.md, the benchmarks; a test keeps them equal). A smaller young generation (4 MiB
 * semi-spaces instead of Node 20's 16 MiB) keeps ~20 MiB less resident under load, at the price of more frequent,
 * equally cheap scavenges: a call's garbage is short-lived (issue 8: RSS ≤ 150 MB at 100k secrets).
 */
export const NEXUS_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4"];

const NODE_FLAGS: Readonly<Record<Program, readonly string[]>> = { nexus: NEXUS_NODE_FLAGS, keeper: [], pilot: [] };

const root = fileURLToPath(new URL("..", import.meta.url));

export function programCommand(program: Program): { command: string; args: string[] } {
  const js = `${root}${program}/main.js`;
  const flags = NODE_FLAGS[program];
  if (existsSync(js)) return { command: process.execPath, args: [...flags, js] };
  const ts = `${root}${program}/main.ts`;
  return { command: process.execPath, args: [...flags, "--import", "tsx", ts] };
}
