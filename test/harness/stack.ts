// A whole Spike deployment as real processes, for end-to-end and fault tests: the dev issuer (in this process), a
// throwaway PostgreSQL cluster the harness owns (so a test may stop, kill or starve it), three spike-keeper
// daemons and spike-nexus, all on free loopback ports. Everything is stopped by PID, never by name.
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { issueX509Svid } from "../../spiffe/ca.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { connectNexus, unary, type NexusConnection } from "../../pilot/client/connect.js";
import type { OperatorStatusResponse__Output as StatusView } from "../../proto/types/spike/v1/OperatorStatusResponse.js";
import { fromTimestamp } from "../../lib/timestamp.js";
import { createLogger } from "../../lib/log.js";
import { createPool } from "../../nexus/store/database.js";
import { staticSource } from "./pki.js";
import { freePort, startCluster, type Cluster } from "./postgres.js";
import { killAll, run, startDaemon, type Daemon, type Finished } from "./processes.js";

export const TD = "spike.ist";

export interface StackOptions {
  readonly keepers?: number;
  /** Extra environment for every Nexus start. */
  readonly nexusEnv?: Record<string, string>;
  /** Creates Nexus's database in a tablespace at this directory (empty, owned by postgres), e.g. a small tmpfs. */
  readonly tablespaceDir?: string;
}

export interface OperatorStatus {
  readiness: string;
  reason: string;
  keepers: Array<{ shareId: number; hasShare: boolean; lastContactTime: string | null }>;
}

export interface Stack {
  readonly dir: string;
  readonly cluster: Cluster;
  /** Nexus's database URI on the cluster. */
  readonly dbUri: string;
  readonly nexusAddress: string;
  nexus(): Daemon | undefined;
  keeper(i: number): Daemon | undefined;
  /** Starts Nexus and waits until it listens (not until it is ready: see until()). */
  startNexus(env?: Record<string, string>): Promise<Daemon>;
  /** SIGKILL, then waits for the exit. */
  killNexus(): Promise<void>;
  startKeeper(i: number): Promise<void>;
  killKeeper(i: number): Promise<void>;
  /** Runs the spike CLI as a role the dev issuer serves ("pilot", "pilot-recover", "pilot-restore"). */
  spike(args: string[], role?: string): Promise<Finished>;
  /** An in-process client with a Pilot superuser SVID (for load: no process per call); by default to this Nexus. */
  client(address?: string): Promise<NexusConnection>;
  /** Creates another empty database on the cluster (in the tablespace, if there is one); returns its URI. */
  createDatabase(name: string): Promise<string>;
  /** The environment a Nexus of this stack runs with (identity, Keepers, database), for starting another one. */
  nexusEnv(): Record<string, string>;
  status(): Promise<OperatorStatus>;
  until(what: string, check: (s: OperatorStatus) => boolean, ms?: number): Promise<OperatorStatus>;
  /** Bootstraps the root key through the CLI (retrying while Nexus opens its database). */
  bootstrap(): Promise<void>;
  close(): Promise<void>;
}

export const isReady = (s: OperatorStatus): boolean => s.readiness === "READINESS_READY";

