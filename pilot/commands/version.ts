// `spike version`: this CLI's version (and Node's), in any output format.
import type { Command } from "commander";
import { VERSION } from "../../lib/version.js";
import { formatOption, print, type Format } from "../output.js";

export function registerVersion(program: Command): void {
  program
    .command("version")
    .description("print the version of this CLI")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  spike version\n  spike version --format json | jq -r .version")
    .action((opts: { format: Format }) => {
      print(opts.format, { version: VERSION, node: process.versions.node }, () => `spike ${VERSION}`);
    });
}
