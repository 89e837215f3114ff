// The dev issuer: a tiny stand-in for a SPIRE server + agent, for running the whole stack on one machine.
// It keeps a CA for one trust domain in a 0700 directory, and serves the SPIFFE Workload API on one Unix socket per
// registered identity. Whoever can open a socket gets that identity: the socket files' permissions (0600, in a
// 0700 directory) are the attestation. SVIDs are short-lived and re-issued at half-life, like SPIRE's.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createCertificateAuthority, issueX509Svid, loadCertificateAuthority, type CaMaterial, type IssuedSvid } from "./ca.js";
import { parseSpiffeId } from "./id.js";
import { alive, DevDirBusyError, devLockPath, devSocketPath } from "./dev-paths.js";
import { serveWorkloadApi, type WorkloadApiServer, type WorkloadIdentityState } from "./workload-server.js";

export { DevDirBusyError, devSocketPath };

export const DEFAULT_SVID_TTL_MS = 60 * 60 * 1000;

/**
 * When to renew: half of what is really left of the certificate. Certificate times have one-second granularity,
 * so a short TTL can come out shorter than asked; timing from the TTL alone could renew after expiry.
 */
function halfLife(svid: IssuedSvid): number {
  return (svid.notAfter.getTime() - Date.now()) / 2;
}

export interface DevRegistration {
  /** The socket's file name without `.sock`, e.g. "nexus" or "keeper-1". */
  readonly name: string;
  readonly spiffeId: string;
}

/** The identities the local stack needs: Nexus, n Keepers, bootstrap, and the three Pilot roles. */
export function defaultRegistrations(trustDomain: string, keepers = 3): DevRegistration[] {
  const id = (path: string): string => `spiffe://${trustDomain}/spike/${path}`;
  const regs: DevRegistration[] = [
    { name: "nexus", spiffeId: id("nexus") },
    { name: "bootstrap", spiffeId: id("bootstrap") },
    { name: "pilot", spiffeId: id("pilot/role/superuser") },
    { name: "pilot-recover", spiffeId: id("pilot/role/recover") },
    { name: "pilot-restore", spiffeId: id("pilot/role/restore") },
  ];
  for (let i = 1; i <= keepers; i++) regs.push({ name: `keeper-${i}`, spiffeId: id(`keeper/${i}`) });
  return regs;
}

/**
 * One issuer per dev directory: a second one would replace the sockets of the first under its running programs.
 * Returns the function that releases the lock. A lock left by a dead process is taken over.
 */
export function lockDevDir(devDir: string): () => void {
  ensurePrivateDir(devDir);
  const lock = devLockPath(devDir);
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new DevDirBusyError(`a dev stack is already running from ${devDir} (pid ${pid}); use it, or stop it with Ctrl-C in its terminal`);
    }
  }
  writeFileSync(lock, `${process.pid}\n`, { mode: 0o600 });
  return () => rmSync(lock, { force: true });
}

function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  chmodSync(path, 0o700);
}

/**
 * Opens the dev CA kept in `<devDir>/ca`, creating it on first use. A CA for another trust domain is an error:
 * silently replacing it would cut every running program off.
 */
export async function openDevCa(devDir: string, trustDomain: string): Promise<CaMaterial> {
  ensurePrivateDir(devDir);
  const caDir = join(devDir, "ca");
  ensurePrivateDir(caDir);
  const certPath = join(caDir, "ca.pem");
  const keyPath = join(caDir, "ca_key.pem");
  if (existsSync(certPath) && existsSync(keyPath)) {
    if ((statSync(keyPath).mode & 0o077) !== 0) throw new Error(`${keyPath} is readable by others; chmod 600 it`);
    const ca = await loadCertificateAuthority(readFileSync(certPath, "utf8"), readFileSync(keyPath, "utf8"));
    if (ca.trustDomain !== trustDomain) {
      throw new Error(`the dev CA in ${caDir} is for trust domain ${ca.trustDomain}, not ${trustDomain}; use another SPIKE_DEV_DIR`);
    }
    return ca;
  }
  const ca = await createCertificateAuthority({ trustDomain });
  writeFileSync(keyPath, ca.keyPem, { mode: 0o600 });
  writeFileSync(certPath, ca.certPem, { mode: 0o644 });
  return ca;
}

/** Writes an SVID as the three PEM files tools and non-Node clients read: svid.pem, svid_key.pem, bundle.pem. */
export function writeSvidFiles(outDir: string, svid: IssuedSvid, ca: CaMaterial): { cert: string; key: string; bundle: string } {
  ensurePrivateDir(outDir);
  const paths = { cert: join(outDir, "svid.pem"), key: join(outDir, "svid_key.pem"), bundle: join(outDir, "bundle.pem") };
  writeFileSync(paths.key, svid.keyPem, { mode: 0o600 });
  chmodSync(paths.key, 0o600);
  writeFileSync(paths.cert, svid.certPem, { mode: 0o644 });
  writeFileSync(paths.bundle, ca.certPem, { mode: 0o644 });
  return paths;
}

export interface DevIssuerOptions {
  readonly devDir: string;
  readonly trustDomain: string;
  readonly registrations: readonly DevRegistration[];
  readonly svidTtlMs?: number;
  readonly onRotate?: (name: string, svid: IssuedSvid) => void;
}

/** A running dev issuer: one Workload API server per registration, each re-issuing its SVID at half-life. */
export class DevIssuer {
  private readonly servers: WorkloadApiServer[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  private constructor(readonly ca: CaMaterial, readonly options: DevIssuerOptions) {}

  static async start(options: DevIssuerOptions): Promise<DevIssuer> {
    for (const reg of options.registrations) {
      parseSpiffeId(reg.spiffeId);
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(reg.name)) throw new Error(`registration name "${reg.name}" must be [a-z0-9._-]`);
    }
    const ca = await openDevCa(options.devDir, options.trustDomain);
    const issuer = new DevIssuer(ca, options);
    const agentDir = join(options.devDir, "agent");
    ensurePrivateDir(agentDir);
    try {
      for (const reg of options.registrations) await issuer.serve(reg, devSocketPath(options.devDir, reg.name));
    } catch (err) {
      await issuer.stop();
      throw err;
    }
    return issuer;
  }

  private async serve(reg: DevRegistration, socketPath: string): Promise<void> {
    const ttl = this.options.svidTtlMs ?? DEFAULT_SVID_TTL_MS;
    let state: WorkloadIdentityState = { svid: await issueX509Svid(this.ca, { spiffeId: reg.spiffeId, ttlMs: ttl }), ca: this.ca };
    rmSync(socketPath, { force: true });
    const server = await serveWorkloadApi(socketPath, () => state);
    chmodSync(socketPath, 0o600);
    this.servers.push(server);
    const renew = async (): Promise<void> => {
      state = { svid: await issueX509Svid(this.ca, { spiffeId: reg.spiffeId, ttlMs: ttl }), ca: this.ca };
      server.publish();
      this.options.onRotate?.(reg.name, state.svid);
      this.schedule(reg.name, renew, halfLife(state.svid));
    };
    this.schedule(reg.name, renew, halfLife(state.svid));
  }

  /** One pending renewal per registration; the process may exit while one is pending. */
  private schedule(name: string, fn: () => Promise<void>, ms: number): void {
    const timer = setTimeout(() => void fn(), Math.max(ms, 10));
    timer.unref();
    this.timers.set(name, timer);
  }

  async stop(): Promise<void> {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await Promise.all(this.servers.map((s) => s.close()));
  }
}
