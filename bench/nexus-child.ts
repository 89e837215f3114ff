// The real Nexus in a forked child, as spike-nexus would run it: configuration from the environment schema, its SVID
// from the Workload API socket given as argv[2], the PostgreSQL database given as argv[3] (a fresh one the parent
// created), listening on a free loopback port that it reports over IPC once its storage is open and migrated.
//
// The root key is random and lives only in this process: the root-key lifecycle (Keepers) does not exist yet, so the
// bench holds it in an InMemoryRootKeyProvider, like the integration tests.
import { randomBytes } from "node:crypto";
import { getHeapSpaceStatistics } from "node:v8";
import { createLogger } from "../lib/log.js";
import { InMemoryRootKeyProvider } from "../nexus/crypto/in-memory-root-key.js";
import { startNexus } from "../nexus/server.js";
import { firstMessage, runChild } from "./child.js";
import { benchNexusConfig } from "./nexus-config.js";

/** The variables of `env` named in `names` that are set. */
function pick(env: NodeJS.ProcessEnv, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

runChild(async () => {
  const [socket, databaseUri] = process.argv.slice(2);
  if (socket === undefined || databaseUri === undefined) throw new Error("usage: nexus-child.ts <workload-api-socket-path> <database-uri>");
  // The bench's variants (run.ts nexus-get-sync, scale.ts's uncached Nexus) set these in the child's environment.
  const config = benchNexusConfig(socket, databaseUri, pick(process.env, ["SPIKE_NEXUS_AUDIT_READ_COMMIT", "SPIKE_NEXUS_SECRET_CACHE_ENTRIES", "SPIKE_NEXUS_SECRET_CACHE_BYTES"]));
  // `--root-key-ipc`: the parent sends the root key (hex) as its first message, so it can write secrets this Nexus
  // reads (bench/scale.ts); otherwise a random one.
  const given = process.argv[4] === "--root-key-ipc" ? await firstMessage() : undefined;
  const key = typeof given === "string" ? Buffer.from(given, "hex") : randomBytes(32);
  const rootKeys = new InMemoryRootKeyProvider(key); // holds its own copy
  key.fill(0);
  const nexus = await startNexus(config, createLogger("nexus", { level: 5 }), { rootKeys });
  try {
    await nexus.storageReady;
  } catch (err) {
    await nexus.close();
    throw err;
  }
  // "memory": what the resident set is made of (bench/scale.ts asks after each size).
  process.on("message", (m: unknown) => {
    if (m !== "memory") return;
    const usage = process.memoryUsage();
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 2 ** 20)]));
    process.send?.({ type: "memory", usage, spaces });
  });
  return { port: nexus.port, stop: () => nexus.close() };
});
