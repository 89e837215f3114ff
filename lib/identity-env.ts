// Where a program gets its SVID: the SPIFFE Workload API (SPIFFE_ENDPOINT_SOCKET), SVID files, or, with neither
// set, the local dev issuer's socket for this program's role. The settings and the choice live here, apart from
// the sources themselves (lib/identity.ts), so that the CLI's one-shot path decides the same way without loading
// grpc-js (ADR 0029).
import { existsSync } from "node:fs";
import { z } from "zod";
import { devSocketPath } from "../spiffe/dev-paths.js";
import type { SvidFiles } from "../spiffe/file-source.js";
import { directory, duration, trustDomains } from "./env.js";

export const identityEnv = {
  SPIFFE_ENDPOINT_SOCKET: z.string().optional(),
  SPIKE_SVID_CERT_FILE: z.string().optional(),
  SPIKE_SVID_KEY_FILE: z.string().optional(),
  SPIKE_SVID_BUNDLE_FILE: z.string().optional(),
  SPIKE_SPIFFE_SOURCE_TIMEOUT: duration("30s"),
  SPIKE_DEV_DIR: directory("~/.spike/dev"),
  SPIKE_TRUST_ROOT: trustDomains("spike.ist"),
};

export interface IdentityConfig {
  readonly SPIFFE_ENDPOINT_SOCKET?: string | undefined;
  readonly SPIKE_SVID_CERT_FILE?: string | undefined;
  readonly SPIKE_SVID_KEY_FILE?: string | undefined;
  readonly SPIKE_SVID_BUNDLE_FILE?: string | undefined;
  readonly SPIKE_SPIFFE_SOURCE_TIMEOUT: number;
  readonly SPIKE_DEV_DIR: string;
  readonly SPIKE_TRUST_ROOT: string[];
}

export class IdentitySourceError extends Error {}

export type IdentityChoice = { readonly kind: "files"; readonly files: SvidFiles } | { readonly kind: "workload"; readonly address: string };

/**
 * Which source this program's identity comes from. `devName` is the dev issuer's socket name for this role
 * ("nexus", "keeper-1", "pilot"), used only when nothing else is configured.
 */
export function chooseIdentitySource(cfg: IdentityConfig, devName: string): IdentityChoice {
  const files = [cfg.SPIKE_SVID_CERT_FILE, cfg.SPIKE_SVID_KEY_FILE, cfg.SPIKE_SVID_BUNDLE_FILE];
  const given = files.filter((f) => f !== undefined).length;
  if (given > 0 && given < 3) {
    throw new IdentitySourceError("SPIKE_SVID_CERT_FILE, SPIKE_SVID_KEY_FILE and SPIKE_SVID_BUNDLE_FILE go together: set all three");
  }
  if (given === 3) return { kind: "files", files: { certFile: files[0] as string, keyFile: files[1] as string, bundleFile: files[2] as string } };
  if (cfg.SPIFFE_ENDPOINT_SOCKET !== undefined) return { kind: "workload", address: cfg.SPIFFE_ENDPOINT_SOCKET };
  const devSocket = devSocketPath(cfg.SPIKE_DEV_DIR, devName);
  if (existsSync(devSocket)) return { kind: "workload", address: `unix://${devSocket}` };
  throw new IdentitySourceError(
    `no SVID source: SPIFFE_ENDPOINT_SOCKET is not set, no SVID files are configured, and there is no dev issuer socket at ${devSocket} (start one with \`spike dev up\` or \`spike dev issuer\`)`,
  );
}
