// The dev directory's layout, without the issuer: what a CLI needs to find a running dev stack costs no
// certificate library at start (ADR 0017).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export class DevDirBusyError extends Error {}

/** Where a registration's Workload API socket lives inside a dev directory. */
export function devSocketPath(devDir: string, name: string): string {
  return join(devDir, "agent", `${name}.sock`);
}

/** The lock file holding the PID of the issuer (or dev stack) serving this directory. */
export function devLockPath(devDir: string): string {
  return join(devDir, "stack.pid");
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The PID of the live process holding the dev directory, if any. */
export function devDirHolder(devDir: string): number | undefined {
  const lock = devLockPath(devDir);
  if (!existsSync(lock)) return undefined;
  const pid = Number(readFileSync(lock, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}
