// Group commit: items handed in while earlier groups are in flight, or in the same turn of the event loop, go out
// together as one group (one statement, one commit), and every caller waits for its own item's result. Under load
// this turns N commits into a few. No timer: a group starts at the end of the turn, so a lone item waits for
// nothing. Used for read records (nexus/audit/log.ts, ADR 0016) and for puts (nexus/store/put-groups.ts, ADR 0033).

export interface GroupCommitOptions<T> {
  /** Most items one group carries; more wait for the next group. */
  readonly max: number;
  /** Groups in flight at once: while one waits for its commit the next is already on its way. */
  readonly inFlight: number;
  /** Items with the same key never share a group: the later one waits for the next. */
  readonly key?: (item: T) => string;
}

interface Waiting<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private inFlight = 0;
  /** A group's start is scheduled for the end of this event-loop turn. */
  private scheduled = false;
  /** Groups sent, items they carried, the largest (for tests and measurements). */
  readonly stats = { groups: 0, items: 0, largest: 0 };

  constructor(
    /**
     * Sends one group; resolves with each item's result, in order. A rejection fails every item of the group with
     * it (it may have committed: a lost connection is not retried here).
     */
    private readonly send: (items: readonly T[]) => Promise<readonly R[]>,
    private readonly options: GroupCommitOptions<T>,
  ) {}

  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // The group starts after this turn, so that every item handed in during it (grpc-js often reads several
      // requests at once) shares it.
      if (!this.scheduled && this.inFlight < this.options.inFlight) {
        this.scheduled = true;
        setImmediate(this.start);
      }
    });
  }

  private readonly start = (): void => {
    this.scheduled = false;
    if (this.waiting.length > 0 && this.inFlight < this.options.inFlight) void this.flush();
  };

  /** The next group: the oldest waiting items, at most `max`, at most one per key. */
  private take(): Array<Waiting<T, R>> {
    const { max, key } = this.options;
    if (key === undefined) return this.waiting.splice(0, max);
    const group: Array<Waiting<T, R>> = [];
    const keys = new Set<string>();
    const rest: Array<Waiting<T, R>> = [];
    for (const w of this.waiting) {
      const k = key(w.item);
      if (group.length < max && !keys.has(k)) {
        keys.add(k);
        group.push(w);
      } else {
        rest.push(w);
      }
    }
    this.waiting.length = 0;
    this.waiting.push(...rest);
    return group;
  }

  private async flush(): Promise<void> {
    this.inFlight++;
    try {
      while (this.waiting.length > 0) {
        const group = this.take();
        this.stats.groups++;
        this.stats.items += group.length;
        this.stats.largest = Math.max(this.stats.largest, group.length);
        const items = new Array<T>(group.length);
        for (let i = 0; i < group.length; i++) items[i] = (group[i] as Waiting<T, R>).item;
        try {
          const results = await this.send(items);
          for (let i = 0; i < group.length; i++) (group[i] as Waiting<T, R>).resolve(results[i] as R);
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.inFlight--;
    }
  }
}
