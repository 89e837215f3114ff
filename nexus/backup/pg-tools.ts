// PostgreSQL's own dump tools, run by Nexus (the only database client) for the pg_dump backup format (ADR 0028):
// which pg_dump / pg_restore binary to use, and the libpq environment that hands them Nexus's connection settings.
//
// The password and the CA certificate never appear on a command line (other users of the host can read argv):
// the password goes in PGPASSWORD, DB_ROOT_CERT into a 0600 file named by PGSSLROOTCERT. The child's environment
// starts from Nexus's own without any PG* variable, so nothing inherited (PGSERVICE, PGOPTIONS, ...) changes where
// it connects.
import { execFile, spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { SpikeError } from "../../lib/errors.js";
import type { ConnectionTarget } from "../store/database.js";

export type PgToolName = "pg_dump" | "pg_restore";

export interface PgTool {
  readonly name: PgToolName;
  readonly path: string;
  readonly major: number;
  /** As `--version` prints it, e.g. "15.20". */
  readonly version: string;
}

/** Where PostgreSQL packages put their binaries besides PATH (Debian/Ubuntu, RHEL, source builds, Homebrew). */
const PACKAGE_GLOBS = ["/usr/lib/postgresql", "/usr/pgsql-"] as const;
const EXTRA_DIRS = ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"] as const;

async function executable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every directory that may hold the tools, in order of preference among equal versions. */
async function candidateDirs(): Promise<string[]> {
  const dirs: string[] = [];
  try {
    // /usr/lib/postgresql/<major>/bin (Debian); the version-less /usr/bin/pg_dump there is a wrapper script.
    for (const v of await readdir(PACKAGE_GLOBS[0])) dirs.push(path.join(PACKAGE_GLOBS[0], v, "bin"));
  } catch {
    // not a Debian layout
  }
  try {
    for (const entry of await readdir("/usr")) if (entry.startsWith("pgsql-")) dirs.push(path.join("/usr", entry, "bin"));
  } catch {
    // no /usr
  }
  for (const d of (process.env.PATH ?? "").split(path.delimiter)) if (d !== "") dirs.push(d);
  dirs.push(...EXTRA_DIRS);
  return [...new Set(dirs)];
}

const versions = new Map<string, Promise<PgTool | undefined>>();

/** Runs `<file> --version` once per file; undefined when it is not a PostgreSQL tool that answers. */
function probe(name: PgToolName, file: string): Promise<PgTool | undefined> {
  let known = versions.get(file);
  if (known === undefined) {
    known = new Promise((resolve) => {
      execFile(file, ["--version"], { timeout: 5000, env: withoutPgVariables() }, (err, stdout) => {
        const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(String(stdout));
        if (err !== null || m === null) return resolve(undefined);
        resolve({ name, path: file, major: Number(m[1]), version: m[2] !== undefined ? `${m[1]}.${m[2]}` : String(m[1]) });
      });
    });
    versions.set(file, known);
  }
  return known;
}

/**
 * The tool to run: from `binDir` alone when it is set (SPIKE_NEXUS_PG_BIN_DIR), else the highest version found on
 * PATH and in the usual package directories. `minMajor` is the server's major version (pg_dump refuses a newer
 * server); a tool older than that, or none at all, is FAILED_PRECONDITION naming what to install.
 */
export async function findPgTool(name: PgToolName, opts: { binDir: string | undefined; minMajor: number; why: string }): Promise<PgTool> {
  const dirs = opts.binDir !== undefined ? [opts.binDir] : await candidateDirs();
  const found: PgTool[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    if (!(await executable(file))) continue;
    const tool = await probe(name, file);
    if (tool !== undefined) found.push(tool);
  }
  const best = found.sort((a, b) => b.major - a.major)[0];
  const where = opts.binDir !== undefined ? `SPIKE_NEXUS_PG_BIN_DIR (${opts.binDir})` : "PATH or /usr/lib/postgresql/*/bin";
  const which = opts.minMajor > 0 ? `PostgreSQL ${opts.minMajor} (or newer) client tools` : "PostgreSQL client tools";
  const pkg = opts.minMajor > 0 ? `postgresql-client-${opts.minMajor}` : "postgresql-client";
  const install = `install the ${which} beside Nexus (Debian/Ubuntu: ${pkg}) or point SPIKE_NEXUS_PG_BIN_DIR at their bin directory`;
  if (best === undefined) throw new SpikeError("failed_precondition", `${opts.why} needs ${name}, and there is none in ${where}: ${install}`);
  if (best.major < opts.minMajor) {
    throw new SpikeError("failed_precondition", `${opts.why} needs ${name} ${opts.minMajor} or newer; the newest in ${where} is ${best.version} (${best.path}): ${install}`);
  }
  return best;
}

/** Nexus's environment without any libpq variable. */
function withoutPgVariables(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PG")) env[k] = v;
  return env;
}

/**
 * The environment that makes a libpq tool connect where `target` points, as Nexus would: the same user, password,
 * sslmode (DB_ROOT_CERT given and no sslmode means verify-full, as for Nexus's own pool) and CA. `privateDir` is a
 * 0700 directory the caller removes afterwards; the CA file is written there.
 */
export async function libpqEnv(target: ConnectionTarget, rootCertPem: string | undefined, privateDir: string, tool: PgTool): Promise<NodeJS.ProcessEnv> {
  const env = withoutPgVariables();
  env.PGHOST = target.host;
  env.PGPORT = String(target.port);
  env.PGDATABASE = target.database;
  env.PGUSER = target.user;
  env.PGAPPNAME = "spike-nexus-backup";
  env.PGCONNECT_TIMEOUT = "10";
  if (target.password !== undefined) env.PGPASSWORD = target.password;
  env.PGSSLMODE = target.sslmode ?? (rootCertPem !== undefined ? "verify-full" : "disable");
  if (rootCertPem !== undefined) {
    const file = path.join(privateDir, "root-ca.pem");
    await writeFile(file, rootCertPem, { mode: 0o600 });
    env.PGSSLROOTCERT = file;
  } else if (env.PGSSLMODE === "verify-full" && tool.major >= 16) {
    // Nexus checks such a server against the system CA store; libpq 16+ can too.
    env.PGSSLROOTCERT = "system";
  }
  return env;
}

export interface ToolRun {
  readonly code: number | null;
  /** The tool's own messages (the last 8 KiB): they name tables and servers, never passwords or data. */
  readonly stderr: string;
}

/**
 * Runs a tool to its end. `stdout`, when given, receives the output piece by piece and may wait (backpressure:
 * the child is paused meanwhile; when it throws, the child is killed); otherwise stdout is collected and returned.
 */
export function runTool(
  tool: PgTool,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdout?: (piece: Buffer) => Promise<void>,
): Promise<ToolRun & { readonly output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool.path, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    const collected: Buffer[] = [];
    let failed: unknown;
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString("utf8")).slice(-8192);
    });
    const reading = (async () => {
      for await (const piece of child.stdout as AsyncIterable<Buffer>) {
        if (stdout === undefined) collected.push(piece);
        else if (failed === undefined) {
          try {
            await stdout(piece);
          } catch (err) {
            failed = err;
            child.kill("SIGTERM");
          }
        }
      }
    })();
    child.on("error", (err) => {
      failed ??= err;
      // A tool that never started (gone since it was found) emits no "close".
      if (child.pid === undefined) reject(err);
    });
    child.on("close", (code) => {
      void reading.finally(() => {
        if (failed !== undefined) reject(failed);
        else resolve({ code, stderr: stderr.trim(), output: Buffer.concat(collected).toString("utf8") });
      });
    });
  });
}

/** The tool's error message, one line, for a problem sentence. */
export function toolMessage(run: ToolRun): string {
  const lines = run.stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const errors = lines.filter((l) => /error|fatal/i.test(l));
  return (errors.length > 0 ? errors : lines).slice(0, 3).join(" / ").slice(0, 600) || `exit status ${String(run.code)}`;
}
