// The local stack behind `spike dev up` (and `npm start`): the dev issuer in this process, then three Keepers and
// Nexus as child processes, each with its own Workload API socket. Ctrl-C stops them all.
import { spawn, type ChildProcess } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { programCommand } from "../lib/programs.js";
import { DevIssuer, defaultRegistrations, devSocketPath, lockDevDir } from "../spiffe/dev-issuer.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { devStackRecordPath, type DevStackRecord } from "./config.js";
import { readShareFile, writeShareFiles } from "./shares.js";
import { connectNexus, unary, type NexusConnection } from "./client/connect.js";
import type { StatusView } from "./commands/operator.js";
import * as grpc from "@grpc/grpc-js";
import { CliError, explain } from "./failure.js";
import { EXIT } from "./exit-codes.js";

export interface DevStackOptions {
  readonly devDir: string;
  readonly trustDomain: string;
  readonly keepers: number;
  readonly nexusPort: number;
  readonly keeperPort: number;
  readonly say: (line: string) => void;
}

/**
 * Where the dev Nexus keeps its embedded database: in the dev directory, beside the shares and the admin token that
 * belong to it (so another SPIKE_DEV_DIR is another stack, data included), unless SPIKE_NEXUS_DATA_DIR says
 * otherwise. A stack from before this rule, with its database still in ~/.spike, keeps using it: starting afresh
 * there would bootstrap again and overwrite the saved shares of the old data.
 */
export function devDataDir(devDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const set = env.SPIKE_NEXUS_DATA_DIR;
  if (set !== undefined && set !== "") return set;
  const legacy = join(homedir(), ".spike");
  if (devDir === join(legacy, "dev") && !existsSync(join(devDir, "pglite")) && existsSync(join(legacy, "pglite"))) return legacy;
  return devDir;
}

function pipeLines(child: ChildProcess, name: string, say: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => say(`[${name}] ${line}`));
  }
}

