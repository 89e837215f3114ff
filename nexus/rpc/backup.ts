// spike.v1.Backup: every RPC is registered through a guard. Answers UNIMPLEMENTED until backups (issue 7) lands.
import type { BackupDefinition } from "../../proto/types/spike/v1/Backup.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function backupRpcs(ctx: NexusRpcContext): ServiceRpcs<BackupDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Create: notYet(superuser, "backups (issue 7)"),
    Verify: notYet(superuser, "backups (issue 7)"),
    Drill: notYet(superuser, "backups (issue 7)"),
  };
}
