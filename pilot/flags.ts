// Flag value parsers: a value that cannot be parsed is a usage error (exit 2) naming the flag.
import { InvalidArgumentError } from "commander";

export function nonNegativeInt(flag: string) {
  return (text: string): number => {
    if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) throw new InvalidArgumentError(`${flag} must be a whole number, not "${text}"`);
    return Number(text);
  };
}

export function versionList(flag: string) {
  return (text: string): number[] => {
    const parts = text.split(",").map((p) => p.trim());
    if (parts.some((p) => !/^[1-9]\d*$/.test(p))) throw new InvalidArgumentError(`${flag} wants versions like 1,2,5, not "${text}"`);
    return parts.map(Number);
  };
}

/** key=value (the value may itself contain "="). */
export function parsePair(text: string, what: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`${what} must look like key=value, not "${text}"`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export function pairCollector(flag: string) {
  return (text: string, previous: Record<string, string> | undefined): Record<string, string> => {
    const [k, v] = parsePair(text, flag);
    return { ...(previous ?? {}), [k]: v };
  };
}
