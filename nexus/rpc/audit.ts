// spike.v1.Audit: every RPC is registered through a guard. Answers UNIMPLEMENTED until the audit log (issue 5) lands.
import type { AuditDefinition } from "../../proto/types/spike/v1/Audit.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function auditRpcs(ctx: NexusRpcContext): ServiceRpcs<AuditDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Tail: notYet(superuser, "the audit log (issue 5)"),
    Verify: notYet(superuser, "the audit log (issue 5)"),
    Export: notYet(superuser, "the audit log (issue 5)"),
    Prune: notYet(superuser, "the audit log (issue 5)"),
  };
}
