// The root key's life in Nexus: the bootstrap ceremony, and recovery with no human after a restart.
//
// Recovery: Nexus asks every Keeper for its share (with backoff while too few answer), rebuilds the key from any k
// of them, and uses it only if it matches the key check value recorded at bootstrap. A Keeper whose share does not
// fit is named in the log and given the right one. While ready, Nexus checks the Keepers every few seconds and
// re-seeds at once any that came back empty; every SPIKE_NEXUS_KEEPER_UPDATE_INTERVAL it re-seeds them all.
import { createHash } from "node:crypto";
import { SpikeError, invalidArgument, unavailable } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
import type { InMemoryRootKeyProvider } from "../crypto/in-memory-root-key.js";
import { keyCheckMatches, keyCheckValue } from "../crypto/key-check.js";
import { checkShare, combineShares, randomRootKey, shareFor, splitRootKey, type Share } from "../crypto/shamir.js";
import { keeperError, type KeeperClients } from "../keepers/keeper-client.js";
import type { KeeperPeer } from "../keepers/peers.js";
import type { RootKeyRecord, RootKeyRepository } from "../store/root-key-repository.js";

export type Readiness = "READY" | "STARTING" | "NOT_BOOTSTRAPPED" | "WAITING_FOR_SHARES" | "DATABASE_UNAVAILABLE";

export interface KeeperSeen {
  readonly peer: KeeperPeer;
  reachable: boolean;
  hasShare: boolean;
  lastContact: Date | undefined;
  error: string | undefined;
}

export interface RootKeyStatus {
  readonly readiness: Readiness;
  readonly reason: string;
  readonly record: RootKeyRecord | undefined;
  readonly sharesHeld: number;
  readonly keepers: readonly KeeperSeen[];
  readonly readySince: Date | undefined;
}

export interface LifecycleOptions {
  readonly provider: InMemoryRootKeyProvider;
  readonly keepers: KeeperClients;
  /** The repository once the database is open; throws "unavailable" until then. */
  readonly repository: () => RootKeyRepository;
  readonly log: Log;
  readonly shares: number;
  readonly threshold: number;
  readonly reseedIntervalMs: number;
  readonly maxBackoffMs: number;
  /** How often a ready Nexus checks that every Keeper still holds its share. */
  readonly checkIntervalMs?: number;
  /** Resolves when the database is open; recovery starts then, instead of backing off while it opens. */
  readonly databaseReady?: Promise<unknown>;
  /**
   * Tests only (set through the wiring function, never configuration): stop a root-key rotation dead at this
   * point, as if the process had been killed there.
   */
  readonly failpoint?: "rotation-pending-recorded" | "rotation-keepers-resharded";
}

export class SimulatedCrash extends Error {}

/** A short, stable fingerprint of a key check value, for status and logs. */
export function fingerprint(keyCheck: Buffer): string {
  return createHash("sha256").update(keyCheck).digest("hex").slice(0, 16);
}

/** Every way of picking k of the shares, capped: n is small (Keepers), and the first fitting pick wins. */
function* picks<T>(items: readonly T[], k: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === k) {
    yield [...chosen];
    return;
  }
  for (let i = start; i <= items.length - (k - chosen.length); i++) {
    chosen.push(items[i] as T);
    yield* picks(items, k, i + 1, chosen);
    chosen.pop();
  }
}

export class RootKeyLifecycle {
  #readiness: Readiness = "STARTING";
  #reason = "starting";
  #record: RootKeyRecord | undefined;
  #sharesHeld = 0;
  #readySince: Date | undefined;
  /** Shares fed by Operator.Restore, held only until k are in. */
  readonly #restoring = new Map<number, Buffer>();
  #closed = false;
  /** While a rotation re-shards the Keepers, re-seeding (with the old key) must stand aside. */
  #rotating = false;
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;
  readonly #seen: KeeperSeen[];

  constructor(private readonly o: LifecycleOptions) {
    this.#seen = o.keepers.peers.map((peer) => ({ peer, reachable: false, hasShare: false, lastContact: undefined, error: undefined }));
  }

