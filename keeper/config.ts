// Keeper configuration: every variable, parsed once at start.
import { z } from "zod";
import { listenAddress, parseEnv, type Env } from "../lib/env.js";
import { identityEnv } from "../lib/identity.js";

const schema = z.object({
  ...identityEnv,
  SPIKE_KEEPER_TLS_PORT: listenAddress(":8443"),
  /** Which dev issuer socket to use when no SVID source is configured ("keeper-1"...). */
  SPIKE_KEEPER_DEV_NAME: z.string().regex(/^keeper-[1-9]\d{0,3}$/, "must be keeper-<n>").default("keeper-1"),
});

export type KeeperConfig = z.output<typeof schema>;

export function loadKeeperConfig(env: Env = process.env): KeeperConfig {
  return parseEnv(schema, env);
}
