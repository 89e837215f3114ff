// An in-process Nexus for integration tests: real gRPC over mTLS, a real database (a fresh database on the machine's
// PostgreSQL, or an embedded PGlite in a temp dir), an in-memory root key, and a Pilot superuser connection.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../lib/log.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { InMemoryRootKeyProvider } from "../../nexus/crypto/in-memory-root-key.js";
import { startNexus, type NexusHandle } from "../../nexus/server.js";
import type { Database } from "../../nexus/store/database.js";
import { connectNexus, type NexusConnection } from "../../pilot/client/connect.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { createTestPki, type TestPki } from "./pki.js";
import { closeAdmin, freshDatabase, type Backend, type FreshDatabase } from "./postgres.js";

export const TD = "spike.ist";

export interface TestNexus {
  readonly nexus: NexusHandle;
  readonly pki: TestPki;
  readonly rootKeys: InMemoryRootKeyProvider;
  /** A Pilot superuser connection. */
  readonly superuser: NexusConnection;
  readonly db: Database;
  /** The PostgreSQL database's URI (postgres backend only), for a second Nexus on the same database. */
  readonly dbUri: string | undefined;
  /** Another client as any SPIFFE ID. */
  connectAs(spiffeId: string): Promise<NexusConnection>;
  close(): Promise<void>;
}

export async function startTestNexus(backend: Backend, env: Record<string, string> = {}, opts: { rootKey?: boolean | Buffer; auditSealOnReadOnly?: boolean } = {}): Promise<TestNexus> {
  const pki = await createTestPki(TD);
  let pg: FreshDatabase | undefined;
  let dataDir: string | undefined;
  const dbEnv: Record<string, string> = {};
  if (backend === "postgres" && env.DB_CONNECTION_URI !== undefined) {
    // the caller's own database (a throwaway cluster)
  } else if (backend === "postgres") {
    pg = await freshDatabase();
    dbEnv.DB_CONNECTION_URI = pg.uri;
  } else {
    dataDir = mkdtempSync(join(tmpdir(), "spike-pglite-"));
    dbEnv.SPIKE_NEXUS_DATA_DIR = dataDir;
  }
  const rootKeys = new InMemoryRootKeyProvider(opts.rootKey === false ? undefined : Buffer.isBuffer(opts.rootKey) ? Buffer.from(opts.rootKey) : randomBytes(32));
  const sources: X509Source[] = [];
  const source = async (id: string): Promise<X509Source> => {
    const s = await pki.source(id);
    sources.push(s);
    return s;
  };
  const nexus = await startNexus(
    loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", SPIKE_TRUST_ROOT: TD, SPIKE_NEXUS_METRICS_ADDRESS: "off", ...dbEnv, ...env }),
    createLogger("nexus", { level: process.env.SPIKE_TEST_LOG ? 2 : 6 }),
    { source: await source(`spiffe://${TD}/spike/nexus`), rootKeys, ...(opts.auditSealOnReadOnly === true ? { auditSealOnReadOnly: true } : {}) },
  );
  await nexus.storageReady;
  const connections: NexusConnection[] = [];
  const connectAs = async (spiffeId: string): Promise<NexusConnection> => {
    const c = connectNexus(`127.0.0.1:${nexus.port}`, await source(spiffeId), [TD]);
    connections.push(c);
    return c;
  };
  const superuser = await connectAs(`spiffe://${TD}/spike/pilot/role/superuser`);
  return {
    nexus,
    pki,
    rootKeys,
    superuser,
    db: nexus.database(),
    dbUri: env.DB_CONNECTION_URI ?? pg?.uri,
    connectAs,
    close: async () => {
      for (const c of connections) c.close();
      await nexus.close();
      for (const s of sources) s.close();
      await pg?.drop();
      await closeAdmin();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes an SVID for `spiffeId` as the three PEM files under `<dir>/<name>` and returns the environment a `spike`
 * process needs to reach this Nexus with it.
 */
export async function cliEnvFor(t: TestNexus, dir: string, name: string, spiffeId: string): Promise<Record<string, string>> {
  const svid = await t.pki.issue(spiffeId);
  const d = join(dir, name);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  writeFileSync(join(d, "svid.pem"), svid.certPem);
  writeFileSync(join(d, "svid_key.pem"), svid.keyPem, { mode: 0o600 });
  writeFileSync(join(d, "bundle.pem"), t.pki.ca.certPem);
  return {
    SPIKE_SVID_CERT_FILE: join(d, "svid.pem"),
    SPIKE_SVID_KEY_FILE: join(d, "svid_key.pem"),
    SPIKE_SVID_BUNDLE_FILE: join(d, "bundle.pem"),
    SPIKE_NEXUS_API_URL: `127.0.0.1:${t.nexus.port}`,
    SPIKE_TRUST_ROOT: TD,
  };
}
