// Where a program gets its SVID: the SPIFFE Workload API (SPIFFE_ENDPOINT_SOCKET), SVID files, or, with neither
// set, the local dev issuer's socket for this program's role. One schema fragment, shared by every program.
import { existsSync } from "node:fs";
import { z } from "zod";
import { devSocketPath } from "../spiffe/dev-paths.js";
import { fileSource } from "../spiffe/file-source.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import type { X509Source } from "../spiffe/x509-source.js";
import { directory, duration, trustDomains } from "./env.js";
import type { Log } from "./log.js";

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

/**
 * Opens the source this program's identity comes from. `devName` is the dev issuer's socket name for this role
 * ("nexus", "keeper-1", "pilot"), used only when nothing else is configured.
 */
export function openIdentitySource(cfg: IdentityConfig, devName: string, log?: Log): X509Source {
  const files = [cfg.SPIKE_SVID_CERT_FILE, cfg.SPIKE_SVID_KEY_FILE, cfg.SPIKE_SVID_BUNDLE_FILE];
  const given = files.filter((f) => f !== undefined).length;
  if (given > 0 && given < 3) {
    throw new IdentitySourceError("SPIKE_SVID_CERT_FILE, SPIKE_SVID_KEY_FILE and SPIKE_SVID_BUNDLE_FILE go together: set all three");
  }
  if (given === 3) {
    return fileSource(
      { certFile: files[0] as string, keyFile: files[1] as string, bundleFile: files[2] as string },
      { onReloadError: (e) => log?.warn("SVID files could not be reloaded; keeping the last good SVID", { error: e.message }) },
    );
  }
  const onError = (err: Error, final: boolean): void => {
    if (final) log?.error("the Workload API refused us; not retrying", { error: err.message });
    else log?.debug("Workload API stream interrupted; reconnecting", { error: err.message });
  };
  if (cfg.SPIFFE_ENDPOINT_SOCKET !== undefined) return workloadApiSource(cfg.SPIFFE_ENDPOINT_SOCKET, { onError });
  const devSocket = devSocketPath(cfg.SPIKE_DEV_DIR, devName);
  if (existsSync(devSocket)) return workloadApiSource(`unix://${devSocket}`, { onError });
  throw new IdentitySourceError(
    `no SVID source: SPIFFE_ENDPOINT_SOCKET is not set, no SVID files are configured, and there is no dev issuer socket at ${devSocket} (start one with \`spike dev up\` or \`spike dev issuer\`)`,
  );
}
