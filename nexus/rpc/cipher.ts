// spike.v1.Cipher: every RPC is registered through a guard. Answers UNIMPLEMENTED until the cipher service (issue 5) lands.
import type { CipherDefinition } from "../../proto/types/spike/v1/Cipher.js";
import { notYet, type ServiceRpcs } from "./define.js";
import { roles } from "./guards.js";
import type { NexusRpcContext } from "./context.js";

export function cipherRpcs(ctx: NexusRpcContext): ServiceRpcs<CipherDefinition> {
  const superuser = roles(ctx.trustDomains, "superuser");
  return {
    Encrypt: notYet(superuser, "the cipher service (issue 5)"),
    Decrypt: notYet(superuser, "the cipher service (issue 5)"),
    EncryptStream: notYet(superuser, "the cipher service (issue 5)"),
    DecryptStream: notYet(superuser, "the cipher service (issue 5)"),
    Rewrap: notYet(superuser, "the cipher service (issue 5)"),
  };
}
