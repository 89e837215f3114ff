// Group commit for one-statement puts (ADR 0033): puts whose attempt is ready in the same event-loop turn, and while
// earlier groups are in flight, are sent together as one statement and one commit. Modelled on the audit log's
// GroupCommit (nexus/audit/log.ts): no timer, the group starts at the end of the turn, so a lone put waits for
// nothing. Two puts to the same path never share a group: the second waits for the next one, so each row's
// prediction is the one ADR 0030 describes.

/** Most puts one statement carries. */
export const GROUP_MAX = 64;
/** Groups in flight at once: while one waits for its commit the next is already on its way. */
const GROUPS_IN_FLIGHT = 2;

/** What became of one member: written (with what its row returned), or not (it falls back alone). */
export type MemberOutcome<R> = { readonly written: true; readonly row: R } | { readonly written: false };

interface Waiting<M, R> {
  readonly member: M;
  readonly key: string;
  readonly resolve: (outcome: MemberOutcome<R>) => void;
  readonly reject: (err: unknown) => void;
}

export class PutGroups<M, R> {
  private readonly waiting: Array<Waiting<M, R>> = [];
  private inFlight = 0;
  private scheduled = false;
  /** Statements sent, members they carried, statements the server refused (for tests and measurements). */
  readonly stats = { statements: 0, members: 0, largest: 0, refused: 0 };

  constructor(
    /**
     * Sends one group as one statement. Resolves with each member's row (undefined: not written) in order, or with
     * undefined when the server refused the statement (nothing was written); rejects on a fault or a lost
     * connection (every member then fails with it: the group may have committed).
     */
    private readonly send: (members: readonly M[]) => Promise<ReadonlyArray<R | undefined> | undefined>,
  ) {}

  /** Queues `member` (whose path is `key`) for the next group; settles when its group has committed or failed. */
  add(member: M, key: string): Promise<MemberOutcome<R>> {
    return new Promise<MemberOutcome<R>>((resolve, reject) => {
      this.waiting.push({ member, key, resolve, reject });
      if (!this.scheduled && this.inFlight < GROUPS_IN_FLIGHT) {
        this.scheduled = true;
        setImmediate(this.start);
      }
    });
  }

  private readonly start = (): void => {
    this.scheduled = false;
    if (this.waiting.length > 0 && this.inFlight < GROUPS_IN_FLIGHT) void this.flush();
  };

  /** The next group: the oldest waiting members, at most one per path, at most GROUP_MAX. */
  private take(): Array<Waiting<M, R>> {
    const group: Array<Waiting<M, R>> = [];
    const keys = new Set<string>();
    const rest: Array<Waiting<M, R>> = [];
    for (const w of this.waiting) {
      if (group.length < GROUP_MAX && !keys.has(w.key)) {
        keys.add(w.key);
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
        this.stats.statements++;
        this.stats.members += group.length;
        this.stats.largest = Math.max(this.stats.largest, group.length);
        try {
          const rows = await this.send(group.map((w) => w.member));
          if (rows === undefined) this.stats.refused++;
          group.forEach((w, i) => {
            const row = rows?.[i];
            w.resolve(row === undefined ? { written: false } : { written: true, row });
          });
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.inFlight--;
    }
  }
}
