// A small filesystem that can really run out of space, for the "database disk full" fault: a tmpfs of a few MiB
// mounted (as root) on a temp dir owned by postgres, where a tablespace holds Nexus's database. fill() takes every
// free byte with a filler file, so PostgreSQL's next relation extension fails with ENOSPC (SQLSTATE 53100);
// free() deletes it, as an operator adding disk would. WAL stays on the cluster's own disk, so the server itself
// keeps running: what is exercised is Nexus's handling of the error, not a PANIC.
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SmallDisk {
  readonly dir: string;
  fill(): void;
  free(): void;
  unmount(): void;
}

/** Why a tmpfs cannot be mounted here, or undefined when it can (root, and mount works). */
export function smallDiskUnsupported(): string | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "mounting a tmpfs needs root";
  const probe = mkdtempSync(join(tmpdir(), "spike-tmpfs-probe-"));
  try {
    const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe], { encoding: "utf8" });
    if (r.status !== 0) return `mount -t tmpfs failed: ${(r.stderr || r.error?.message || "").trim()}`;
    spawnSync("umount", [probe]);
    return undefined;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

const mounted = new Set<string>();
let hooked = false;

/** Mounts a tmpfs of `mib` MiB with the tablespace directory `data` inside it, owned by postgres. */
export function mountSmallDisk(mib: number): SmallDisk {
  const mountPoint = mkdtempSync(join(tmpdir(), "spike-smalldisk-"));
  const uid = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
  const gid = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${mib}m,uid=${uid},gid=${gid},mode=0700`, "tmpfs", mountPoint]);
  mounted.add(mountPoint);
  if (!hooked) {
    hooked = true;
    // After the cluster hooks (registered earlier): the server has stopped by then, so the unmount is not busy.
    process.on("exit", () => {
      for (const m of mounted) unmountSync(m);
    });
    // Interrupted: detach lazily (the server may still hold files there), then let the signal do what it does.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        for (const m of mounted) unmountSync(m);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
    }
  }
  const filler = join(mountPoint, "filler");
  const dir = join(mountPoint, "tablespace");
  execFileSync("install", ["-d", "-m", "0700", "-o", uid, "-g", gid, dir]);
  return {
    dir,
    fill: () => {
      const fd = openSync(filler, "a");
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
      } finally {
        closeSync(fd);
      }
      // Then the last partial chunk's worth.
      const small = openSync(filler, "a");
      try {
        for (;;) writeSync(small, Buffer.alloc(512));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
      } finally {
        closeSync(small);
      }
    },
    free: () => rmSync(filler, { force: true }),
    unmount: () => unmountSync(mountPoint),
  };
}

function unmountSync(mountPoint: string): void {
  if (!mounted.delete(mountPoint)) return;
  const r = spawnSync("umount", [mountPoint]);
  if (r.status !== 0) spawnSync("umount", ["-l", mountPoint]);
  rmSync(mountPoint, { recursive: true, force: true });
}
