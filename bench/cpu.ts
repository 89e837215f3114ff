// Who used the CPU during a measurement: this process (the load generator), the server child, and everything else
// on the machine. "Other" well above zero means a noisy neighbour, and the row's figures deserve less trust.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";

export interface CpuShare {
  /** Per cent of one core, averaged over the measured time. */
  readonly clientPct: number;
  readonly serverPct: number;
  /** Machine-wide busy time that was neither: other processes, the kernel's work for them, the dev issuer, ... */
  readonly otherPct: number;
  /** CPU time per successful call, in µs. */
  readonly clientUsPerCall: number;
  readonly serverUsPerCall: number;
  /** The PostgreSQL backends serving the bench database (0 when not metered): part of "other". */
  readonly postgresUsPerCall: number;
}

const TICKS_PER_SECOND = ((): number => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** A process's user + system CPU time in ms from /proc (Linux); 0 where there is no /proc. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from #3 (state) on
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND; // utime #14, stime #15
  } catch {
    return 0;
  }
}

/**
 * The CPU time in ms of each PostgreSQL backend connected to `database` (their titles read "postgres: [<cluster>:]
 * <user> <database> ..."); backends of other databases (other users of a shared server) are not counted. Linux only.
 * A window's use is the change per backend (postgresCpuBetween), so one that exits meanwhile does not count negative.
 */
export function postgresCpuByPid(database: string): Map<number, number> {
  const out = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const title = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (title.startsWith("postgres: ") && title.includes(` ${database} `)) out.set(Number(pid), processCpuMs(Number(pid)));
    } catch {
      // gone since the listing
    }
  }
  return out;
}

/**
 * The CPU the backends of `database` used between two readings: per backend, what it used since the first reading
 * (all of it, for one that connected since). A backend that exited meanwhile cannot be read any more; its last
 * moments are missing rather than its whole past subtracted.
 */
export function postgresCpuBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}

function machineBusyMs(): number {
  return cpus().reduce((sum, c) => sum + c.times.user + c.times.nice + c.times.sys + c.times.irq, 0);
}

interface Reading {
  readonly wall: number;
  readonly client: number;
  readonly server: number;
  readonly postgres: ReadonlyMap<number, number>;
  readonly machine: number;
}

function read(serverPid: number | undefined, database: string | undefined): Reading {
  const own = process.cpuUsage();
  return {
    wall: performance.now(),
    client: (own.user + own.system) / 1000,
    server: serverPid === undefined ? 0 : processCpuMs(serverPid),
    postgres: database === undefined ? new Map<number, number>() : postgresCpuByPid(database),
    machine: machineBusyMs(),
  };
}

/** Accumulates CPU use over several measurement windows (the turns of one row). */
export class CpuMeter {
  private wall = 0;
  private client = 0;
  private server = 0;
  private machine = 0;
  private postgres = 0;
  private open: Reading | undefined;

  /** `database`: also meter the PostgreSQL backends serving it. */
  constructor(private readonly serverPid: number | undefined, private readonly database?: string) {}

  /** For LoadOptions.onWindow. */
  readonly onWindow = (edge: "start" | "end"): void => {
    if (edge === "start") {
      this.open = read(this.serverPid, this.database);
      return;
    }
    const before = this.open;
    if (before === undefined) return;
    const after = read(this.serverPid, this.database);
    this.wall += after.wall - before.wall;
    this.client += after.client - before.client;
    this.server += after.server - before.server;
    this.machine += after.machine - before.machine;
    this.postgres += postgresCpuBetween(before.postgres, after.postgres);
    this.open = undefined;
  };

  /** Shares of the metered time, and CPU per call given the calls completed in it. */
  share(calls: number): CpuShare {
    const pct = (ms: number): number => (this.wall > 0 ? Math.round((Math.max(ms, 0) * 100) / this.wall) : 0);
    const perCall = (ms: number): number => (calls > 0 ? Math.round((ms * 1000) / calls) : 0);
    return {
      clientPct: pct(this.client),
      serverPct: pct(this.server),
      otherPct: pct(this.machine - this.client - this.server),
      clientUsPerCall: perCall(this.client),
      serverUsPerCall: perCall(this.server),
      postgresUsPerCall: perCall(this.postgres),
    };
  }
}
