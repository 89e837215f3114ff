// The `spike` command tree: the top-level program and the command groups `argv` needs.
import { Command } from "commander";
import type { PilotConfig } from "./config.js";
import { GROUPS } from "./commands/index.js";
import { EXIT_CODE_HELP } from "./exit-help.js";

/** The program with the groups `argv` needs: the named one, or all of them (help, a typo, completion). */
export async function buildProgram(argv: readonly string[], config: () => PilotConfig): Promise<Command> {
  const program = new Command("spike")
    .description("Spike: secrets for workloads with SPIFFE identities")
    .usage("<command> [options]")
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .showHelpAfterError(true)
    .exitOverride()
    .addHelpText("after", EXIT_CODE_HELP);
  const first = argv.find((a) => !a.startsWith("-"));
  const only = GROUPS.find((g) => g.name === first);
  const wanted = only !== undefined && first !== "completion" ? [only] : GROUPS;
  for (const register of await Promise.all(wanted.map((g) => g.load()))) register(program, config);
  return program;
}

