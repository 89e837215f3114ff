// The writer and its ledger. Writers put unique values under their own paths (one writer per path, so a path's
// versions are written in order) and record every attempt: acknowledged (with the version Nexus gave) or failed
// (in doubt: the commit may have happened before the answer was lost). check() then reads every version of every
// path back and asserts the two promises of the fault suite:
//   - every acknowledged write reads back at its version with its value;
//   - every stored value is one that was written to that path (acknowledged there, or in doubt), and at most once:
//     nothing unacknowledged appears as a wrong value.
import * as grpc from "@grpc/grpc-js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";

export interface Attempt {
  readonly path: string;
  readonly value: string;
  readonly phase: string;
  readonly acked: boolean;
  readonly version?: number;
  readonly code?: number;
  /** The error's message (failed writes), for the report. */
  readonly detail?: string;
  /** When the answer came (Date.now()). */
  readonly at: number;
}

interface PutResponse {
  version: number;
}
interface GetResponse {
  data: Record<string, string>;
  version: number;
  currentVersion: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function codeName(code: number | undefined): string {
  return code === undefined ? "OK" : (grpc.status[code] ?? `code ${code}`);
}

export class Ledger {
  readonly attempts: Attempt[] = [];
  phase = "start";
  private seq = 0;

  nextValue(): string {
    return `${this.phase}#${++this.seq}#${Date.now()}`;
  }

  acked(phase?: string): Attempt[] {
    return this.attempts.filter((a) => a.acked && (phase === undefined || a.phase === phase));
  }

  failed(phase?: string): Attempt[] {
    return this.attempts.filter((a) => !a.acked && (phase === undefined || a.phase === phase));
  }

  /** One message per failure code seen in `phase` (what the caller was told). */
  samples(phase: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const a of this.failed(phase)) out[codeName(a.code)] ??= a.detail ?? "";
    return out;
  }

  /** Failure codes seen in `phase`, by name, with counts. */
  codes(phase: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.failed(phase)) out[codeName(a.code)] = (out[codeName(a.code)] ?? 0) + 1;
    return out;
  }
}

export interface Writers {
  /** Stops the loops and waits for every write in flight to be recorded. */
  stop(): Promise<void>;
}

/**
 * Starts `count` writers, each cycling over `pathsEach` paths of its own with puts bounded by `deadlineMs`. A
 * failed put is retried after a short pause (a new value each time), so the load continues through the fault.
 */
export function startWriters(conn: NexusConnection, ledger: Ledger, opts: { count: number; pathsEach: number; prefix: string; deadlineMs?: number; paceMs?: number }): Writers {
  let stopped = false;
  const loops: Array<Promise<void>> = [];
  for (let w = 0; w < opts.count; w++) {
    loops.push(
      (async () => {
        for (let n = 0; !stopped; n++) {
          const path = `${opts.prefix}/w${w}/p${n % opts.pathsEach}`;
          const value = ledger.nextValue();
          const phase = ledger.phase;
          try {
            const res = await unary<PutResponse>((md, o, cb) => conn.secrets.Put({ path, data: { v: value } }, md, o, cb), opts.deadlineMs ?? 5_000);
            ledger.attempts.push({ path, value, phase, acked: true, version: res.version, at: Date.now() });
            if (opts.paceMs) await sleep(opts.paceMs);
          } catch (err) {
            ledger.attempts.push({ path, value, phase, acked: false, code: (err as grpc.ServiceError).code, detail: (err as grpc.ServiceError).details?.slice(0, 200), at: Date.now() });
            await sleep(50);
          }
        }
      })(),
    );
  }
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

export interface CheckResult {
  readonly paths: number;
  readonly versionsRead: number;
  readonly acked: number;
  readonly inDoubt: number;
  /** In-doubt writes that did commit (found stored). */
  readonly inDoubtStored: number;
}

async function get(conn: NexusConnection, path: string, version: number): Promise<GetResponse | undefined> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await unary<GetResponse>((md, o, cb) => conn.secrets.Get({ path, version }, md, o, cb), 10_000);
    } catch (err) {
      const code = (err as grpc.ServiceError).code;
      if (code === grpc.status.NOT_FOUND) return undefined;
      if (code === grpc.status.UNAVAILABLE && attempt < 20) {
        await sleep(250);
        continue;
      }
      throw new Error(`reading ${path} v${version}: ${(err as Error).message}`);
    }
  }
}

/** Runs `tasks` with at most `width` in flight. */
async function pool<T>(items: readonly T[], width: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await task(items[next++] as T);
  }));
}

/** Reads everything back (16 reads in flight); throws an Error listing the first problems found. */
export async function checkLedger(conn: NexusConnection, ledger: Ledger): Promise<CheckResult> {
  const byPath = new Map<string, Attempt[]>();
  for (const a of ledger.attempts) byPath.set(a.path, [...(byPath.get(a.path) ?? []), a]);
  const problems: string[] = [];
  // Every stored version of every path: the current version first, then each one.
  const reads: Array<{ path: string; version: number }> = [];
  await pool([...byPath.keys()], 16, async (path) => {
    const current = await get(conn, path, 0);
    for (let v = 1; v <= (current?.currentVersion ?? 0); v++) reads.push({ path, version: v });
  });
  const found = new Map<string, Map<number, string>>(); // path -> version -> value
  await pool(reads, 16, async ({ path, version }) => {
    const got = await get(conn, path, version);
    if (got === undefined) return; // never written, or deleted: the acknowledged check below decides
    if (got.version !== version) problems.push(`${path}: asked for v${version}, got v${got.version}`);
    const versions = found.get(path) ?? new Map<number, string>();
    versions.set(version, got.data.v ?? "");
    found.set(path, versions);
  });
  let inDoubtStored = 0;
  for (const [path, attempts] of byPath) {
    const written = new Map(attempts.map((a) => [a.value, a]));
    const stored = new Map<string, number>(); // value -> version
    for (const [v, value] of [...(found.get(path) ?? new Map<number, string>())].sort((a, b) => a[0] - b[0])) {
      const attempt = written.get(value);
      if (attempt === undefined) problems.push(`${path} v${v} holds a value never written to it: ${JSON.stringify(value).slice(0, 80)}`);
      else if (attempt.acked && attempt.version !== v) problems.push(`${path} v${v} holds the value acknowledged as v${attempt.version}`);
      else if (!attempt.acked) inDoubtStored++;
      const seen = stored.get(value);
      if (seen !== undefined) problems.push(`${path}: one write stored twice (v${seen} and v${v})`);
      stored.set(value, v);
    }
    for (const a of attempts) {
      if (a.acked && stored.get(a.value) !== a.version) {
        problems.push(`${path}: acknowledged v${a.version} (${a.phase}) ${stored.has(a.value) ? `found at v${stored.get(a.value)}` : "is missing"}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`ledger check failed (${problems.length} problems):\n${problems.slice(0, 20).join("\n")}`);
  const acked = ledger.acked().length;
  return { paths: byPath.size, versionsRead: reads.length, acked, inDoubt: ledger.attempts.length - acked, inDoubtStored };
}
