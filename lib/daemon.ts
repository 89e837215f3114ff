// What Nexus and Keeper share as programs: parse config, start, stop cleanly on SIGINT/SIGTERM, and turn a
// start-up failure into one clear line and a non-zero exit instead of a stack trace.
import * as grpc from "@grpc/grpc-js";
import { ConfigError } from "./env.js";
import type { Log } from "./log.js";
import { createLogger } from "./log.js";
import { SourceTimeoutError, type X509Source } from "../spiffe/x509-source.js";
import { EndpointError } from "../spiffe/endpoint.js";
import { SvidFileError } from "../spiffe/file-source.js";
import { IdentitySourceError } from "./identity.js";
import { hasRole, describeRole, type Role } from "./roles.js";
import type { SpiffeId } from "../spiffe/id.js";

export class StartupError extends Error {}

export interface Running {
  close(): Promise<void>;
}

/** Waits for this program's SVID and checks that it is the role this program plays. */
export async function acquireOwnIdentity(source: X509Source, timeoutMs: number, role: Role, trustDomains: readonly string[]): Promise<SpiffeId> {
  try {
    await source.ready(timeoutMs);
  } catch (err) {
    source.close();
    if (err instanceof SourceTimeoutError) throw new StartupError(err.message);
    throw err;
  }
  const id = source.svid().id;
  if (!hasRole(id, role, trustDomains)) {
    source.close();
    throw new StartupError(`refusing to start: this program's SPIFFE ID is ${id.text}, but a ${role} must be ${describeRole(role, trustDomains)}`);
  }
  return id;
}

export function bindServer(server: grpc.Server, address: string, creds: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, creds, (err, port) => (err ? reject(new StartupError(`cannot listen on ${address}: ${err.message}`)) : resolve(port)));
  });
}

/** Runs a daemon until a signal; exit code 0 after a clean stop, 1 when it could not start. */
export function runDaemon(name: string, start: (log: Log) => Promise<Running>): void {
  let log: Log;
  try {
    log = createLogger(name);
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exit(1);
  }
  Promise.resolve().then(() => start(log)).then(
    (running) => {
      let stopping = false;
      const stop = (signal: string): void => {
        if (stopping) return;
        stopping = true;
        log.info("stopping", { signal });
        running.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
    },
    (err: unknown) => {
      // Our own start-up errors already say what to fix; anything else gets its stack for a bug report.
      const expected = [StartupError, ConfigError, IdentitySourceError, SvidFileError, EndpointError].some((c) => err instanceof c);
      log.fatal(expected ? (err as Error).message : `failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
      setTimeout(() => process.exit(1), 50).unref();
    },
  );
}
