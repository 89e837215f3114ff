// The real Nexus in a forked child, as spike-nexus would run it: configuration from the environment schema, its SVID
// from the Workload API socket given as argv[2], listening on a free loopback port that it reports over IPC.
import { createLogger } from "../lib/log.js";
import { loadNexusConfig } from "../nexus/config.js";
import { startNexus } from "../nexus/server.js";
import { runChild } from "./child.js";

runChild(async () => {
  const socket = process.argv[2];
  if (socket === undefined) throw new Error("usage: nexus-child.ts <workload-api-socket-path>");
  const config = loadNexusConfig({
    SPIFFE_ENDPOINT_SOCKET: `unix://${socket}`,
    SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0",
    SPIKE_TRUST_ROOT: "spike.ist",
    SPIKE_SPIFFE_SOURCE_TIMEOUT: "10s",
  });
  const nexus = await startNexus(config, createLogger("nexus", { level: 5 }));
  return { port: nexus.port, stop: () => nexus.close() };
});