  status(): RootKeyStatus {
    return { readiness: this.#readiness, reason: this.#reason, record: this.#record, sharesHeld: this.#sharesHeld, keepers: this.#seen, readySince: this.#readySince };
  }

  start(): void {
    this.#running ??= this.#loop().catch((err: unknown) => {
      this.o.log.error("root key recovery stopped", { error: err instanceof Error ? err.message : String(err) });
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const v of this.#restoring.values()) v.fill(0);
    this.#restoring.clear();
    this.#wake?.();
    await this.#running;
  }

  #set(readiness: Readiness, reason: string): void {
    if (this.#readiness !== readiness || this.#reason !== reason) this.o.log.info("root key status", { readiness, reason });
    this.#readiness = readiness;
    this.#reason = reason;
    if (readiness !== "READY") {
      this.#readySince = undefined;
      // The provider carries the reason callers see in UNAVAILABLE; tell it only when something changed.
      const now = this.o.provider.readiness();
      if (now.ready || now.reason !== reason) this.o.provider.clear(reason);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #loop(): Promise<void> {
    await this.o.databaseReady?.catch(() => undefined);
    // A key handed in ready-made (tests, benchmarks) stays: there is nothing to recover.
    if (this.o.provider.readiness().ready) {
      this.#readiness = "READY";
      this.#reason = "";
      this.#readySince = new Date();
    }
    let backoff = 100;
    let lastReseed = 0;
    while (!this.#closed) {
      if (this.o.provider.readiness().ready) {
        const full = Date.now() - lastReseed >= this.o.reseedIntervalMs;
        await this.#reseed(full);
        if (full) lastReseed = Date.now();
        await this.#sleep(this.o.checkIntervalMs ?? 2000);
        continue;
      }
      let record: RootKeyRecord | undefined;
      try {
        record = await this.o.repository().get();
      } catch (err) {
        this.#set(err instanceof SpikeError && err.code === "unavailable" && /not ready/.test(err.message) ? "STARTING" : "DATABASE_UNAVAILABLE", (err as Error).message);
        await this.#sleep(backoff);
        backoff = Math.min(backoff * 2, this.o.maxBackoffMs);
        continue;
      }
      this.#record = record;
      if (record === undefined) {
        this.#set("NOT_BOOTSTRAPPED", "not bootstrapped: run `spike operator bootstrap`");
        await this.#sleep(1000);
        continue;
      }
      if (await this.#recover(record)) {
        backoff = 100;
        lastReseed = Date.now();
        continue;
      }
      await this.#sleep(backoff);
      backoff = Math.min(backoff * 2, this.o.maxBackoffMs);
    }
  }

  /** Collects shares and rebuilds the key; true when Nexus is ready. */
  async #recover(found: RootKeyRecord): Promise<boolean> {
    let record = found;
    const collected: Share[] = [];
    await Promise.all(this.o.keepers.peers.map(async (peer, i) => {
      const seen = this.#seen[i] as KeeperSeen;
      try {
        const share = await this.o.keepers.shard(peer);
        Object.assign(seen, { reachable: true, hasShare: share !== undefined, lastContact: new Date(), error: undefined });
        if (share !== undefined) collected.push(share);
      } catch (err) {
        const error = keeperError(err);
        // Said once per change, so a Keeper that stays down does not flood the log.
        if (seen.error !== error) this.o.log.warn("cannot get a share from a Keeper", { keeper: peer.spiffeId.text, address: peer.address, error });
        Object.assign(seen, { reachable: false, hasShare: false, error });
      }
    }));
    collected.sort((a, b) => a.id - b.id);
    this.#sharesHeld = collected.length;
    const k = record.sharesNeeded;
    try {
      if (collected.length < k) {
        const down = this.#seen.filter((s) => !s.reachable).map((s) => `keeper ${s.peer.shareId}`);
        this.#set("WAITING_FOR_SHARES", `waiting for keepers: ${collected.length} of ${k} shares${down.length > 0 ? ` (unreachable: ${down.join(", ")})` : ""}`);
        return false;
      }
      let tried = 0;
      for (const pick of picks(collected, k)) {
        if (++tried > 500) break;
        const key = combineShares(pick, k);
        const which = keyCheckMatches(key, record.keyCheck) ? "current" : record.pending && keyCheckMatches(key, record.pending.keyCheck) ? "pending" : undefined;
        if (which === undefined) {
          key.fill(0);
          continue;
        }
        // A rotation was interrupted: the Keepers' shares say which key won. Finish it, or forget it.
        if (record.pending !== undefined) {
          record = which === "pending" ? await this.o.repository().completeRotation() : await this.o.repository().abandonRotation();
          this.#record = record;
          this.o.log.warn(which === "pending" ? "finished an interrupted root-key rotation" : "abandoned an interrupted root-key rotation", { generation: record.generation });
        }
        const misfits = collected.filter((s) => !shareFor(key, s.id, record.sharesTotal, k).value.equals(s.value));
        for (const bad of misfits) {
          const peer = this.o.keepers.peers.find((p) => p.shareId === bad.id);
          this.o.log.error("a Keeper's share does not fit the root key; replacing it", { keeper: peer?.spiffeId.text, address: peer?.address });
        }
        this.o.provider.set(key);
        key.fill(0);
        this.#sharesHeld = 0;
        this.#readySince = new Date();
        this.#set("READY", "");
        this.o.log.info("root key rebuilt from Keeper shares and verified", { generation: record.generation, fingerprint: fingerprint(record.keyCheck) });
        await this.#reseed(true);
        return true;
      }
      this.o.log.error("the Keepers' shares do not rebuild the recorded root key; not using them", {
        keepers: collected.map((s) => this.o.keepers.peers.find((p) => p.shareId === s.id)?.spiffeId.text),
      });
      this.#set("WAITING_FOR_SHARES", `the ${collected.length} shares from the Keepers do not rebuild the recorded root key (wrong or foreign shares)`);
      return false;
    } finally {
      for (const s of collected) s.value.fill(0);
    }
  }

  /**
   * Gives each Keeper its share: all of them (`full`), or only those that report holding none. Shares go out only
   * while no root-key rotation holds the database lock and only if the recorded key is still the one held: another
   * Nexus on this database may have rotated it, and re-seeding with the old key would undo that (ADR 0020).
   */
  async #reseed(full: boolean): Promise<void> {
    const record = this.#record;
    if (record === undefined || this.#rotating || !this.o.provider.readiness().ready) return;
    const targets: number[] = [];
    await Promise.all(this.o.keepers.peers.map(async (peer, i) => {
      const seen = this.#seen[i] as KeeperSeen;
      try {
        if (!full && (await this.o.keepers.holdsShare(peer))) {
          Object.assign(seen, { reachable: true, hasShare: true, lastContact: new Date(), error: undefined });
          return;
        }
        targets.push(i);
      } catch (err) {
        Object.assign(seen, { reachable: false, error: keeperError(err) });
      }
    }));
    if (targets.length === 0 || !this.o.provider.readiness().ready) return;
    const key = Buffer.from(this.o.provider.rootKey());
    try {
      const outcome = await this.o.repository().whileNotRotating(async (current) => {
        if (current === undefined || current.generation !== record.generation || !current.keyCheck.equals(record.keyCheck)) return "stale";
        await Promise.all(targets.map(async (i) => {
          const peer = this.o.keepers.peers[i] as KeeperPeer;
          const seen = this.#seen[i] as KeeperSeen;
          const share = shareFor(key, peer.shareId, record.sharesTotal, record.sharesNeeded);
          try {
            const unchanged = await this.o.keepers.contribute(peer, share);
            if (!unchanged) this.o.log.info("re-seeded a Keeper", { keeper: peer.spiffeId.text });
            Object.assign(seen, { reachable: true, hasShare: true, lastContact: new Date(), error: undefined });
          } catch (err) {
            Object.assign(seen, { reachable: false, error: keeperError(err) });
          } finally {
            share.value.fill(0);
          }
        }));
        return "done";
      });
      if (outcome === "stale") await this.checkGeneration();
    } catch (err) {
      this.o.log.debug("re-seeding skipped: the database is not reachable", { reason: err instanceof Error ? err.message : String(err) });
    } finally {
      key.fill(0);
    }
  }

  /**
   * Called when the root_key row changes (a notification from another Nexus, ADR 0020) and whenever re-seeding
   * finds the record moved on: if the recorded key is no longer the one held, drop it and rebuild the new one from
   * the Keepers, which the rotating Nexus has given their new shares.
   */
  async checkGeneration(): Promise<void> {
    const held = this.#record;
    if (held === undefined || this.#rotating || !this.o.provider.readiness().ready) return;
    const now = await this.o.repository().get();
    if (now === undefined || this.#rotating || !this.o.provider.readiness().ready) return;
    if (keyCheckMatches(this.o.provider.rootKey(), now.keyCheck)) {
      this.#record = now;
      return;
    }
    this.o.log.info("the root key was rotated by another Nexus; rebuilding it from the Keepers", { generation: now.generation, held: held.generation });
    this.#record = now;
    this.#set("WAITING_FOR_SHARES", `the root key was rotated to generation ${now.generation} by another Nexus: collecting the new shares`);
    this.#wake?.();
  }

  /** Break-glass export: all n shares of the current root key (the caller writes each to its own file). */
  recover(): { shares: Share[]; record: RootKeyRecord } {
    const record = this.#record;
    if (record === undefined || !this.o.provider.readiness().ready) throw unavailable(`Nexus holds no root key yet: ${this.#reason}`);
    return { shares: splitRootKey(this.o.provider.rootKey(), record.sharesTotal, record.sharesNeeded), record };
  }

  /**
   * Break-glass import, one share per call, accepted only while Nexus holds no root key. When k shares are in, the
   * key is rebuilt and must match the key check value, or every collected share is discarded.
   */
  async restore(share: Share): Promise<{ collected: number[]; needed: number; restored: boolean }> {
    if (this.o.provider.readiness().ready) throw new SpikeError("failed_precondition", "Nexus already holds a root key; restore is only for a Nexus that cannot rebuild it");
    const record = await this.o.repository().get();
    if (record === undefined) throw new SpikeError("failed_precondition", "Nexus was never bootstrapped: there is nothing to restore");
    this.#record = record;
    checkShare(share);
    if (share.id > record.sharesTotal) throw invalidArgument(`share id ${share.id} is above ${record.sharesTotal}, the number of shares this root key has`);
    if (this.#restoring.has(share.id)) throw new SpikeError("already_exists", `share ${share.id} is already collected`);
    this.#restoring.set(share.id, Buffer.from(share.value));
    const collected = [...this.#restoring.keys()].sort((a, b) => a - b);
    const k = record.sharesNeeded;
    if (collected.length < k) {
      this.#set("WAITING_FOR_SHARES", `restore: ${collected.length} of ${k} shares collected`);
      return { collected, needed: k, restored: false };
    }
    const shares = [...this.#restoring].map(([id, value]) => ({ id, value }));
    this.#restoring.clear();
    try {
      const key = combineShares(shares, k);
      const pendingMatch = record.pending !== undefined && keyCheckMatches(key, record.pending.keyCheck);
      if (!keyCheckMatches(key, record.keyCheck) && !pendingMatch) {
        key.fill(0);
        this.o.log.error("restore: the collected shares do not rebuild the recorded root key; all discarded");
        throw invalidArgument(`the ${shares.length} collected shares do not rebuild the recorded root key (check ${fingerprint(record.keyCheck)}); all were discarded`);
      }
      if (record.pending !== undefined) this.#record = pendingMatch ? await this.o.repository().completeRotation() : await this.o.repository().abandonRotation();
      this.o.provider.set(key);
      key.fill(0);
      this.#readySince = new Date();
      this.#set("READY", "");
      this.o.log.info("root key restored from shares and verified; re-seeding the Keepers", { fingerprint: fingerprint(record.keyCheck) });
      await this.#reseed(true);
      this.#wake?.();
      return { collected: [], needed: k, restored: true };
    } finally {
      for (const s of shares) s.value.fill(0);
    }
  }

  /**
   * Root-key rotation, crash-safe: (1) record the new key's check value and the keyring wrapped under it as pending;
   * (2) give every Keeper its share of the new key; (3) swap pending for current in one transaction. If (2) fails,
   * the Keepers get the old key's shares back and the pending key is forgotten. A Nexus killed anywhere in between
   * finishes or abandons the rotation when it recovers (see #recover).
   */
  async rotateRootKey(wrapKeyring: (newRootKey: Buffer) => Promise<Array<{ keyId: number; wrappedKey: Buffer }>>): Promise<RootKeyRecord> {
    if (!this.o.provider.readiness().ready) throw unavailable(`Nexus holds no root key yet: ${this.#reason}`);
    const fresh = randomRootKey();
    this.#rotating = true;
    try {
      return await this.o.repository().rotate(async ({ current, recordPending }) => {
        const record = await current();
        if (record === undefined) throw new SpikeError("failed_precondition", "Nexus was never bootstrapped");
        if (record.pending !== undefined) throw new SpikeError("failed_precondition", "a root-key rotation is already under way");
        const old = Buffer.from(this.o.provider.rootKey());
        try {
          const generation = record.generation + 1;
          await recordPending(generation, keyCheckValue(fresh), await wrapKeyring(fresh));
          if (this.o.failpoint === "rotation-pending-recorded") throw new SimulatedCrash("failpoint: rotation-pending-recorded");
          const failed = await this.#shareWithKeepers(fresh, record.sharesTotal, record.sharesNeeded);
          if (failed.length > 0) {
            await this.#shareWithKeepers(old, record.sharesTotal, record.sharesNeeded);
            await this.o.repository().abandonRotation();
            throw unavailable(`every Keeper must take its new share, and these did not: ${failed.join("; ")}. The root key is unchanged`);
          }
          if (this.o.failpoint === "rotation-keepers-resharded") throw new SimulatedCrash("failpoint: rotation-keepers-resharded");
          const rotated = await this.o.repository().completeRotation();
          this.#record = rotated;
          this.o.provider.set(fresh);
          this.o.log.info("root key rotated; the Keepers hold the new shares", { generation: rotated.generation, fingerprint: fingerprint(rotated.keyCheck) });
          return rotated;
        } finally {
          old.fill(0);
        }
      });
    } finally {
      this.#rotating = false;
      fresh.fill(0);
    }
  }

  /** Gives every Keeper its share of `key`; returns the Keepers that did not take it. */
  async #shareWithKeepers(key: Buffer, n: number, k: number): Promise<string[]> {
    const shares = splitRootKey(key, n, k);
    try {
      const results = await Promise.allSettled(this.o.keepers.peers.map((peer) => this.o.keepers.contribute(peer, shares[peer.shareId - 1] as Share)));
      return results.flatMap((r, i) => (r.status === "rejected" ? [`${this.o.keepers.peers[i]?.spiffeId.text}: ${keeperError(r.reason)}`] : []));
    } finally {
      for (const s of shares) s.value.fill(0);
    }
  }

  /**
   * The bootstrap ceremony: a new root key, a share to every Keeper, the key check value recorded. Refused for good
   * once a root key is recorded. Every Keeper must take its share, or nothing is recorded and it can be retried.
   */
  async bootstrap(): Promise<RootKeyRecord> {
    // Set inside the ceremony (under the database lock); used once the record is committed.
    const made: { key?: Buffer } = {};
    try {
      const record = await this.o.repository().bootstrap(async (existing) => {
        if (existing !== undefined) {
          throw new SpikeError("failed_precondition", `Nexus is already bootstrapped (root key generation ${existing.generation}, since ${existing.bootstrappedAt.toISOString()}); bootstrapping again would orphan every secret`);
        }
        const key = randomRootKey();
        made.key = key;
        const shares = splitRootKey(key, this.o.shares, this.o.threshold);
        try {
          const results = await Promise.allSettled(this.o.keepers.peers.map((peer) => this.o.keepers.contribute(peer, shares[peer.shareId - 1] as Share)));
          const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${this.o.keepers.peers[i]?.spiffeId.text} at ${this.o.keepers.peers[i]?.address}: ${keeperError(r.reason)}`] : []));
          if (failed.length > 0) throw unavailable(`every Keeper must take its share, and these did not: ${failed.join("; ")}. Nothing was recorded; bootstrap again once they are up`);
        } finally {
          for (const s of shares) s.value.fill(0);
        }
        return { generation: 1, keyCheck: keyCheckValue(key), sharesTotal: this.o.shares, sharesNeeded: this.o.threshold };
      });
      this.#record = record;
      this.o.provider.set(made.key as Buffer);
      for (const v of this.#restoring.values()) v.fill(0);
      this.#restoring.clear();
      this.#readySince = new Date();
      this.#set("READY", "");
      this.o.log.info("bootstrapped: root key made and shared with the Keepers", { shares: record.sharesTotal, threshold: record.sharesNeeded, fingerprint: fingerprint(record.keyCheck) });
      this.#wake?.();
      return record;
    } finally {
      made.key?.fill(0);
    }
  }
}
