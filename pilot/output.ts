// How the CLI prints results: --format human (default), json or yaml. Machine formats print exactly one document
// on stdout so `jq` and `yq` can read it; messages for people go to stderr.
import { createRequire } from "node:module";
import { Option } from "commander";

export type Format = "human" | "json" | "yaml";

export const FORMATS: readonly Format[] = ["human", "json", "yaml"];

/** The --format option every data-returning command takes; commander refuses other values with exit 2. */
export function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(FORMATS).default("human");
}

/** YAML text for `data`. The yaml package is loaded only when YAML is asked for (it costs a cold start ~50 ms). */
export function toYaml(data: unknown): string {
  const { stringify } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  return stringify(data);
}

export function print(format: Format, data: unknown, human: () => string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === "yaml") process.stdout.write(toYaml(data));
  else process.stdout.write(`${human()}\n`);
}
