// Guards by role, and by policy for workloads. Roles are checked first: the Pilot superuser passes every policy
// guard without the policy engine (and without the database). Recover, restore, Keeper and bootstrap RPCs use role
// guards only; no policy can grant them.
import type { SpiffeId } from "../../spiffe/id.js";
import { describeRole, hasRole, type Role } from "../../lib/roles.js";
import type { Permission } from "../authz/permissions.js";
import type { PolicyEngine } from "../authz/engine.js";
import type { Guard } from "./define.js";

/** Admits a peer holding any of `roles` in one of the trusted trust domains. */
export function roles(trustDomains: readonly string[], ...allowed: Role[]): Guard<unknown> {
  return {
    who: allowed.map((r) => describeRole(r, trustDomains)).join(" or "),
    allows: (peer: SpiffeId) => allowed.some((r) => hasRole(peer, r, trustDomains)),
  };
}

/** What a policy guard needs from the RPC context. */
export interface PolicyGuardContext {
  readonly trustDomains: readonly string[];
  readonly policies: () => { readonly engine: PolicyEngine };
}

/**
 * Admits the Pilot superuser, or a peer some policy grants `permission` on the path `resource` picks from the
 * request. Without a request (an RPC not implemented yet), only the superuser.
 */
export function policy<Req>(ctx: PolicyGuardContext, permission: Permission, resource: (request: Req) => string): Guard<Req> {
  return {
    who: `${describeRole("superuser", ctx.trustDomains)} or a workload with a policy granting ${permission} on the path`,
    allows: (peer: SpiffeId, request: Req | undefined) => {
      if (hasRole(peer, "superuser", ctx.trustDomains)) return true;
      if (request === undefined) return false;
      return ctx.policies().engine.allows(peer, resource(request), permission);
    },
  };
}

/** Like `policy`, on a fixed reserved path (spike/system/acl, spike/system/cipher/exec...). */
export function policyOn(ctx: PolicyGuardContext, permission: Permission, path: string): Guard<unknown> {
  return {
    who: `${describeRole("superuser", ctx.trustDomains)} or a workload with a policy granting ${permission} on ${path}`,
    allows: (peer: SpiffeId) => hasRole(peer, "superuser", ctx.trustDomains) || ctx.policies().engine.allows(peer, path, permission),
  };
}

/**
 * Admits the superuser, or a peer holding `permission` on at least one path; the RPC itself narrows what it answers
 * (secret List returns only the paths the caller may list). A peer with no such grant at all is denied, so an
 * unauthorized workload learns nothing, not even an empty list.
 */
export function policySomewhere(ctx: PolicyGuardContext, permission: Permission): Guard<unknown> {
  return {
    who: `${describeRole("superuser", ctx.trustDomains)} or a workload with a policy granting ${permission}`,
    allows: (peer: SpiffeId) => hasRole(peer, "superuser", ctx.trustDomains) || ctx.policies().engine.grantsSomewhere(peer, permission),
  };
}
