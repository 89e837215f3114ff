// SVID rotation under continuous calls: the dev issuer re-issues every SVID at half-life; Nexus and the client
// pick up the new ones through the Workload API with no restart, and not one call fails.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createLogger } from "../../lib/log.js";
import { clients } from "../../lib/proto.js";
import { hasRole } from "../../lib/roles.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { startNexus } from "../../nexus/server.js";
import { DevIssuer, defaultRegistrations, devSocketPath } from "../../spiffe/dev-issuer.js";
import { channelOptions, clientCredentials } from "../../spiffe/tls.js";
import { workloadApiSource } from "../../spiffe/workload-client.js";
import { closeAdmin, freshDatabase } from "../harness/postgres.js";

const TD = "spike.ist";

test("SVIDs rotate on both ends during continuous calls with zero failed calls", async () => {
  const dir = mkdtempSync(join(tmpdir(), "spike-rotate-"));
  const issuer = await DevIssuer.start({ devDir: dir, trustDomain: TD, registrations: defaultRegistrations(TD, 1), svidTtlMs: 2500 });
  const nexusSource = workloadApiSource(`unix://${devSocketPath(dir, "nexus")}`);
  const pilotSource = workloadApiSource(`unix://${devSocketPath(dir, "pilot")}`);
  const pg = await freshDatabase();
  const nexus = await startNexus(loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:0", DB_CONNECTION_URI: pg.uri }), createLogger("test", { level: 6 }), { source: nexusSource });
  const serverSerials = new Set<string>();
  const clientSerials = new Set<string>();
  pilotSource.onUpdate(() => clientSerials.add(pilotSource.svid().chain[0]?.serialNumber ?? ""));
  clientSerials.add(pilotSource.svid().chain[0]?.serialNumber ?? "");

  const creds = (): grpc.ChannelCredentials =>
    clientCredentials(pilotSource, [TD], {
      expected: "nexus",
      allows: (id) => hasRole(id, "nexus", [TD]),
      seen: (_id, leaf) => serverSerials.add(leaf.serialNumber),
    });
  const check = (client: InstanceType<typeof clients.Health>): Promise<void> =>
    new Promise((resolve, reject) => {
      client.Check({ service: "" }, { deadline: Date.now() + 5000 }, (err, res) => (err ? reject(err) : res?.status === "SERVING" ? resolve() : reject(new Error(String(res?.status)))));
    });

  const longLived = new clients.Health(`127.0.0.1:${nexus.port}`, creds(), channelOptions());
  let ok = 0;
  const failures: string[] = [];
  const until = Date.now() + 4500;
  try {
    // Four callers on one long-lived channel, and one that opens a fresh channel (a fresh handshake) each time.
    const steady = async (): Promise<void> => {
      while (Date.now() < until) {
        await check(longLived).then(() => ok++, (e: Error) => failures.push(`steady: ${e.message}`));
      }
    };
    const fresh = async (): Promise<void> => {
      while (Date.now() < until) {
        const c = new clients.Health(`127.0.0.1:${nexus.port}`, creds(), channelOptions());
        await check(c).then(() => ok++, (e: Error) => failures.push(`fresh: ${e.message}`));
        c.close();
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    await Promise.all([steady(), steady(), steady(), steady(), fresh()]);
  } finally {
    longLived.close();
    await nexus.close();
    pilotSource.close();
    await issuer.stop();
    await pg.drop();
    await closeAdmin();
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(failures, []);
  assert.ok(ok > 100, `only ${ok} calls`);
  assert.ok(serverSerials.size >= 3, `Nexus presented ${serverSerials.size} distinct certificates; rotation about every second should give >= 3`);
  assert.ok(clientSerials.size >= 3, `the client held ${clientSerials.size} distinct SVIDs`);
});
