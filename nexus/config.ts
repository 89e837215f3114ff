// Nexus configuration: every variable, parsed once at start. See the README's configuration table.
import { z } from "zod";
import { listenAddress, parseEnv, type Env } from "../lib/env.js";
import { identityEnv } from "../lib/identity.js";
import { parseLogLevel } from "../lib/log.js";

const schema = z.object({
  ...identityEnv,
  SPIKE_NEXUS_TLS_PORT: listenAddress(":8553"),
  SPIKE_LOG_LEVEL: z.string().optional().transform((v, ctx) => {
    try {
      return parseLogLevel(v);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
      return z.NEVER;
    }
  }),
});

export type NexusConfig = z.output<typeof schema>;

export function loadNexusConfig(env: Env = process.env): NexusConfig {
  return parseEnv(schema, env);
}
