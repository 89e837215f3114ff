// The authorization engine: the stored policies, compiled once and kept in memory. A decision never reads the
// database and never compiles a regex.
//
// allows(peer, path, permission) is true when some policy's SPIFFE-ID pattern matches the peer, its path pattern
// matches the path (full matches) and it grants the permission (super grants all). Default deny. A policy reaches a
// reserved path (spike/system/...) only when its SPIFFE-ID pattern is anchored: writes refuse other policies, and
// the check skips them too, in case one is in the table anyway.
//
// The Pilot superuser's bypass and the role-only RPCs (recover, restore, ...) live in the guards
// (nexus/rpc/guards.ts); no policy can name a role, so none can grant one.
//
// The cache is reloaded after every policy change made through this Nexus, and, on PostgreSQL, when another Nexus on
// the same database changes a policy (a notification, nexus/store/change-feed.ts, ADR 0020).
import type { Log } from "../../lib/log.js";
import type { SpiffeId } from "../../spiffe/id.js";
import { compilePolicy, isReservedPath, reservedPathsReached, type CompiledPolicy, type StoredPolicy } from "./policy.js";
import { permissionBit, type Permission } from "./permissions.js";

/** How many peers' policy lists are remembered before the memo is emptied. */
const PEER_MEMO_MAX = 10_000;

export class PolicyEngine {
  #policies: readonly CompiledPolicy[] | undefined;
  #loading: Promise<readonly CompiledPolicy[]> | undefined;
  #generation = 0;
  /** The latest reload started. */
  #newest: Promise<void> = Promise.resolve();
  /** Per peer SPIFFE ID: the policies whose SPIFFE-ID pattern matches it. */
  readonly #byPeer = new Map<string, readonly CompiledPolicy[]>();

  constructor(
    private readonly load: () => Promise<readonly StoredPolicy[]>,
    private readonly log?: Log,
  ) {}

  /** Compiles `stored` and makes it the current set (also used by the bench and unit tests). */
  install(stored: readonly StoredPolicy[]): readonly CompiledPolicy[] {
    const compiled: CompiledPolicy[] = [];
    for (const s of stored) {
      try {
        const c = compilePolicy(s);
        if (!c.spiffeId.anchored && reservedPathsReached(c).length > 0) {
          this.log?.warn("policy reaches a reserved path with an unanchored SPIFFE-ID pattern; it is skipped there", { policy: s.name });
        }
        compiled.push(c);
      } catch (err) {
        this.log?.warn("stored policy does not compile; it is skipped", { policy: s.name, reason: err instanceof Error ? err.message : String(err) });
      }
    }
    this.#policies = compiled;
    this.#byPeer.clear();
    return compiled;
  }

  /**
   * Reads every policy from the store again. When it resolves, the installed set is at least as new as the store
   * was when it was called: a reload overtaken by a later one (another change, or a notification from another
   * Nexus) also waits for that later one, whose result is the one installed.
   */
  reload(): Promise<void> {
    const run = this.#reload();
    this.#newest = run;
    return run;
  }

  async #reload(): Promise<void> {
    const generation = ++this.#generation;
    const loading = this.load().then((stored) => {
      // A later reload started meanwhile: its result wins.
      if (generation === this.#generation) return this.install(stored);
      return this.#policies ?? [];
    });
    this.#loading = loading;
    try {
      await loading;
    } finally {
      if (this.#loading === loading) this.#loading = undefined;
    }
    if (generation !== this.#generation) await this.#newest;
  }

  async #current(): Promise<readonly CompiledPolicy[]> {
    if (this.#policies !== undefined) return this.#policies;
    if (this.#loading === undefined) await this.reload();
    else await this.#loading;
    return this.#policies ?? [];
  }

  /** Whether the policies grant `permission` on `path` to `peer`. Loads the policies on first use. */
  async allows(peer: SpiffeId, path: string, permission: Permission): Promise<boolean> {
    await this.#current();
    return this.decide(peer.text, path, permission);
  }

  /** The decision on the loaded policies (none loaded: deny). Synchronous, for hot loops (List filtering). */
  decide(peer: string, path: string, permission: Permission): boolean {
    const bit = permissionBit(permission);
    const reserved = isReservedPath(path);
    for (const p of this.#forPeer(peer)) {
      if ((p.mask & bit) === 0) continue;
      if (reserved && !p.spiffeId.anchored) continue;
      if (p.path.test(path)) return true;
    }
    return false;
  }

  /** Whether some policy grants `permission` to `peer` on any path at all (who may ask for a filtered listing). */
  async grantsSomewhere(peer: SpiffeId, permission: Permission): Promise<boolean> {
    await this.#current();
    const bit = permissionBit(permission);
    return this.#forPeer(peer.text).some((p) => (p.mask & bit) !== 0);
  }

  /** Makes sure the policies are loaded (before a run of synchronous `decide` calls). */
  async ready(): Promise<void> {
    await this.#current();
  }

  /** Forgets which policies match which peer (the bench measures decisions without the memo). */
  forgetPeers(): void {
    this.#byPeer.clear();
  }

  #forPeer(peer: string): readonly CompiledPolicy[] {
    const memo = this.#byPeer.get(peer);
    if (memo !== undefined) return memo;
    const mine = (this.#policies ?? []).filter((p) => p.spiffeId.test(peer));
    if (this.#byPeer.size >= PEER_MEMO_MAX) this.#byPeer.clear();
    this.#byPeer.set(peer, mine);
    return mine;
  }
}
