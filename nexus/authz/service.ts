// Policies as Nexus serves them: the table (through the repository) and the engine's cache, kept in step. Every
// change made here reloads the engine before the RPC answers, so a deleted policy stops admitting at once; the
// reload waits for the change's transaction to commit, so the cache never holds a policy that was rolled back.
import { alreadyExistsError, notFoundError } from "./errors.js";
import type { PolicyFilter, PolicyRepository } from "../store/policy-repository.js";
import type { PolicyEngine } from "./engine.js";
import { afterCommit } from "../store/unit-of-work.js";
import type { PolicySpec, StoredPolicy } from "./policy.js";

/** The most policies one Nexus keeps (RESOURCE_EXHAUSTED beyond). */
export const POLICIES_MAX = 10_000;

export class PolicyService {
  constructor(
    private readonly repository: PolicyRepository,
    readonly engine: PolicyEngine,
    private readonly max = POLICIES_MAX,
  ) {}

  async create(spec: PolicySpec, by: string): Promise<StoredPolicy> {
    const stored = await this.repository.create({ ...spec, by }, this.max);
    if (stored === undefined) throw alreadyExistsError(`a policy named "${spec.name}" already exists (use apply to replace it)`);
    await afterCommit(() => this.engine.reload());
    return stored;
  }

  async apply(spec: PolicySpec, by: string): Promise<{ policy: StoredPolicy; created: boolean }> {
    const result = await this.repository.apply({ ...spec, by }, this.max);
    await afterCommit(() => this.engine.reload());
    return result;
  }

  async get(name: string): Promise<StoredPolicy> {
    const p = await this.repository.get(name);
    if (p === undefined) throw notFoundError(`no policy named "${name}"`);
    return p;
  }

  list(filter: PolicyFilter, after: string, limit: number): Promise<StoredPolicy[]> {
    return this.repository.list(filter, after, limit);
  }

  async delete(name: string): Promise<void> {
    if (!(await this.repository.delete(name))) throw notFoundError(`no policy named "${name}"`);
    await afterCommit(() => this.engine.reload());
  }
}
