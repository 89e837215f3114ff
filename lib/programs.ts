// How to start our own programs as child processes, from the compiled tree (dist/) or from the TypeScript sources
// (tests and `npm test` run the sources through tsx, so no build is needed to test).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type Program = "nexus" | "keeper" | "pilot";

const root = fileURLToPath(new URL("..", import.meta.url));

export function programCommand(program: Program): { command: string; args: string[] } {
  const js = `${root}${program}/main.js`;
  if (existsSync(js)) return { command: process.execPath, args: [js] };
  const ts = `${root}${program}/main.ts`;
  return { command: process.execPath, args: ["--import", "tsx", ts] };
}
