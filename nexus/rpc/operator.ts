// spike.v1.Operator: the root-key ceremonies. Recover and restore belong to their own Pilot roles, which no policy
// can grant. Answers UNIMPLEMENTED until the root-key lifecycle (issue 4) lands.
import type { OperatorDefinition } from "../../proto/types/spike/v1/Operator.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function operatorRpcs(ctx: NexusRpcContext): ServiceRpcs<OperatorDefinition> {
  const td = ctx.trustDomains;
  const superuser = roles(td, "superuser");
  const later = "the root-key lifecycle (issue 4)";
  return {
    Bootstrap: notYet(roles(td, "superuser", "bootstrap"), later),
    Status: notYet(roles(td, "superuser", "bootstrap", "recover", "restore"), later),
    Recover: notYet(roles(td, "recover"), later),
    Restore: notYet(roles(td, "restore"), later),
    RotateDataKey: notYet(superuser, later),
    RotateRootKey: notYet(superuser, later),
    Rewrap: notYet(superuser, later),
  };
}
