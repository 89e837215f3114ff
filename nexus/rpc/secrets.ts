// spike.v1.Secrets: every RPC is registered through a guard. Answers UNIMPLEMENTED until the secrets store (issue 3) lands.
import type { SecretsDefinition } from "../../proto/types/spike/v1/Secrets.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function secretsRpcs(ctx: NexusRpcContext): ServiceRpcs<SecretsDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Put: notYet(superuser, "the secrets store (issue 3)"),
    Get: notYet(superuser, "the secrets store (issue 3)"),
    List: notYet(superuser, "the secrets store (issue 3)"),
    Delete: notYet(superuser, "the secrets store (issue 3)"),
    Undelete: notYet(superuser, "the secrets store (issue 3)"),
    Destroy: notYet(superuser, "the secrets store (issue 3)"),
    DestroyPrefix: notYet(superuser, "the secrets store (issue 3)"),
    GetMetadata: notYet(superuser, "the secrets store (issue 3)"),
    UpdateMetadata: notYet(superuser, "the secrets store (issue 3)"),
    DeleteMetadata: notYet(superuser, "the secrets store (issue 3)"),
  };
}
