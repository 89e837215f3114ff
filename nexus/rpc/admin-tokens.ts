// spike.v1.AdminTokens: every RPC is registered through a guard. Answers UNIMPLEMENTED until admin tokens (issue 4) lands.
import type { AdminTokensDefinition } from "../../proto/types/spike/v1/AdminTokens.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function adminTokensRpcs(ctx: NexusRpcContext): ServiceRpcs<AdminTokensDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Create: notYet(superuser, "admin tokens (issue 4)"),
    List: notYet(superuser, "admin tokens (issue 4)"),
    Revoke: notYet(superuser, "admin tokens (issue 4)"),
  };
}
