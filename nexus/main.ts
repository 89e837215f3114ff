#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=50
// spike-nexus: the secrets store daemon.
import { runDaemon } from "../lib/daemon.js";
import { loadNexusConfig } from "./config.js";
import { startNexus } from "./server.js";

runDaemon("nexus", async (log) => {
  const nexus = await startNexus(loadNexusConfig(), log);
  // A database that is down is retried forever; a schema this build cannot run on is not, and ends the process.
  nexus.storageReady.catch((err: unknown) => {
    log.fatal(err instanceof Error ? err.message : String(err));
    void nexus.close().finally(() => process.exit(1));
  });
  return nexus;
});
