// The secrets store's logic, between the RPC handlers (which never see ciphertext or SQL) and the repository
// (which never sees plaintext): versions, check-and-set, soft delete, destroy, retention.
import { SpikeError, invalidArgument, notFound } from "../../lib/errors.js";
import type { MetadataRow, SecretsRepository, VersionRow } from "../store/secrets-repository.js";
import type { SecretCipher } from "./cipher.js";
import type { SecretLimits } from "./rules.js";

/** The table name in every secret's AAD: a ciphertext moved to another table fails authentication. */
const TABLE = "secrets";

export interface SecretValue {
  readonly data: Record<string, string>;
  readonly version: number;
  readonly createdAt: Date;
  readonly currentVersion: number;
}

export interface SecretMetadata {
  readonly path: string;
  readonly currentVersion: number;
  readonly oldestVersion: number;
  readonly maxVersions: number;
  readonly effectiveMaxVersions: number;
  readonly casRequired: boolean;
  readonly customMetadata: Record<string, string>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly versions: ReadonlyArray<{ version: number; createdAt: Date; deletedAt: Date | null; destroyedAt: Date | null }>;
}

function encode(pairs: ReadonlyArray<[string, string]>): Buffer {
  return Buffer.from(JSON.stringify(pairs), "utf8");
}

function decode(plaintext: Buffer): Record<string, string> {
  try {
    const pairs = JSON.parse(plaintext.toString("utf8")) as Array<[string, string]>;
    return Object.fromEntries(pairs);
  } finally {
    plaintext.fill(0);
  }
}

export class SecretsService {
  constructor(
    private readonly repo: SecretsRepository,
    private readonly cipher: SecretCipher,
    readonly limits: SecretLimits,
  ) {}

  async put(path: string, pairs: ReadonlyArray<[string, string]>, opts: { cas?: number | undefined; customMetadata?: Record<string, string> | undefined }): Promise<{ version: number; createdAt: Date }> {
    const plaintext = encode(pairs);
    try {
      // One data-key use per attempt: the repository may seal for a predicted state first and, if the database
      // differs, again under the row lock for the real one (ADR 0030). Either way the checks below see the state
      // the ciphertext is written with.
      return await this.repo.put(path, opts.customMetadata, this.limits.defaultMaxVersions, async () => {
        const permit = await this.cipher.reserve();
        return (state) => {
          if (opts.cas === undefined && state.casRequired) {
            throw invalidArgument(`${path} requires check-and-set: pass cas (its current version is ${state.previousVersion})`);
          }
          if (opts.cas !== undefined && opts.cas !== state.previousVersion) {
            throw new SpikeError("failed_precondition", opts.cas === 0
              ? `${path} already exists (current version ${state.previousVersion}); cas 0 only creates`
              : `check-and-set failed for ${path}: cas ${opts.cas}, current version ${state.previousVersion}`);
          }
          return permit.seal(plaintext, { table: TABLE, path, version: state.version });
        };
      });
    } finally {
      plaintext.fill(0);
    }
  }

  async get(path: string, version: number): Promise<SecretValue> {
    const found = await this.repo.getVersion(path, version);
    if (found === undefined || found.currentVersion === 0) throw notFound(`no secret at ${path}`);
    const want = version === 0 ? found.currentVersion : version;
    const row = found.row;
    if (row === undefined) throw notFound(`${path} has no version ${want}${want > found.currentVersion ? "" : " (it was removed by the version limit)"}`);
    if (row.destroyedAt !== null) throw notFound(`version ${want} of ${path} is destroyed`);
    if (row.deletedAt !== null) throw notFound(`version ${want} of ${path} is deleted (undelete brings it back)`);
    const data = decode(await this.cipher.open(row.ciphertext as Buffer, { table: TABLE, path, version: want }));
    return { data, version: want, createdAt: row.createdAt, currentVersion: found.currentVersion };
  }

  list(prefix: string, after: string, limit: number): Promise<string[]> {
    return this.repo.list(prefix, after, limit);
  }

  async metadata(path: string): Promise<SecretMetadata> {
    const found = await this.repo.metadata(path);
    if (found === undefined) throw notFound(`no secret at ${path}`);
    return this.describe(found.meta, found.versions);
  }

  private describe(meta: MetadataRow, versions: VersionRow[]): SecretMetadata {
    return {
      path: meta.path,
      currentVersion: meta.currentVersion,
      oldestVersion: versions[0]?.version ?? 0,
      maxVersions: meta.maxVersions,
      effectiveMaxVersions: meta.maxVersions > 0 ? meta.maxVersions : this.limits.defaultMaxVersions,
      casRequired: meta.casRequired,
      customMetadata: meta.customMetadata,
      createdAt: meta.createdAt,
      updatedAt: meta.updatedAt,
      versions: versions.map((v) => ({ version: v.version, createdAt: v.createdAt, deletedAt: v.deletedAt, destroyedAt: v.destroyedAt })),
    };
  }

  async delete(path: string, versions: number[]): Promise<number[]> {
    return this.change(path, "delete", (meta) => (versions.length > 0 ? versions : [meta.currentVersion]));
  }

  async undelete(path: string, versions: number[]): Promise<number[]> {
    return this.change(path, "undelete", (meta, kept) => {
      if (versions.length > 0) return versions;
      const current = kept.find((v) => v.version === meta.currentVersion);
      if (current !== undefined && current.deletedAt !== null) return [meta.currentVersion];
      const deleted = kept.filter((v) => v.deletedAt !== null && v.destroyedAt === null).map((v) => v.version);
      return deleted.length > 0 ? [Math.max(...deleted)] : [];
    });
  }

  async destroy(path: string, versions: number[]): Promise<number[]> {
    if (versions.length === 0) throw invalidArgument("destroy needs the versions to destroy (there is no implicit current version for an irreversible operation)");
    return this.change(path, "destroy", () => versions);
  }

  private async change(path: string, kind: "delete" | "undelete" | "destroy", choose: (meta: MetadataRow, kept: VersionRow[]) => number[]): Promise<number[]> {
    const changed = await this.repo.changeVersions(path, kind, choose);
    if (changed === undefined) throw notFound(`no secret at ${path}`);
    return changed;
  }

  async updateMetadata(path: string, update: { maxVersions?: number | undefined; casRequired?: boolean | undefined; customMetadata?: Record<string, string> | undefined }): Promise<SecretMetadata> {
    if (!(await this.repo.updateMetadata(path, update, this.limits.defaultMaxVersions))) throw notFound(`no secret at ${path}`);
    return this.metadata(path);
  }

  destroyPrefix(prefix: string, dryRun: boolean): Promise<{ secrets: number; versions: number }> {
    return this.repo.destroyPrefix(prefix, dryRun);
  }

  async deleteMetadata(path: string): Promise<number> {
    const removed = await this.repo.deleteMetadata(path);
    if (removed === undefined) throw notFound(`no secret at ${path}`);
    return removed;
  }
}
