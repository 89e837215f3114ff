// What a secret path, key and value may be. Checked before anything is touched; a violation is INVALID_ARGUMENT
// with a message that names the rule. The README documents the same rules.
import { invalidArgument } from "../../lib/errors.js";
import { storableText } from "../../lib/text.js";

export interface SecretLimits {
  /** Most bytes of one version's data (keys and values, UTF-8). */
  readonly maxBytes: number;
  /** Most keys in one version. */
  readonly maxKeys: number;
  /** The server's default and ceiling for versions kept per secret. */
  readonly defaultMaxVersions: number;
}

export const PATH_MAX_BYTES = 512;
export const KEY_MAX_BYTES = 256;
export const CUSTOM_METADATA_MAX_ENTRIES = 64;
export const CUSTOM_METADATA_KEY_MAX_BYTES = 128;
export const CUSTOM_METADATA_VALUE_MAX_BYTES = 512;
export const MAX_VERSIONS_CEILING = 1000;

/** Segments: letters, digits and . _ - + = @ : — no spaces, no slashes, no wildcards; "." and ".." are refused. */
const SEGMENT = /^[A-Za-z0-9._\-+=@:]+$/;
const KEY = /^[A-Za-z0-9._-]+$/;

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");

export function checkPath(path: string, what = "path"): string {
  if (path === "") throw invalidArgument(`${what} is empty`);
  if (bytes(path) > PATH_MAX_BYTES) throw invalidArgument(`${what} is longer than ${PATH_MAX_BYTES} bytes`);
  if (path.startsWith("/")) throw invalidArgument(`${what} must not start with "/" (write "apps/db", not "/apps/db")`);
  if (path.endsWith("/")) throw invalidArgument(`${what} must not end with "/"`);
  for (const segment of path.split("/")) {
    if (segment === "") throw invalidArgument(`${what} has an empty segment ("//")`);
    if (segment === "." || segment === "..") throw invalidArgument(`${what} has a "${segment}" segment`);
    if (!SEGMENT.test(segment)) {
      throw invalidArgument(`${what} segment "${segment.slice(0, 64)}" has a character outside letters, digits and . _ - + = @ :`);
    }
  }
  return path;
}

/** A list prefix is a path start: "", "apps/", or "apps/d" (a partial segment). */
export function checkPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  if (bytes(prefix) > PATH_MAX_BYTES) throw invalidArgument(`prefix is longer than ${PATH_MAX_BYTES} bytes`);
  if (prefix.startsWith("/")) throw invalidArgument('prefix must not start with "/"');
  const segments = prefix.split("/");
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === "" && !last) throw invalidArgument('prefix has an empty segment ("//")');
    if (segment === "." || segment === "..") throw invalidArgument(`prefix has a "${segment}" segment`);
    if (segment !== "" && !SEGMENT.test(segment)) throw invalidArgument(`prefix segment "${segment.slice(0, 64)}" has a character outside letters, digits and . _ - + = @ :`);
  });
  return prefix;
}

/** Checks a version's data and returns it as ordered pairs (the form that is encrypted). */
export function checkData(data: Record<string, string>, limits: SecretLimits): Array<[string, string]> {
  const entries = Object.entries(data);
  if (entries.length === 0) throw invalidArgument("data is empty: a secret version needs at least one key");
  if (entries.length > limits.maxKeys) throw invalidArgument(`data has ${entries.length} keys; the limit is ${limits.maxKeys}`);
  let total = 0;
  for (const [key, value] of entries) {
    if (key === "") throw invalidArgument("data has an empty key name");
    if (bytes(key) > KEY_MAX_BYTES) throw invalidArgument(`key name "${key.slice(0, 32)}..." is longer than ${KEY_MAX_BYTES} bytes`);
    if (!KEY.test(key)) throw invalidArgument(`key name "${key.slice(0, 64)}" has a character outside letters, digits and . _ -`);
    total += bytes(key) + bytes(value);
  }
  if (total > limits.maxBytes) throw invalidArgument(`data is ${total} bytes; the limit is ${limits.maxBytes} bytes`);
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function checkCustomMetadata(entries: Record<string, string>): Record<string, string> {
  const list = Object.entries(entries);
  if (list.length > CUSTOM_METADATA_MAX_ENTRIES) throw invalidArgument(`custom metadata has ${list.length} entries; the limit is ${CUSTOM_METADATA_MAX_ENTRIES}`);
  for (const [key, value] of list) {
    if (key === "") throw invalidArgument("custom metadata has an empty key");
    storableText(key, "custom metadata key");
    storableText(value, `custom metadata value for "${key.slice(0, 32)}"`);
    if (bytes(key) > CUSTOM_METADATA_KEY_MAX_BYTES) throw invalidArgument(`custom metadata key "${key.slice(0, 32)}..." is longer than ${CUSTOM_METADATA_KEY_MAX_BYTES} bytes`);
    if (bytes(value) > CUSTOM_METADATA_VALUE_MAX_BYTES) throw invalidArgument(`custom metadata value for "${key.slice(0, 32)}" is longer than ${CUSTOM_METADATA_VALUE_MAX_BYTES} bytes`);
  }
  return Object.fromEntries(list);
}

/** Versions are stored as PostgreSQL integers; the proto's uint32 can say more than that holds. */
export const VERSION_MAX = 2_147_483_647;

/** A version number of a request; 0 is allowed where it means "the current one" (or "no CAS check"). */
export function checkVersion(v: number, what = "version"): number {
  if (!Number.isInteger(v) || v < 0 || v > VERSION_MAX) throw invalidArgument(`${what} ${v} is out of range (0 to ${VERSION_MAX})`);
  return v;
}

export function checkVersions(versions: readonly number[], what = "versions"): number[] {
  for (const v of versions) {
    if (!Number.isInteger(v) || v < 1 || v > VERSION_MAX) throw invalidArgument(`${what} must be integers from 1 to ${VERSION_MAX}, got ${v}`);
  }
  return [...new Set(versions)].sort((a, b) => a - b);
}

export function checkMaxVersions(n: number): number {
  if (n > MAX_VERSIONS_CEILING) throw invalidArgument(`max_versions ${n} is above the ceiling of ${MAX_VERSIONS_CEILING}`);
  return n;
}
