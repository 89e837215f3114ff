// Environment configuration is parsed once, at start, through a zod schema per program. A bad value stops the
// program with a message naming the variable; the parsed object is typed and never re-read.
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { parseTrustDomain } from "../spiffe/id.js";

export class ConfigError extends Error {}

export type Env = Readonly<Record<string, string | undefined>>;

/** Parses `env` with `schema`; every problem is reported as `VARIABLE: what is wrong`. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env = process.env): z.output<S> {
  // Empty strings mean "unset": shells make it too easy to export FOO= by accident.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.map(String).join(".") || "environment"}: ${issue.message}`);
  throw new ConfigError(`invalid configuration\n  ${lines.join("\n  ")}`);
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go-style durations ("500ms", "30s", "5m", "1h30m"), as upstream SPIKE documents them; a bare number is ms. */
export function parseDurationMs(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) {
    throw new Error(`"${text}" is not a duration (examples: 500ms, 30s, 5m, 1h)`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * (UNITS[p[2] as string] ?? 0), 0);
}

export const duration = (fallback: string) =>
  z.string().default(fallback).transform((text, ctx) => {
    try {
      const ms = parseDurationMs(text);
      if (ms <= 0) throw new Error(`"${text}" must be longer than zero`);
      return ms;
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });

export const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** A count where 0 means "off". */
export const nonNegativeInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

/** A listen address: ":8553" (all interfaces), "127.0.0.1:8553", "[::1]:8553". */
export const listenAddress = (fallback: string) =>
  z.string().default(fallback).transform((text, ctx) => {
    const m = /^(.*):(\d{1,5})$/.exec(text);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port > 65535) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not host:port or :port` });
      return z.NEVER;
    }
    const host = m[1] === "" ? "0.0.0.0" : (m[1] as string);
    return `${host}:${port}`;
  });

/** A comma list of trust domain names, each validated by the SPIFFE rules. */
export const trustDomains = (fallback: string) =>
  z.string().default(fallback).transform((text, ctx) => {
    try {
      const list = text.split(",").map((s) => parseTrustDomain(s.trim()));
      return [...new Set(list)];
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });

/** A variable parsed by `parse` (applied to `fallback` when unset); the parser's error message becomes the issue. */
export function parsedBy<T>(parse: (text: string) => T): z.ZodType<T | undefined, string | undefined>;
export function parsedBy<T>(parse: (text: string) => T, fallback: string): z.ZodType<T, string | undefined>;
export function parsedBy<T>(parse: (text: string) => T, fallback?: string): z.ZodType<T | undefined, string | undefined> {
  return z.string().optional().transform((text, ctx) => {
    const value = text ?? fallback;
    if (value === undefined) return undefined;
    try {
      return parse(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  });
}

export function expandHome(path: string): string {
  return resolve(path.startsWith("~/") || path === "~" ? join(homedir(), path.slice(1)) : path);
}

export const directory = (fallback: string) => z.string().default(fallback).transform(expandHome);
