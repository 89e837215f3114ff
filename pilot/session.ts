// One CLI invocation's connection: our SVID (Workload API, files or the dev issuer) and one mTLS channel to Nexus.
import { openIdentitySource } from "../lib/identity.js";
import { connectNexus, type NexusConnection } from "./client/connect.js";
import type { PilotConfig } from "./config.js";

export async function withNexus<T>(cfg: PilotConfig, fn: (nexus: NexusConnection, me: string) => Promise<T>, devName = "pilot"): Promise<T> {
  const source = openIdentitySource(cfg, devName);
  try {
    await source.ready(cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT);
    const nexus = connectNexus(cfg.SPIKE_NEXUS_API_URL, source, cfg.SPIKE_TRUST_ROOT);
    try {
      return await fn(nexus, source.svid().id.text);
    } finally {
      nexus.close();
    }
  } finally {
    source.close();
  }
}
