// Pilot (and workload SDK) configuration: where Nexus is, and where our SVID comes from.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { parseEnv, type Env } from "../lib/env.js";
import { identityEnv } from "../lib/identity-env.js";
import { alive } from "../spiffe/dev-paths.js";

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

export type PilotConfig = z.output<typeof schema> & {
  /** True when nothing points spike anywhere (no Nexus address, Workload API or SVID files): it relies on the dev stack. */
  readonly devStackOnly?: boolean;
};

/** What `spike dev up` records in the dev directory while it runs, so a CLI with no environment finds it. */
export interface DevStackRecord {
  readonly pid: number;
  readonly nexus: string;
}

export const devStackRecordPath = (devDir: string): string => join(devDir, "stack.json");

export function runningDevStack(devDir: string): DevStackRecord | undefined {
  const path = devStackRecordPath(devDir);
  if (!existsSync(path)) return undefined;
  try {
    const rec = JSON.parse(readFileSync(path, "utf8")) as Partial<DevStackRecord>;
    if (typeof rec.pid === "number" && typeof rec.nexus === "string" && alive(rec.pid)) return { pid: rec.pid, nexus: rec.nexus };
  } catch {
    // A torn or foreign file: behave as if no stack ran.
  }
  return undefined;
}

export function loadPilotConfig(env: Env = process.env): PilotConfig {
  const cfg = parseEnv(schema, env);
  // Nothing configured at all: talk to the local dev stack, wherever `spike dev up` put Nexus.
  const configured = ["SPIKE_NEXUS_API_URL", "SPIFFE_ENDPOINT_SOCKET", "SPIKE_SVID_CERT_FILE"].some((k) => env[k] !== undefined && env[k] !== "");
  if (!configured) {
    const stack = runningDevStack(cfg.SPIKE_DEV_DIR);
    return { ...cfg, ...(stack !== undefined ? { SPIKE_NEXUS_API_URL: stack.nexus } : {}), devStackOnly: true };
  }
  return cfg;
}
