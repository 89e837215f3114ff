// Every way a CLI command can fail, turned into one line for a person and a stable exit code.
import type * as grpc from "@grpc/grpc-js";
import { ConfigError } from "../lib/env.js";
import { IdentitySourceError } from "../lib/identity-env.js";
import { EndpointError } from "../spiffe/endpoint.js";
import { SvidFileError } from "../spiffe/file-source.js";
import { SourceTimeoutError } from "../spiffe/x509-source.js";
import { DevDirBusyError } from "../spiffe/dev-paths.js";
import { EXIT, exitCodeForStatus, type ExitCode } from "./exit-codes.js";

export class CliError extends Error {
  constructor(message: string, readonly exitCode: ExitCode) {
    super(message);
  }
}

function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === "number" && "details" in err;
}

export const WHERE_TO_POINT =
  "With no environment set, spike uses the local dev stack: start it with `npm start` (or `spike dev up`). " +
  "For a real deployment set SPIFFE_ENDPOINT_SOCKET and SPIKE_NEXUS_API_URL.";

/** What to do about a Nexus that answers but is not ready, judged from the reason it gives. */
export function notReadyHint(details: string): string {
  if (/not bootstrapped/.test(details)) return "Run `spike operator bootstrap` once to make the root key.";
  if (/waiting for keepers|shares/i.test(details)) {
    return "Start the Keepers that are down, or feed recovery shares with `spike operator restore`; `spike operator status` shows each Keeper.";
  }
  if (/database/i.test(details)) return "Nexus cannot use its database; `spike operator status` shows the error.";
  return "Run `spike operator status` to see why.";
}

/** Describes a failure in words that say what to do, and picks its exit code. */
export function explain(err: unknown, nexus?: string): { message: string; exitCode: ExitCode } {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  if (err instanceof ConfigError) return { message: err.message, exitCode: EXIT.usage };
  if (err instanceof DevDirBusyError) return { message: err.message, exitCode: EXIT.conflict };
  if (err instanceof IdentitySourceError || err instanceof SvidFileError || err instanceof EndpointError || err instanceof SourceTimeoutError) {
    return { message: `no SVID for this CLI: ${err.message}.\n  ${WHERE_TO_POINT}`, exitCode: EXIT.identity };
  }
  if (isServiceError(err)) {
    const where = nexus ? `Nexus at ${nexus}` : "Nexus";
    // grpc-js appends resolver notes that say nothing to an operator.
    const details = err.details.replace(/\.?\s*Resolution note:.*$/s, "");
    // TLS-level refusals arrive as UNAVAILABLE; our server-ID check says so in its text.
    const idMismatch = /server SPIFFE ID|server certificate refused/.exec(details);
    if (idMismatch) {
      const detail = details.slice(details.indexOf(idMismatch[0]));
      return { message: `${where} is not who it should be: ${detail}`, exitCode: EXIT.identity };
    }
    const code = exitCodeForStatus(err.code);
    if (code === EXIT.unavailable) {
      // grpc-js words a connection that never happened this way; anything else came from Nexus itself.
      const unreachable = /No connection established|Connection dropped|Failed to connect|ECONNREFUSED/.test(details) || err.code === 4;
      if (unreachable) return { message: `cannot reach ${where}: ${details}.\n  Is it running? ${WHERE_TO_POINT}`, exitCode: code };
      return { message: `${where} is not ready: ${details}.\n  ${notReadyHint(details)}`, exitCode: code };
    }
    return { message: details || err.message, exitCode: code };
  }
  return { message: err instanceof Error ? err.message : String(err), exitCode: EXIT.internal };
}
