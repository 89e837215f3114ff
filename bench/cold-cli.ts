// A cold `spike secret get` (issue 6; goal ≤ 300 ms wall), as a person types it: a new process of the shipped CLI
// (dist/cli/spike.js, the package's `spike` bin; `npm run build` first), SVID files for its identity, one read from
// a running Nexus (in this process, on a fresh database on the machine's PostgreSQL). In turns with it, each
// repeated `runs` times: `node -e ''` (Node's own start, the floor), `spike version` (our start without a network
// call), and the same get without the CLI's V8 code cache (a first run), so a loaded machine shows in all alike.
// Wall time is spawn to exit, measured here; CPU time (user + system) comes from /usr/bin/time when the machine has
// it. The CLI's HOME is a fresh directory, so the unmeasured first round writes the code cache the measured ones use.
//
// Called by bench/run.ts as a section; also runs alone: `node --import tsx bench/cold-cli.ts`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { unary } from "../pilot/client/connect.js";
import { cliEnvFor, startTestNexus, TD } from "../test/harness/nexus.js";

export const COLD_CLI_SETTINGS = { runs: 10, goalMs: 300 } as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "dist", "cli", "spike.js");
const TIME = "/usr/bin/time";

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export interface ColdRow {
  readonly name: string;
  readonly command: string;
  readonly wallMs: Spread;
  /** user + system CPU of the process, when /usr/bin/time is there. */
  readonly cpuMs: Spread | null;
}

export interface ColdCliReport {
  readonly runs: number;
  readonly goalMs: number;
  readonly loadavg: readonly number[];
  readonly rows: readonly ColdRow[];
  /** median wall of `spike secret get` ≤ goalMs */
  readonly goalMet: boolean;
}

function spread(values: number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 10) / 10;
  return { min: at(0), median: at(0.5), p90: at(0.9), max: at(1) };
}

/** One cold process: wall ms, and CPU ms from /usr/bin/time's last stderr line ("<user> <sys>"). */
function once(args: string[], env: NodeJS.ProcessEnv): Promise<{ wall: number; cpu: number | null; code: number | null; stderr: string }> {
  const timed = existsSync(TIME);
  const [cmd, argv] = timed ? [TIME, ["-f", "%U %S", process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      const wall = performance.now() - t0;
      setImmediate(() => {
        const last = stderr.trim().split("\n").pop() ?? "";
        const m = timed ? /^(\d+\.\d+) (\d+\.\d+)$/.exec(last) : null;
        resolve({ wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : null, code, stderr });
      });
    });
  });
}

export async function measureColdCli(opts: { defer: (fn: () => Promise<void> | void) => void; runs?: number }): Promise<ColdCliReport> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const runs = opts.runs ?? COLD_CLI_SETTINGS.runs;
  const t = await startTestNexus("postgres");
  opts.defer(() => t.close());
  const dir = mkdtempSync(join(tmpdir(), "spike-cold-cli-"));
  opts.defer(() => rmSync(dir, { recursive: true, force: true }));
  await unary((md, o, cb) => t.superuser.secrets.Put({ path: "apps/bench", data: { password: "s3cret" }, customMetadata: null }, md, o, cb));
  const cliEnv = await cliEnvFor(t, dir, "pilot", `spiffe://${TD}/spike/pilot/role/superuser`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? "", HOME: dir, ...cliEnv };
  const get = [CLI, "secret", "get", "apps/bench", "password"];
  // The first run after an install or upgrade has no V8 code cache yet (ADR 0029): a fresh XDG_CACHE_HOME every time.
  let fresh = 0;
  const noCache = (): NodeJS.ProcessEnv => ({ ...env, XDG_CACHE_HOME: join(dir, `no-cache-${fresh++}`) });
  const commands: Array<{ name: string; command: string; args: string[]; env?: () => NodeJS.ProcessEnv }> = [
    { name: "node -e ''", command: "node -e ''", args: ["-e", ""] },
    { name: "spike version", command: "spike version", args: [CLI, "version"] },
    { name: "spike secret get", command: "spike secret get apps/bench password", args: get },
    { name: "spike secret get, no code cache", command: "  (first run: no code cache)", args: get, env: noCache },
  ];
  // One unmeasured round: the page cache holds the files afterwards, as it does for someone using the CLI.
  for (const c of commands) {
    const r = await once(c.args, c.env?.() ?? env);
    if (r.code !== 0) throw new Error(`${c.command} failed (exit ${r.code}): ${r.stderr}`);
  }
  const walls = commands.map(() => [] as number[]);
  const cpus = commands.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? commands.map((_, k) => k) : commands.map((_, k) => commands.length - 1 - k);
    for (const k of order) {
      const c = commands[k] as (typeof commands)[number];
      const r = await once(c.args, c.env?.() ?? env);
      if (r.code !== 0) throw new Error(`${commands[k]?.command} failed (exit ${r.code}): ${r.stderr}`);
      walls[k]?.push(r.wall);
      if (r.cpu !== null) cpus[k]?.push(r.cpu);
    }
  }
  const rows = commands.map((c, k) => ({
    name: c.name,
    command: c.command,
    wallMs: spread(walls[k] ?? []),
    cpuMs: (cpus[k] ?? []).length > 0 ? spread(cpus[k] ?? []) : null,
  }));
  return { runs, goalMs: COLD_CLI_SETTINGS.goalMs, loadavg: loadavg(), rows, goalMet: (rows[2]?.wallMs.median ?? Infinity) <= COLD_CLI_SETTINGS.goalMs };
}

export function coldCliTable(r: ColdCliReport): string {
  const f = (s: Spread | null): string => (s === null ? "-" : `${s.median} (${s.min}..${s.max})`);
  return [
    `cold CLI, ${r.runs} runs each in turns (median (min..max) ms; loadavg ${r.loadavg.map((x) => x.toFixed(2)).join(" ")}):`,
    `  ${"command".padEnd(40)} ${"wall".padEnd(24)} cpu (user+sys)`,
    ...r.rows.map((row) => `  ${row.command.padEnd(40)} ${f(row.wallMs).padEnd(24)} ${f(row.cpuMs)}`),
    `  goal: spike secret get ≤ ${r.goalMs} ms wall (median): ${r.goalMet ? "met" : "NOT met"}`,
  ].join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cleanups: Array<() => Promise<void> | void> = [];
  measureColdCli({ defer: (fn) => cleanups.push(fn) })
    .then((r) => process.stdout.write(`${coldCliTable(r)}\n${JSON.stringify(r)}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`cold CLI bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const fn of cleanups.reverse()) await fn();
    });
}
