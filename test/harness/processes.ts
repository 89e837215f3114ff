// Runs our programs as real child processes for end-to-end tests, and always cleans them up by PID.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { programCommand, type Program } from "../../lib/programs.js";

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const running = new Set<ChildProcess>();

/**
 * `npm test` builds dist/ first (which also type-checks) and sets SPIKE_TEST_DIST=1, so processes start from the
 * freshly compiled programs, as in production, instead of paying a TypeScript transform per process.
 */
function commandFor(program: Program): { command: string; args: string[] } {
  if (process.env.SPIKE_TEST_DIST === "1") {
    // The CLI ships as its bundle (dist/cli/spike.js, the package's `spike` bin); test what ships.
    const file = program === "pilot" ? "cli/spike.js" : `${program}/main.js`;
    const js = fileURLToPath(new URL(`../../dist/${file}`, import.meta.url));
    if (existsSync(js)) return { command: process.execPath, args: [js] };
  }
  return programCommand(program);
}

/** Environment for children: nothing of ours leaks in from the developer's shell. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith("SPIKE_") && k !== "SPIFFE_ENDPOINT_SOCKET" && !k.startsWith("DB_")) env[k] = v;
  }
  return { ...env, ...extra };
}

/** Runs a program to completion (bounded by `timeoutMs`, then killed) and returns its exit code and output. */
export function run(program: Program, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<Finished> {
  const { command, args: base } = commandFor(program);
  const child = spawn(command, [...base, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      running.delete(child);
      // 'exit' can come before the pipes drain.
      setImmediate(() => resolve({ code, stdout, stderr }));
    });
  });
}

export interface Daemon {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when a line matching `pattern` appears in its output; rejects if it exits first or times out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startDaemon(program: Program, args: string[], env: Record<string, string>): Daemon {
  const { command, args: base } = commandFor(program);
  const child = spawn(command, [...base, ...args], { env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let out = "";
  const waiters = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of waiters) w();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => {
    running.delete(child);
    for (const w of waiters) w();
    resolve(code ?? (signal ? 128 : null));
  }));
  return {
    child,
    output: () => out,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const m = pattern.exec(out);
          if (m) {
            cleanup();
            resolve(m[0]);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`process exited before ${pattern}: ${out}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}: ${out}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Kills every child still running (for `after` hooks), by PID, never anything we did not start. */
export function killAll(): void {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
}
