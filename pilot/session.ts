// One CLI invocation's connection: our SVID (Workload API, files or the dev issuer) and a connection to Nexus.
// Unary commands use the one-shot path (ADR 0029): the SVID fetched once, calls over node:http2, no grpc-js.
// Commands that stream ask for grpc-js with `{ streams: true }`, and so does a checkout without proto/descriptor.json.
import { existsSync } from "node:fs";
import { chooseIdentitySource } from "../lib/identity-env.js";
import { haveDescriptor } from "../lib/wire/schema.js";
import { fileSource } from "../spiffe/file-source.js";
import { devSocketPath } from "../spiffe/dev-paths.js";
import type { X509Source } from "../spiffe/x509-source.js";
import { EXIT } from "./exit-codes.js";
import { CliError, WHERE_TO_POINT } from "./failure.js";
import type { NexusConnection } from "./client/connect.js";
import type { PilotConfig } from "./config.js";

export interface SessionOptions {
  /** The dev issuer's socket to take an identity from when nothing is configured (default "pilot"). */
  readonly devName?: string;
  /** The command calls streaming RPCs: connect with grpc-js. */
  readonly streams?: boolean;
}

export async function withNexus<T>(cfg: PilotConfig, fn: (nexus: NexusConnection, me: string) => Promise<T>, opts: SessionOptions = {}): Promise<T> {
  const devName = opts.devName ?? "pilot";
  // Nothing configured and no dev stack (not even its issuer): Nexus is unreachable, which is exit 6 (ADR 0029).
  if (cfg.devStackOnly === true && !existsSync(devSocketPath(cfg.SPIKE_DEV_DIR, devName))) {
    throw new CliError(`no dev stack is running (nothing serves identities in ${cfg.SPIKE_DEV_DIR}), and nothing points spike at another Nexus.\n  ${WHERE_TO_POINT}`, EXIT.unavailable);
  }
  if (opts.streams === true || !haveDescriptor()) {
    const [{ openIdentitySource }, { connectNexus }] = await Promise.all([import("../lib/identity.js"), import("./client/connect.js")]);
    return run(cfg, openIdentitySource(cfg, devName), (source) => connectNexus(cfg.SPIKE_NEXUS_API_URL, source, cfg.SPIKE_TRUST_ROOT), fn);
  }
  const choice = chooseIdentitySource(cfg, devName);
  const [source, { connectNexusOnce }] = choice.kind === "files"
    ? [fileSource(choice.files), await import("./client/oneshot.js")]
    : await Promise.all([import("../spiffe/workload-fetch.js").then((m) => m.workloadApiOnce(choice.address)), import("./client/oneshot.js")]);
  return run(cfg, source, (s) => connectNexusOnce(cfg.SPIKE_NEXUS_API_URL, s, cfg.SPIKE_TRUST_ROOT), fn);
}

async function run<T>(cfg: PilotConfig, source: X509Source, connect: (source: X509Source) => NexusConnection, fn: (nexus: NexusConnection, me: string) => Promise<T>): Promise<T> {
  try {
    await source.ready(cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT);
    const nexus = connect(source);
    try {
      return await fn(nexus, source.svid().id.text);
    } finally {
      nexus.close();
    }
  } finally {
    source.close();
  }
}
