// SQL for access policies. Validation and compilation happen before (nexus/authz/policy.ts); this only stores rows.
import type { IDatabase } from "pg-promise";
import { SpikeError } from "../../lib/errors.js";
import type { StoredPolicy } from "../authz/policy.js";
import type { Permission } from "../authz/permissions.js";
import { guardOutage } from "./database.js";
import { queryable, transact, writable } from "./unit-of-work.js";

type Db = IDatabase<object>;

interface RawPolicy {
  name: string;
  spiffe_id_pattern: string;
  path_pattern: string;
  permissions: string[];
  created_at: Date;
  updated_at: Date;
  created_by: string;
  updated_by: string;
}

const COLUMNS = "name, spiffe_id_pattern, path_pattern, permissions, created_at, updated_at, created_by, updated_by";

const toPolicy = (r: RawPolicy): StoredPolicy => ({
  name: r.name,
  spiffeIdPattern: r.spiffe_id_pattern,
  pathPattern: r.path_pattern,
  permissions: r.permissions as Permission[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
});

export interface PolicyWrite {
  readonly name: string;
  readonly spiffeIdPattern: string;
  readonly pathPattern: string;
  readonly permissions: readonly Permission[];
  readonly by: string;
}

export interface PolicyFilter {
  /** Exact match when non-empty. */
  readonly spiffeIdPattern: string;
  readonly pathPattern: string;
}

const tooMany = (max: number): SpikeError => new SpikeError("resource_exhausted", `there are already ${max} policies, the most Nexus keeps`);

export class PolicyRepository {
  constructor(private readonly db: Db) {}

  all(): Promise<StoredPolicy[]> {
    return guardOutage(async () => (await queryable(this.db).any<RawPolicy>(`SELECT ${COLUMNS} FROM policies ORDER BY name`)).map(toPolicy));
  }

  get(name: string): Promise<StoredPolicy | undefined> {
    return guardOutage(async () => {
      const row = await queryable(this.db).oneOrNone<RawPolicy>({ name: "policy-get", text: `SELECT ${COLUMNS} FROM policies WHERE name = $1`, values: [name] });
      return row === null ? undefined : toPolicy(row);
    });
  }

  /** Inserts a new policy; undefined when the name is taken. */
  create(p: PolicyWrite, max: number): Promise<StoredPolicy | undefined> {
    return guardOutage(() =>
      transact(this.db, "policy-create", async (t) => {
        await t.none("LOCK TABLE policies IN SHARE ROW EXCLUSIVE MODE");
        if ((await t.one<{ n: number }>("SELECT count(*)::int AS n FROM policies")).n >= max) {
          if ((await t.oneOrNone("SELECT 1 FROM policies WHERE name = $1", [p.name])) === null) throw tooMany(max);
        }
        const row = await t.oneOrNone<RawPolicy>(
          `INSERT INTO policies (name, spiffe_id_pattern, path_pattern, permissions, created_by, updated_by)
           VALUES ($1, $2, $3, $4::text[], $5, $5) ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
          [p.name, p.spiffeIdPattern, p.pathPattern, p.permissions, p.by],
        );
        return row === null ? undefined : toPolicy(row);
      }),
    );
  }

  /** Inserts or replaces (keeping created_at/created_by); says whether it was new. */
  apply(p: PolicyWrite, max: number): Promise<{ policy: StoredPolicy; created: boolean }> {
    return guardOutage(() =>
      transact(this.db, "policy-apply", async (t) => {
        await t.none("LOCK TABLE policies IN SHARE ROW EXCLUSIVE MODE");
        const exists = (await t.oneOrNone("SELECT 1 FROM policies WHERE name = $1", [p.name])) !== null;
        if (!exists && (await t.one<{ n: number }>("SELECT count(*)::int AS n FROM policies")).n >= max) throw tooMany(max);
        const row = await t.one<RawPolicy>(
          `INSERT INTO policies AS p (name, spiffe_id_pattern, path_pattern, permissions, created_by, updated_by)
           VALUES ($1, $2, $3, $4::text[], $5, $5)
           ON CONFLICT (name) DO UPDATE SET spiffe_id_pattern = EXCLUDED.spiffe_id_pattern, path_pattern = EXCLUDED.path_pattern,
             permissions = EXCLUDED.permissions, updated_at = now(), updated_by = EXCLUDED.updated_by
           RETURNING ${COLUMNS}`,
          [p.name, p.spiffeIdPattern, p.pathPattern, p.permissions, p.by],
        );
        return { policy: toPolicy(row), created: !exists };
      }),
    );
  }

  /** Policies after `after` in name order, optionally filtered by exact patterns; at most `limit`. */
  list(filter: PolicyFilter, after: string, limit: number): Promise<StoredPolicy[]> {
    return guardOutage(async () =>
      (
        await queryable(this.db).any<RawPolicy>({
          name: "policy-list",
          text: `SELECT ${COLUMNS} FROM policies
                 WHERE name > $1 AND ($2 = '' OR spiffe_id_pattern = $2) AND ($3 = '' OR path_pattern = $3)
                 ORDER BY name LIMIT $4`,
          values: [after, filter.spiffeIdPattern, filter.pathPattern, limit],
        })
      ).map(toPolicy),
    );
  }

  /** True when a policy was deleted. */
  delete(name: string): Promise<boolean> {
    return guardOutage(async () => (await (await writable(this.db)).result("DELETE FROM policies WHERE name = $1", [name])).rowCount === 1);
  }
}
