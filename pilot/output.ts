// How the CLI prints results: --format human (default), json or yaml. Machine formats print exactly one document
// on stdout so `jq` and `yq` can read it; messages for people go to stderr.
import { stringify } from "yaml";

export type Format = "human" | "json" | "yaml";

export const FORMATS: readonly Format[] = ["human", "json", "yaml"];

export function parseFormat(text: string): Format {
  if ((FORMATS as readonly string[]).includes(text)) return text as Format;
  throw new Error(`--format must be one of ${FORMATS.join(", ")}, not "${text}"`);
}

export function print(format: Format, data: unknown, human: () => string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === "yaml") process.stdout.write(stringify(data));
  else process.stdout.write(`${human()}\n`);
}