/** Every Keeper seen holding its share in a contact after `since` (an older "holds" may predate a restart). */
export const allSeededSince = (since: number) => (s: OperatorStatus): boolean =>
  s.keepers.every((k) => k.hasShare && k.lastContactTime !== null && Date.parse(k.lastContactTime) > since);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const count = opts.keepers ?? 3;
  const dir = mkdtempSync(join(tmpdir(), "spike-stack-"));
  const issuer = await DevIssuer.start({ devDir: dir, trustDomain: TD, registrations: defaultRegistrations(TD, count) });
  const cluster = await startCluster();
  const createDatabase = async (name: string): Promise<string> => {
    const admin = createPool({ host: "127.0.0.1", port: cluster.port, user: "postgres", database: "postgres", max: 1 }, "stack-admin", createLogger("stack", { level: 5 }));
    try {
      if (opts.tablespaceDir !== undefined) {
        await admin.none("CREATE TABLESPACE spike_faults LOCATION $1", [opts.tablespaceDir]).catch((err: { code?: string }) => {
          if (err.code !== "42710") throw err; // made by an earlier call
        });
        await admin.none("CREATE DATABASE $1:name TABLESPACE spike_faults", [name]);
      } else {
        await admin.none("CREATE DATABASE $1:name", [name]);
      }
    } finally {
      await admin.$pool.end();
    }
    return `postgres://postgres@127.0.0.1:${cluster.port}/${name}`;
  };
  const dbUri = await createDatabase("spike");
  const nexusPort = await freePort();
  const keeperPorts: number[] = [];
  for (let i = 0; i < count; i++) keeperPorts.push(await freePort());
  const keepers: Array<Daemon | undefined> = [];
  let nexus: Daemon | undefined;
  const connections: NexusConnection[] = [];
  const nexusRuns: Daemon[] = [];
  const socket = (name: string): string => `unix://${devSocketPath(dir, name)}`;
  const peers = keeperPorts.map((p, i) => `127.0.0.1:${p}=spiffe://${TD}/spike/keeper/${i + 1}`).join(",");
  const nexusAddress = `127.0.0.1:${nexusPort}`;

  const spike = (args: string[], role = "pilot"): Promise<Finished> =>
    run("pilot", args, { SPIFFE_ENDPOINT_SOCKET: socket(role), SPIKE_NEXUS_API_URL: nexusAddress }, 30_000);

  // Status through an in-process client: a CLI process per poll would cost a Node start-up each time.
  let statusClient: NexusConnection | undefined;
  const status = async (): Promise<OperatorStatus> => {
    statusClient ??= await stack.client();
    const c = statusClient;
    const s = await unary<StatusView>((md, o, cb) => c.operator.Status({}, md, o, cb), 5_000);
    return {
      readiness: s.readiness,
      reason: s.reason,
      keepers: s.keepers.map((k) => ({ shareId: k.shareId, hasShare: k.hasShare, lastContactTime: fromTimestamp(k.lastContactTime)?.toISOString() ?? null })),
    };
  };

  const nexusEnv = (): Record<string, string> => ({
    SPIFFE_ENDPOINT_SOCKET: socket("nexus"),
    SPIKE_NEXUS_TLS_PORT: nexusAddress,
    DB_CONNECTION_URI: dbUri,
    SPIKE_NEXUS_KEEPER_PEERS: peers,
    SPIKE_NEXUS_RECOVERY_MAX_INTERVAL: "500ms",
    SPIKE_NEXUS_DB_CONNECT_TIMEOUT: "2s",
    SPIKE_NEXUS_DB_STATEMENT_TIMEOUT: "5s",
    SPIKE_LOG_FORMAT: "json",
    ...opts.nexusEnv,
  });

  const stack: Stack = {
    dir,
    cluster,
    dbUri,
    nexusAddress,
    nexus: () => nexus,
    keeper: (i) => keepers[i],
    createDatabase,
    nexusEnv,
    startNexus: async (env = {}) => {
      const d = startDaemon("nexus", [], { ...nexusEnv(), ...env });
      nexus = d;
      nexusRuns.push(d);
      await d.waitFor(/Nexus is listening/, 30_000);
      return d;
    },
    killNexus: async () => {
      await nexus?.stop("SIGKILL");
    },
    startKeeper: async (i) => {
      const d = startDaemon("keeper", [], { SPIFFE_ENDPOINT_SOCKET: socket(`keeper-${i + 1}`), SPIKE_KEEPER_TLS_PORT: `127.0.0.1:${keeperPorts[i]}` });
      keepers[i] = d;
      await d.waitFor(/Keeper is listening/, 30_000);
    },
    killKeeper: async (i) => {
      await keepers[i]?.stop("SIGKILL");
    },
    spike,
    client: async (address = nexusAddress) => {
      const svid = await issueX509Svid(issuer.ca, { spiffeId: `spiffe://${TD}/spike/pilot/role/superuser`, ttlMs: 3_600_000 });
      const c = connectNexus(address, staticSource(svid, [issuer.ca]), [TD]);
      connections.push(c);
      return c;
    },
    status,
    until: async (what, check, ms = 30_000) => {
      const deadline = Date.now() + ms;
      let last: OperatorStatus | undefined;
      while (Date.now() < deadline) {
        try {
          last = await status();
        } catch {
          // Nexus restarting: not listening yet
          await sleep(250);
          continue;
        }
        if (check(last)) return last;
        await sleep(250);
      }
      throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(last)}`);
    },
    bootstrap: async () => {
      let boot = await spike(["operator", "bootstrap", "--token-file", join(dir, "admin-token")]);
      for (let i = 0; boot.code === 6 && i < 40; i++) {
        await sleep(250);
        boot = await spike(["operator", "bootstrap", "--token-file", join(dir, "admin-token")]);
      }
      assert.equal(boot.code, 0, `bootstrap: ${boot.stderr}`);
    },
    close: async () => {
      for (const c of connections) c.close();
      for (const k of keepers) await k?.stop("SIGKILL");
      await nexus?.stop("SIGKILL");
      killAll();
      await issuer.stop();
      // SPIKE_TEST_LOG_DIR keeps every Nexus run's output, to read after a failure.
      const logDir = process.env.SPIKE_TEST_LOG_DIR;
      if (logDir !== undefined && logDir !== "") {
        mkdirSync(logDir, { recursive: true });
        nexusRuns.forEach((d, i) => writeFileSync(join(logDir, `nexus-${i + 1}.log`), d.output()));
        if (existsSync(cluster.logFile)) copyFileSync(cluster.logFile, join(logDir, "postgres.log"));
      }
      await cluster.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
