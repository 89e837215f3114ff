// A fresh database on the machine's PostgreSQL for one bench section, dropped at cleanup (after every process that
// uses it is gone: those are deferred later, so they are stopped first).
import type { Log } from "../lib/log.js";
import { createPool, parseConnectionUri } from "../nexus/store/database.js";

export async function throwawayDatabase(
  adminUri: string,
  name: string,
  defer: (fn: () => void | Promise<void>) => void,
  log: Log,
): Promise<{ readonly name: string; readonly uri: URL }> {
  const t = parseConnectionUri(adminUri);
  const admin = createPool({ host: t.host, port: t.port, user: t.user, database: t.database, max: 1 }, `${name}-admin`, log);
  defer(() => admin.$pool.end());
  await admin.none("CREATE DATABASE $1:name", [name]);
  defer(async () => {
    await admin.none("DROP DATABASE IF EXISTS $1:name WITH (FORCE)", [name]);
  });
  const uri = new URL(adminUri);
  uri.pathname = `/${name}`;
  return { name, uri };
}
