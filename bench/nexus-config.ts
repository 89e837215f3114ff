// The configuration of a Nexus the bench starts (bench/nexus-child.ts, bench/pipeline-child.ts): the Workload API
// socket and the database it is given, a free TLS port, and metrics on, as deployed, on a port of its own (the bench
// runs several Nexus at once). `extra` sets more variables (a variant's).
import { loadNexusConfig, type NexusConfig } from "../nexus/config.js";

export function benchNexusConfig(socket: string, databaseUri: string, extra: Readonly<Record<string, string>> = {}): NexusConfig {
  return loadNexusConfig({
    SPIFFE_ENDPOINT_SOCKET: `unix://${socket}`,
    SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0",
    SPIKE_TRUST_ROOT: "spike.ist",
    SPIKE_SPIFFE_SOURCE_TIMEOUT: "10s",
    DB_CONNECTION_URI: databaseUri,
    SPIKE_NEXUS_METRICS_ADDRESS: "127.0.0.1:0",
    ...extra,
  });
}
