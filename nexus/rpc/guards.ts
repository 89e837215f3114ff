// Guards by role. Policy-based guards (for workloads) join these with the policy engine.
import type { SpiffeId } from "../../spiffe/id.js";
import { describeRole, hasRole, type Role } from "../../lib/roles.js";
import type { Guard } from "./define.js";

/** Admits a peer holding any of `roles` in one of the trusted trust domains. */
export function roles(trustDomains: readonly string[], ...allowed: Role[]): Guard<unknown> {
  return {
    who: allowed.map((r) => describeRole(r, trustDomains)).join(" or "),
    allows: (peer: SpiffeId) => allowed.some((r) => hasRole(peer, r, trustDomains)),
  };
}