export async function runDevStack(opts: DevStackOptions): Promise<void> {
  // The lock comes first: a second stack must not even start an issuer, which would take over the sockets.
  const release = lockDevDir(opts.devDir);
  const issuer = await DevIssuer.start({
    devDir: opts.devDir,
    trustDomain: opts.trustDomain,
    registrations: defaultRegistrations(opts.trustDomain, opts.keepers),
  }).catch((err: unknown) => {
    release();
    throw err;
  });
  const children = new Map<string, ChildProcess>();
  let stopping = false;

  const stopAll = async (code: number): Promise<never> => {
    stopping = true;
    const exits = [...children.values()].filter((c) => c.exitCode === null).map((c) =>
      new Promise<void>((resolve) => {
        c.once("exit", () => resolve());
        c.kill("SIGTERM");
        setTimeout(() => c.kill("SIGKILL"), 5000).unref();
      }));
    await Promise.all(exits);
    await issuer.stop();
    rmSync(devStackRecordPath(opts.devDir), { force: true });
    release();
    process.exit(code);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));

  const start = (name: string, program: "nexus" | "keeper", env: Record<string, string>): void => {
    const { command, args } = programCommand(program);
    const child = spawn(command, args, {
      env: {
        ...process.env,
        ...(process.stdout.isTTY ? { SPIKE_LOG_FORMAT: "pretty" } : {}),
        SPIKE_TRUST_ROOT: opts.trustDomain, SPIFFE_ENDPOINT_SOCKET: `unix://${devSocketPath(opts.devDir, name)}`,
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.set(name, child);
    pipeLines(child, name, opts.say);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      opts.say(`${name} exited (${signal ?? `code ${code}`}); stopping the dev stack`);
      void stopAll(1);
    });
  };

  for (let i = 1; i <= opts.keepers; i++) {
    start(`keeper-${i}`, "keeper", { SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${opts.keeperPort + i - 1}`, SPIKE_KEEPER_DEV_NAME: `keeper-${i}` });
  }
  const peers = Array.from({ length: opts.keepers }, (_, i) => `127.0.0.1:${opts.keeperPort + i}=spiffe://${opts.trustDomain}/spike/keeper/${i + 1}`);
  start("nexus", "nexus", {
    SPIKE_NEXUS_DATA_DIR: devDataDir(opts.devDir),
    SPIKE_NEXUS_TLS_PORT: `127.0.0.1:${opts.nexusPort}`,
    SPIKE_NEXUS_KEEPER_PEERS: peers.join(","),
    SPIKE_NEXUS_SHAMIR_SHARES: String(opts.keepers),
    SPIKE_NEXUS_SHAMIR_THRESHOLD: String(Math.min(2, opts.keepers)),
  });

  const note = await waitForNexus(opts, () => stopping);
  if (stopping) return;
  const record: DevStackRecord = { pid: process.pid, nexus: `127.0.0.1:${opts.nexusPort}` };
  writeFileSync(devStackRecordPath(opts.devDir), `${JSON.stringify(record)}\n`, { mode: 0o600 });
  opts.say(
    [
      "",
      ...(note ? [note] : []),
      `The dev stack is up: Nexus on 127.0.0.1:${opts.nexusPort}, ${opts.keepers} Keepers from 127.0.0.1:${opts.keeperPort}, trust domain ${opts.trustDomain}.`,
      `Identities are served from ${join(opts.devDir, "agent")} (one socket per role).`,
      "In another terminal of this checkout, with no environment set:",
      "  npx spike secret put apps/demo password=s3cret",
      "  npx spike secret get apps/demo",
      "  npx spike operator status",
      "  npx spike --help",
      "To point spike at a real deployment instead, set SPIFFE_ENDPOINT_SOCKET (your SPIRE agent) and SPIKE_NEXUS_API_URL.",
      "Data stays in the dev directory: the next `npm start` reuses it.",
      "Press Ctrl-C to stop everything.",
    ].join("\n"),
  );
}

/** Runs `fn` connected to the dev Nexus as the dev issuer's `role` socket (pilot, pilot-recover, pilot-restore). */
async function asRole<T>(opts: DevStackOptions, role: string, fn: (nexus: NexusConnection) => Promise<T>): Promise<T> {
  const source = workloadApiSource(`unix://${devSocketPath(opts.devDir, role)}`);
  try {
    await source.ready(10_000);
    const nexus = connectNexus(`127.0.0.1:${opts.nexusPort}`, source, [opts.trustDomain]);
    try {
      return await fn(nexus);
    } finally {
      nexus.close();
    }
  } finally {
    source.close();
  }
}

/**
 * Waits for Nexus to answer, then makes it ready: bootstraps on first run (saving the admin token and the recovery
 * shares in the dev directory), or, when the Keepers came back empty (a restarted stack), restores the root key
 * from those saved shares. Returns what it did, for the banner.
 */
async function waitForNexus(opts: DevStackOptions, stopping: () => boolean): Promise<string> {
  const recoveryDir = join(opts.devDir, "recovery");
  const deadline = Date.now() + 90_000;
  let waitingSince: number | undefined;
  let note = "";
  return asRole(opts, "pilot", async (nexus) => {
    for (;;) {
      if (stopping()) return note;
      try {
        const s = await unary<StatusView>((md, o, cb) => nexus.operator.Status({}, md, o, cb), 2000);
        if (s.readiness === "READINESS_READY") return note;
        if (s.readiness === "READINESS_NOT_BOOTSTRAPPED") {
          const tokenFile = join(opts.devDir, "admin-token");
          const res = await unary<{ adminToken: string }>((md, o, cb) => nexus.operator.Bootstrap({ adminTokenName: "dev" }, md, o, cb), 30_000);
          writeFileSync(tokenFile, `${res.adminToken}\n`, { mode: 0o600 });
          await asRole(opts, "pilot-recover", async (rec) => {
            const r = await unary<{ shares: Array<{ id: number; value: Buffer }> }>((md, o, cb) => rec.operator.Recover({}, md, o, cb));
            writeShareFiles(recoveryDir, r.shares);
            for (const share of r.shares) share.value.fill(0);
          });
          note = `First run: bootstrapped the root key. The first admin token is in ${tokenFile}, recovery shares in ${recoveryDir} (all 0600).`;
          continue;
        }
        if (s.readiness === "READINESS_WAITING_FOR_SHARES") {
          waitingSince ??= Date.now();
          const files = existsSync(recoveryDir) ? readdirSync(recoveryDir).filter((f) => f.startsWith("spike-share-")) : [];
          // Keepers keep shares in memory only: after a restart of the whole stack they are empty.
          if (Date.now() - waitingSince > 2000 && files.length > 0) {
            await asRole(opts, "pilot-restore", async (res) => {
              for (const f of files) {
                const share = readShareFile(join(recoveryDir, f));
                const r = await unary<{ restored: boolean }>((md, o, cb) => res.operator.Restore({ share }, md, o, cb));
                share.value.fill(0);
                if (r.restored) break;
              }
            });
            note = `The Keepers started empty; restored the root key from the recovery shares in ${recoveryDir}.`;
            continue;
          }
        }
        if (Date.now() > deadline) throw new CliError(`Nexus is not ready after 90 s: ${s.reason}`, EXIT.unavailable);
      } catch (err) {
        if (err instanceof CliError) throw err;
        // Only "not up yet" is worth waiting for; anything else will not fix itself.
        const code = (err as { code?: number }).code;
        if (code !== undefined && code !== grpc.status.UNAVAILABLE && code !== grpc.status.DEADLINE_EXCEEDED) {
          const { message, exitCode } = explain(err, `127.0.0.1:${opts.nexusPort}`);
          throw new CliError(`the dev stack could not get Nexus ready: ${message}`, exitCode);
        }
        if (Date.now() > deadline) throw new CliError(`Nexus did not become ready within 90 s: ${(err as Error).message}`, EXIT.unavailable);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  });
}
