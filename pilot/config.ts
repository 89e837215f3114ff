// Pilot (and workload SDK) configuration: where Nexus is, and where our SVID comes from.
import { z } from "zod";
import { parseEnv, type Env } from "../lib/env.js";
import { identityEnv } from "../lib/identity.js";

/** Accepts "host:port" and upstream SPIKE's "https://host:port" form. */
const nexusAddress = z.string().default("127.0.0.1:8553").transform((text, ctx) => {
  const bare = text.replace(/^https:\/\//, "").replace(/\/$/, "");
  if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(bare)) {
    ctx.addIssue({ code: "custom", message: `"${text}" is not host:port` });
    return z.NEVER;
  }
  return bare;
});

const schema = z.object({
  ...identityEnv,
  SPIKE_NEXUS_API_URL: nexusAddress,
});

export type PilotConfig = z.output<typeof schema>;

export function loadPilotConfig(env: Env = process.env): PilotConfig {
  return parseEnv(schema, env);
}
