// How the CLI prints results: --format human (default), json or yaml. Machine formats print exactly one document
// on stdout so `jq` and `yq` can read it; messages for people go to stderr.
import { Option } from "commander";
import { stringify } from "yaml";

export type Format = "human" | "json" | "yaml";

export const FORMATS: readonly Format[] = ["human", "json", "yaml"];

/** The --format option every data-returning command takes; commander refuses other values with exit 2. */
export function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(FORMATS).default("human");
}

export function print(format: Format, data: unknown, human: () => string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === "yaml") process.stdout.write(stringify(data));
  else process.stdout.write(`${human()}\n`);
}
