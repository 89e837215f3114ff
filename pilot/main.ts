#!/usr/bin/env node
// spike: the operator CLI for Spike. Every command prints data on stdout and messages on stderr, and exits with
// a documented code per failure class (pilot/exit-codes.ts). Only the invoked command group's module is loaded
// (pilot/commands/index.ts), which keeps a cold `spike secret get` fast.
import { CommanderError, type Command } from "commander";
import type { PilotConfig } from "./config.js";
import { GROUPS } from "./commands/index.js";
import { buildProgram } from "./program.js";

const EXIT_USAGE = 2;
let parsed: PilotConfig | undefined;

async function main(): Promise<void> {
  /** Configuration is parsed on first use, so `spike --help` works even with a broken environment. */
  // The config module (zod, the identity sources) loads just before an action runs: help and typos never pay for it.
  let load: (() => PilotConfig) | undefined;
  const config = (): PilotConfig => {
    if (load === undefined) throw new Error("configuration read before the command's action");
    return (parsed ??= load());
  };
  const program = await buildProgram(process.argv.slice(2), config);
  program.hook("preAction", async (_root, action) => {
    let group: Command = action;
    while (group.parent !== null && group.parent !== program) group = group.parent;
    if (GROUPS.find((g) => g.name === group.name())?.config === false) return;
    load ??= (await import("./config.js")).loadPilotConfig;
  });
  await program.parseAsync(process.argv);
  // Commands that keep running (dev up, dev issuer) hold the event loop open themselves.
}

main().catch(async (err: unknown) => {
  // Commander throws CommanderError for usage problems (exit 2) and for --help (exit 0), having printed them.
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
    return;
  }
  const { explain } = await import("./failure.js");
  const { message, exitCode } = explain(err, parsed?.SPIKE_NEXUS_API_URL);
  process.stderr.write(`spike: ${message}\n`);
  process.exitCode = exitCode;
});
