// How to start our own programs as child processes, from the compiled tree (dist/) or from the TypeScript sources
// (tests and `npm test` run the sources through tsx, so no build is needed to test).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Program = "nexus" | "keeper" | "pilot";

/**
 * V8 flags Nexus runs with, wherever it is launched (this function, the `spike-nexus` shebang in nexus/main.ts, the
 * systemd unit in docs/operations.md, the benchmarks; a test keeps them equal and checks this node accepts them).
 * Both bound what is resident by what is live (issue 8: RSS ≤ 150 MB at 100k secrets; ADR 0034):
 * - a smaller young generation (4 MiB semi-spaces instead of Node 20's 16 MiB) keeps ~20 MiB less resident under
 *   load, at the price of more frequent, equally cheap scavenges: a call's garbage is short-lived;
 * - the old generation may grow to 1.5× what the last full GC found live, where V8 would otherwise pick up to 4×
 *   when GC looks cheap: under read load it let ~35 MiB of live heap sit in 100+ MiB. Not a cap: a larger live
 *   set (a bigger read cache) still gets the room it needs.
 */
export const NEXUS_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=4", "--heap-growing-percent=50"];

const NODE_FLAGS: Readonly<Record<Program, readonly string[]>> = { nexus: NEXUS_NODE_FLAGS, keeper: [], pilot: [] };

const root = fileURLToPath(new URL("..", import.meta.url));

export function programCommand(program: Program): { command: string; args: string[] } {
  const js = `${root}${program}/main.js`;
  const flags = NODE_FLAGS[program];
  if (existsSync(js)) return { command: process.execPath, args: [...flags, js] };
  const ts = `${root}${program}/main.ts`;
  return { command: process.execPath, args: [...flags, "--import", "tsx", ts] };
}
