// spike.v1.Policies: every RPC is registered through a guard. Answers UNIMPLEMENTED until policies (issue 5) lands.
import type { PoliciesDefinition } from "../../proto/types/spike/v1/Policies.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function policiesRpcs(ctx: NexusRpcContext): ServiceRpcs<PoliciesDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Create: notYet(superuser, "policies (issue 5)"),
    Apply: notYet(superuser, "policies (issue 5)"),
    Get: notYet(superuser, "policies (issue 5)"),
    List: notYet(superuser, "policies (issue 5)"),
    Delete: notYet(superuser, "policies (issue 5)"),
  };
}
