// What every RPC module receives from the wiring function: the trusted trust domains (for role guards) and the
// services it acts through. A service that is not ready (no database yet, no root key) throws "unavailable" with
// the reason when asked for.
import type { SecretLimits } from "../secrets/rules.js";
import type { SecretsService } from "../secrets/service.js";

export interface NexusRpcContext {
  readonly trustDomains: readonly string[];
  readonly secretLimits: SecretLimits;
  readonly secrets: () => SecretsService;
}
