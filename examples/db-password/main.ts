// A workload that keeps no database password on disk or in its environment: at start it reads the password from
// Nexus with the SDK (its identity is its SPIFFE ID, not a token), connects to PostgreSQL with it and runs a query.
//
//   node dist/examples/db-password/main.js [--secret apps/db-password/postgres] [--host 127.0.0.1] [--port 5432]
//                                          [--database postgres]
//
// The secret holds `user` and `password`. The SVID comes from SPIFFE_ENDPOINT_SOCKET (a SPIRE agent) or from
// SPIKE_SVID_CERT_FILE / _KEY_FILE / _BUNDLE_FILE; Nexus is at SPIKE_NEXUS_API_URL. See README.md here.
import { parseArgs } from "node:util";
import pgPromise from "pg-promise";
import { NexusClient, NexusError } from "spike-ts/client";

const { values: args } = parseArgs({
  options: {
    secret: { type: "string", default: "apps/db-password/postgres" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "5432" },
    database: { type: "string", default: "postgres" },
  },
});

async function main(): Promise<void> {
  const nexus = await NexusClient.connect();
  let user: string | undefined;
  let password: string | undefined;
  try {
    const secret = await nexus.get(args.secret);
    user = secret.data.user;
    password = secret.data.password;
  } finally {
    nexus.close();
  }
  if (user === undefined || password === undefined) {
    throw new Error(`the secret ${args.secret} must hold the keys "user" and "password"`);
  }
  const pgp = pgPromise();
  // The password lives only in this object and the driver's connection; JS strings cannot be wiped (docs/threat-model.md).
  const db = pgp({ host: args.host, port: Number(args.port), database: args.database, user, password, max: 1 });
  try {
    const row = await db.one<{ who: string; db: string }>("select current_user as who, current_database() as db");
    process.stdout.write(`connected to PostgreSQL at ${args.host}:${args.port} as ${row.who} (database ${row.db})\n`);
  } finally {
    pgp.end();
  }
}

main().catch((err: unknown) => {
  // Never print the secret: NexusError messages carry none, and pg errors name the user at most.
  const what = err instanceof NexusError ? `Nexus: ${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`db-password: ${what}\n`);
  process.exit(1);
});
