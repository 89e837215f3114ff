// What every RPC module receives from the wiring function: the trusted trust domains (for role guards) and the
// services it acts through. A service that is not ready (no database yet, no root key) throws "unavailable" with
// the reason when asked for.
import type { AdminTokenService } from "../admin-tokens/service.js";
import type { AuditLog } from "../audit/log.js";
import type { BackupService } from "../backup/service.js";
import type { PolicyService } from "../authz/service.js";
import type { RootKeyLifecycle } from "../root-key/lifecycle.js";
import type { KeyringCipher } from "../secrets/keyring-cipher.js";
import type { RewrapJob } from "../secrets/rewrap-job.js";
import type { SecretLimits } from "../secrets/rules.js";
import type { SecretsService } from "../secrets/service.js";
import type { Storage } from "../storage.js";
import type { Slots } from "../limits/rate-limit.js";

export interface NexusRpcContext {
  readonly trustDomains: readonly string[];
  readonly secretLimits: SecretLimits;
  /** The cipher service's per-call plaintext limit in bytes (SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE). */
  readonly cipherMaxPlaintextBytes: number;
  readonly secrets: () => SecretsService;
  readonly adminTokens: () => AdminTokenService;
  readonly keyring: () => KeyringCipher;
  readonly rewrap: () => RewrapJob;
  /** Policies and the authorization engine; need the database, not the root key (policies are not encrypted). */
  readonly policies: () => PolicyService;
  readonly lifecycle: RootKeyLifecycle;
  /** The audit log (Tail, Verify, Export, Prune); throws "unavailable" until the database is open. */
  readonly audit: () => AuditLog;
  readonly storage: Storage;
  /** Backups and the restore drill; need the database (the drill also a root key, or shares). */
  readonly backup: () => BackupService;
  /** Open audit tail --follow streams, bounded by SPIKE_NEXUS_MAX_FOLLOW_STREAMS. */
  readonly followStreams: Slots;
  readonly instance: { readonly version: string; readonly startedAt: Date; readonly name: string };
}
