// Spike's role SPIFFE IDs. A role matches its base ID, or the base ID followed by "/" and more segments
// (".../spike/nexus/pod-0" is Nexus); never a bare string prefix (".../role/superuser-x" is nobody).
import { matchesRole, spiffeIdFrom, type SpiffeId } from "../spiffe/id.js";
import type { ServerAuthorizer } from "../spiffe/server-check.js";

export type Role = "nexus" | "keeper" | "bootstrap" | "superuser" | "recover" | "restore";

const ROLE_PATHS: Record<Role, string> = {
  nexus: "/spike/nexus",
  keeper: "/spike/keeper",
  bootstrap: "/spike/bootstrap",
  superuser: "/spike/pilot/role/superuser",
  recover: "/spike/pilot/role/recover",
  restore: "/spike/pilot/role/restore",
};

/** The base ID of `role` in the first trust domain, for messages ("want spiffe://spike.ist/spike/nexus"). */
export function roleId(role: Role, trustDomain: string): SpiffeId {
  const key = `${role} ${trustDomain}`;
  let id = roleIds.get(key);
  if (id === undefined) {
    id = spiffeIdFrom(trustDomain, ROLE_PATHS[role]);
    roleIds.set(key, id);
  }
  return id;
}

/** Role IDs by role and trust domain: every guarded call asks, and parsing one costs more than the lookup. */
const roleIds = new Map<string, SpiffeId>();

export function hasRole(id: SpiffeId, role: Role, trustDomains: readonly string[]): boolean {
  return trustDomains.some((td) => matchesRole(id, roleId(role, td)));
}

export function describeRole(role: Role, trustDomains: readonly string[]): string {
  return trustDomains.map((td) => roleId(role, td).text).join(" or ");
}

/**
 * A Keeper's share id is the number in its ID: spiffe://<td>/spike/keeper/<n>, 1 <= n <= 1000.
 * Returns undefined for any other ID, so a Keeper without a number cannot start.
 */
export function keeperShareId(id: SpiffeId, trustDomains: readonly string[]): number | undefined {
  if (!hasRole(id, "keeper", trustDomains)) return undefined;
  const m = /^\/spike\/keeper\/([1-9]\d{0,3})$/.exec(id.path);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 1000 ? n : undefined;
}

/** What a client accepts as the server: exactly `role` in our trust domains; `seen` hears each verified server ID. */
export function serverOfRole(role: Role, trustDomains: readonly string[], seen?: (id: SpiffeId) => void): ServerAuthorizer {
  return { expected: describeRole(role, trustDomains), allows: (id) => hasRole(id, role, trustDomains), ...(seen !== undefined ? { seen } : {}) };
}
