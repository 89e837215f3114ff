// A bounded cache of what a read of a secret's current version returns: its current version number and that
// version's row with its ciphertext (never plaintext: every read still opens the ciphertext under the keyring). A
// hit answers a read with no database round trip; the read is still audited (ADR 0027).
//
// It is bounded by bytes (SPIKE_NEXUS_SECRET_CACHE_BYTES: ciphertext, path and a fixed per-entry overhead), so a
// few large secrets cannot take more memory than many small ones, and optionally by entries
// (SPIKE_NEXUS_SECRET_CACHE_ENTRIES). The least recently used entry goes first.
//
// It serves only while it is coherent: while every change to a secret reaches it. Changes made through this Nexus
// invalidate their path after their commit; changes made through another Nexus on the same database arrive as
// notifications (change-feed.ts, on the connection that also carries ADR 0020's notifications). While that feed is
// down the cache is off and empty.
import type { VersionRow } from "./secrets-repository.js";

export interface CachedRead {
  readonly currentVersion: number;
  readonly row: VersionRow | undefined;
}

export interface SecretReadCacheLimits {
  /** Most bytes held, as `entryBytes` counts them; 0 turns the cache off. */
  readonly bytes: number;
  /** Most entries held; 0 turns the cache off. */
  readonly entries: number;
}

/**
 * What one entry costs beyond its ciphertext: the Map slot, its path, the entry and row objects, a Date, and the
 * ciphertext Buffer's own object and allocation (measured on Node 20: ~510 bytes of V8 heap per entry with a
 * short path, besides the ciphertext itself outside the heap).
 */
export const ENTRY_OVERHEAD_BYTES = 600;

/** What an entry is counted as against the byte budget. */
export function entryBytes(path: string, value: CachedRead): number {
  return ENTRY_OVERHEAD_BYTES + path.length + (value.row?.ciphertext?.length ?? 0);
}

/**
 * The value as it is kept: the ciphertext copied into a Buffer of its own. The database driver's small Buffers
 * are slices of shared 8 KiB slabs, and one cached slice would keep its whole slab alive.
 */
function detached(value: CachedRead): CachedRead {
  const ciphertext = value.row?.ciphertext;
  if (value.row === undefined || ciphertext === null || ciphertext === undefined) return value;
  const own = Buffer.allocUnsafeSlow(ciphertext.length);
  ciphertext.copy(own);
  return { currentVersion: value.currentVersion, row: { ...value.row, ciphertext: own } };
}

export class SecretReadCache {
  private readonly entries = new Map<string, { readonly value: CachedRead; readonly bytes: number }>();
  private held = 0;
  private coherent = false;
  /** Moves on every invalidation: a read that started before one must not fill the cache with what it read. */
  private generation = 0;

  constructor(private readonly limits: SecretReadCacheLimits) {}

  get size(): number {
    return this.entries.size;
  }

  /** The bytes held, as `entryBytes` counts them. */
  get bytes(): number {
    return this.held;
  }

  /** Whether it may hold anything at all (a zero byte or entry budget turns it off). */
  get enabled(): boolean {
    return this.limits.bytes > 0 && this.limits.entries > 0;
  }

  /** Starts or stops serving. Both directions drop every entry: whatever happened while it was off is unknown. */
  setCoherent(coherent: boolean): void {
    this.clear();
    this.coherent = coherent && this.enabled;
  }

  get(path: string): CachedRead | undefined {
    if (!this.coherent) return undefined;
    const hit = this.entries.get(path);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.entries.delete(path);
      this.entries.set(path, hit);
    }
    return hit?.value;
  }

  /** The token a read takes before it goes to the database, for `fill` afterwards. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps what a read found, unless anything was invalidated since it took `ticket` (it may have read the old). */
  fill(path: string, ticket: number, value: CachedRead): void {
    if (!this.coherent || ticket !== this.generation) return;
    const bytes = entryBytes(path, value);
    if (bytes > this.limits.bytes) return; // larger than the whole budget: never cached
    this.remove(path);
    this.entries.set(path, { value: detached(value), bytes });
    this.held += bytes;
    while (this.held > this.limits.bytes || this.entries.size > this.limits.entries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.remove(oldest.value);
    }
  }

  invalidate(path: string): void {
    this.generation++;
    this.remove(path);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.held = 0;
  }

  private remove(path: string): void {
    const old = this.entries.get(path);
    if (old === undefined) return;
    this.entries.delete(path);
    this.held -= old.bytes;
  }
}
