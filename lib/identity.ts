// Opens the source a program's SVID comes from (the choice itself: lib/identity-env.ts): SVID files, watched and
// reloaded, or a Workload API stream that follows every rotation.
import { fileSource } from "../spiffe/file-source.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import type { X509Source } from "../spiffe/x509-source.js";
import { chooseIdentitySource, type IdentityConfig } from "./identity-env.js";
import type { Log } from "./log.js";

export { identityEnv, IdentitySourceError, type IdentityConfig } from "./identity-env.js";

export function openIdentitySource(cfg: IdentityConfig, devName: string, log?: Log): X509Source {
  const choice = chooseIdentitySource(cfg, devName);
  if (choice.kind === "files") {
    return fileSource(choice.files, {
      onReloadError: (e) => log?.warn("SVID files could not be reloaded; keeping the last good SVID", { error: e.message }),
    });
  }
  const onError = (err: Error, final: boolean): void => {
    if (final) log?.error("the Workload API refused us; not retrying", { error: err.message });
    else log?.debug("Workload API stream interrupted; reconnecting", { error: err.message });
  };
  return workloadApiSource(choice.address, { onError });
}
