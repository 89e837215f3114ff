// What a policy may grant, as names ("read") and as the proto enum ("PERMISSION_READ"). `super` implies the rest.
import { invalidArgument } from "../../lib/errors.js";

export const PERMISSIONS = ["read", "write", "list", "execute", "super"] as const;
export type Permission = (typeof PERMISSIONS)[number];

const BIT: Record<Permission, number> = { read: 1, write: 2, list: 4, execute: 8, super: 16 };
const ALL = 31;

export const isPermission = (s: string): s is Permission => (PERMISSIONS as readonly string[]).includes(s);

/** "read", "READ" or "PERMISSION_READ" -> "read"; anything else is undefined. */
function permissionFrom(value: string | number): Permission | undefined {
  if (typeof value === "number") return value >= 1 && value <= PERMISSIONS.length ? PERMISSIONS[value - 1] : undefined;
  const name = value.trim().toLowerCase().replace(/^permission_/, "");
  return isPermission(name) ? name : undefined;
}

/**
 * Parses a permission list: at least one, each known, duplicates merged, returned in ascending (proto) order.
 * Throws INVALID_ARGUMENT naming the first unknown value.
 */
export function parsePermissions(values: readonly (string | number)[]): Permission[] {
  if (values.length === 0) throw invalidArgument(`a policy needs at least one permission (${PERMISSIONS.join(", ")})`);
  const seen = new Set<Permission>();
  for (const v of values) {
    const p = permissionFrom(v);
    if (p === undefined) throw invalidArgument(`unknown permission ${JSON.stringify(v)}: use ${PERMISSIONS.join(", ")}`);
    seen.add(p);
  }
  return PERMISSIONS.filter((p) => seen.has(p));
}

/** The permission set as a bit mask; `super` grants every bit. */
export function permissionMask(perms: readonly Permission[]): number {
  let mask = 0;
  for (const p of perms) mask |= BIT[p];
  return mask & BIT.super ? ALL : mask;
}

export const permissionBit = (p: Permission): number => BIT[p];

export const toProtoPermission = (p: Permission): `PERMISSION_${Uppercase<Permission>}` => `PERMISSION_${p.toUpperCase() as Uppercase<Permission>}`;
