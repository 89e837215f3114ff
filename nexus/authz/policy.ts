// The policy model and its validation: a name, a SPIFFE-ID pattern, a path pattern and permissions. Validation
// compiles both patterns, so a policy that is stored is a policy the engine can evaluate.
import { invalidArgument } from "../../lib/errors.js";
import { storableText } from "../../lib/text.js";
import { compilePattern, type Pattern } from "./pattern.js";
import { parsePermissions, permissionMask, type Permission } from "./permissions.js";

export const POLICY_NAME_MAX = 128;
const NAME = /^[A-Za-z0-9._-]+$/;

/** Reserved pseudo-paths that gate administrative operations (upstream SPIKE's names). */
export const RESERVED_PREFIX = "spike/system/";
export const RESERVED_PATHS = {
  acl: "spike/system/acl",
  secret: "spike/system/secret",
  cipher: "spike/system/cipher/exec",
} as const;
const RESERVED_LIST: readonly string[] = Object.values(RESERVED_PATHS);

export const isReservedPath = (path: string): boolean => path.startsWith(RESERVED_PREFIX);

export interface PolicySpec {
  readonly name: string;
  readonly spiffeIdPattern: string;
  readonly pathPattern: string;
  readonly permissions: readonly Permission[];
}

export interface StoredPolicy extends PolicySpec {
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly createdBy: string;
  readonly updatedBy: string;
}

/** A policy ready for decisions. */
export interface CompiledPolicy {
  readonly name: string;
  readonly spiffeId: Pattern;
  readonly path: Pattern;
  readonly mask: number;
}

export function checkPolicyName(name: string): string {
  if (name === "") throw invalidArgument("policy name is empty");
  if (name.length > POLICY_NAME_MAX) throw invalidArgument(`policy name is longer than ${POLICY_NAME_MAX} characters`);
  if (!NAME.test(name)) throw invalidArgument(`policy name ${JSON.stringify(name.slice(0, 64))} has a character outside letters, digits and - _ .`);
  return name;
}

export function compilePolicy(spec: PolicySpec): CompiledPolicy {
  return {
    name: spec.name,
    spiffeId: compilePattern(spec.spiffeIdPattern, "spiffe_id_pattern"),
    path: compilePattern(spec.pathPattern, "path_pattern"),
    mask: permissionMask(spec.permissions),
  };
}

/** The reserved paths a compiled policy's path pattern reaches (full match). */
export const reservedPathsReached = (p: CompiledPolicy): string[] => RESERVED_LIST.filter((r) => p.path.test(r));

/**
 * Validates a policy as written by a caller: name, both patterns compile, known permissions, and the reserved
 * namespace rule (a policy whose path pattern reaches spike/system/... needs an anchored SPIFFE-ID pattern).
 * Throws INVALID_ARGUMENT naming the problem.
 */
export function checkPolicySpec(raw: { name: string; spiffeIdPattern: string; pathPattern: string; permissions: readonly (string | number)[] }): PolicySpec {
  const spec: PolicySpec = {
    name: checkPolicyName(raw.name),
    spiffeIdPattern: storableText(raw.spiffeIdPattern, "spiffe_id_pattern"),
    pathPattern: storableText(raw.pathPattern, "path_pattern"),
    permissions: parsePermissions(raw.permissions),
  };
  const compiled = compilePolicy(spec);
  const reached = reservedPathsReached(compiled);
  if (reached.length > 0 && !compiled.spiffeId.anchored) {
    throw invalidArgument(
      `path_pattern reaches the reserved path ${reached.join(", ")}, so spiffe_id_pattern must be anchored (start with "^" and end with "$"): got ${JSON.stringify(spec.spiffeIdPattern)}`,
    );
  }
  return spec;
}
