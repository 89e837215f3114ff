// Group commit for one-statement puts (ADR 0033): puts whose attempt is ready in the same event-loop turn, and while
// earlier groups are in flight, are sent together as one statement and one commit (lib/group-commit.ts, as the
// audit log's read records are). Two puts to the same path never share a group: the second waits for the next one,
// so each row's prediction is the one ADR 0030 describes.
import { GroupCommit } from "../../lib/group-commit.js";

/** Most puts one statement carries. */
export const GROUP_MAX = 64;
/** Groups in flight at once: while one waits for its commit the next is already on its way. */
const GROUPS_IN_FLIGHT = 2;

/** What became of one member: written (with what its row returned), or not (it falls back alone). */
export type MemberOutcome<R> = { readonly written: true; readonly row: R } | { readonly written: false };

export interface PutGroupStats {
  readonly statements: number;
  readonly members: number;
  readonly largest: number;
  readonly refused: number;
}

export class PutGroups<M, R> {
  private readonly groups: GroupCommit<M, MemberOutcome<R>>;
  private refused = 0;

  constructor(
    /** Each member's path: two members with one path never share a group. */
    path: (member: M) => string,
    /**
     * Sends one group as one statement. Resolves with each member's row (undefined: not written) in order, or with
     * undefined when the server refused the statement (nothing was written); rejects on a fault or a lost
     * connection (every member then fails with it: the group may have committed).
     */
    send: (members: readonly M[]) => Promise<ReadonlyArray<R | undefined> | undefined>,
  ) {
    this.groups = new GroupCommit<M, MemberOutcome<R>>(
      async (members) => {
        const rows = await send(members);
        if (rows === undefined) this.refused++;
        return members.map((_, i): MemberOutcome<R> => {
          const row = rows?.[i];
          return row === undefined ? { written: false } : { written: true, row };
        });
      },
      { max: GROUP_MAX, inFlight: GROUPS_IN_FLIGHT, key: path },
    );
  }

  /** Queues `member` for the next group; settles when its group has committed or failed. */
  add(member: M): Promise<MemberOutcome<R>> {
    return this.groups.add(member);
  }

  /** Statements sent, members they carried, statements the server refused (for tests and measurements). */
  get stats(): PutGroupStats {
    const { groups, items, largest } = this.groups.stats;
    return { statements: groups, members: items, largest, refused: this.refused };
  }
}
