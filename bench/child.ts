// Servers under test run in forked children, so the load generator and the server each get a core. A child says
// "ready" with its port over IPC (or "failed" with why), and exits when the parent goes away, even if the parent died
// without cleaning up.
import { fork, type ChildProcess, type Serializable } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export type ChildMessage = { readonly type: "ready"; readonly port: number } | { readonly type: "failed"; readonly message: string };

/** Resolves once the message is handed to the IPC channel, so exiting right after does not lose it. */
function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Child side: run `start` (which returns the listening port) and tell the parent; exit with the parent. */
export function runChild(start: () => Promise<{ port: number; stop: () => Promise<void> }>): void {
  if (process.send === undefined) {
    process.stderr.write("this module is a benchmark child; it is started by bench/run.ts\n");
    process.exit(2);
  }
  process.on("disconnect", () => process.exit(0));
  start().then(
    ({ port, stop }) => {
      process.on("SIGTERM", () => void stop().finally(() => process.exit(0)));
      void send({ type: "ready", port });
    },
    (err: unknown) => {
      void send({ type: "failed", message: err instanceof Error ? err.message : String(err) }).finally(() => process.exit(1));
    },
  );
}

/** Child side: the first message from the parent (start-up material that should not go through argv or env). */
export function firstMessage(): Promise<unknown> {
  return new Promise((resolve) => process.once("message", resolve));
}

function isChildMessage(m: unknown): m is ChildMessage {
  if (typeof m !== "object" || m === null || !("type" in m)) return false;
  return (m.type === "ready" && "port" in m && typeof m.port === "number") || (m.type === "failed" && "message" in m && typeof m.message === "string");
}

export interface Child {
  readonly process: ChildProcess;
  readonly port: number;
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves once it has exited. */
export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
  });
}

/**
 * The servers under test run as deployed: compiled JavaScript from dist/ (`npm run bench` builds first), with no
 * TypeScript loader in the process (tsx's hooks thread and esbuild would add tens of MiB of RSS and start-up work).
 * Without a build, the .ts file runs through tsx.
 */
function runnable(modulePath: string): { path: string; loader: string[] } {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const rel = relative(root, modulePath);
  const compiled = join(root, "dist", rel.replace(/\.ts$/, ".js"));
  if (!rel.startsWith("..") && modulePath.endsWith(".ts") && existsSync(compiled) && statSync(compiled).mtimeMs >= statSync(modulePath).mtimeMs) {
    return { path: compiled, loader: [] };
  }
  return { path: modulePath, loader: ["--import", "tsx"] };
}

/**
 * Parent side: forks `modulePath` (a .ts file; see `runnable`) and waits for it to be ready.
 * `onSpawn` sees the process at once, so the caller can kill it even if it never becomes ready.
 */
export function forkChild(
  modulePath: string,
  opts: { args?: string[]; init?: Serializable; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void; env?: Readonly<Record<string, string>>; nodeArgs?: readonly string[] } = {},
): Promise<Child> {
  const { path, loader } = runnable(modulePath);
  const child = fork(path, opts.args ?? [], {
    // SPIKE_BENCH_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/p" profiles the servers under test.
    execArgv: [...(opts.nodeArgs ?? []), ...loader, ...(process.env.SPIKE_BENCH_CHILD_NODE_ARGS ?? "").split(" ").filter((a) => a !== "")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    ...(opts.env === undefined ? {} : { env: { ...process.env, ...opts.env } }),
  });
  opts.onSpawn?.(child);
  if (opts.init !== undefined) child.send(opts.init);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${modulePath} was not ready after ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(new Error(`${modulePath} exited before it was ready (${signal ?? `code ${code}`})`));
    const onMessage = (m: unknown): void => {
      if (!isChildMessage(m)) return;
      if (m.type === "failed") return fail(new Error(`${modulePath} failed to start: ${m.message}`));
      cleanup();
      resolve({ process: child, port: m.port });
    };
    function cleanup(): void {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("message", onMessage);
    }
    function fail(err: Error): void {
      cleanup();
      void stopChild(child, 500);
      reject(err);
    }
    child.on("exit", onExit);
    child.on("message", onMessage);
  });
}
