// What this Nexus last saw of each recently written or read secret's metadata: the state a put predicts it will find
// (ADR 0030). A hint is never trusted: the one-statement put writes only if the database still holds exactly the
// hinted state, and falls back to a locked transaction when it does not. So a stale hint costs a round trip, never
// correctness, and hints need no invalidation from other Nexus.

/** The metadata a put depends on. */
export interface PutHint {
  readonly currentVersion: number;
  readonly casRequired: boolean;
  readonly maxVersions: number;
}

/** A bounded map, least recently set first out. */
export class PutHints {
  private readonly entries = new Map<string, PutHint>();

  constructor(private readonly capacity: number) {}

  get(path: string): PutHint | undefined {
    return this.entries.get(path);
  }

  set(path: string, hint: PutHint): void {
    this.entries.delete(path);
    this.entries.set(path, { currentVersion: hint.currentVersion, casRequired: hint.casRequired, maxVersions: hint.maxVersions });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  delete(path: string): void {
    this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
  }
}
