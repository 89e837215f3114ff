// Where `spike dev up` keeps Nexus's embedded database (pilot/dev-stack.ts, ADR 0029): in the dev directory, unless
// SPIKE_NEXUS_DATA_DIR says otherwise, or a stack from before that rule still has its database in ~/.spike/pglite.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { devDataDir } from "../../pilot/dev-stack.js";

const home = mkdtempSync(join(tmpdir(), "spike-devdata-"));
const savedHome = process.env.HOME;
before(() => {
  process.env.HOME = home;
});
after(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

test("the dev directory, whichever it is; SPIKE_NEXUS_DATA_DIR wins", () => {
  const defaultDev = join(home, ".spike", "dev");
  assert.equal(devDataDir(defaultDev, {}), defaultDev);
  assert.equal(devDataDir("/tmp/elsewhere-dev", {}), "/tmp/elsewhere-dev");
  assert.equal(devDataDir(defaultDev, { SPIKE_NEXUS_DATA_DIR: "/var/lib/x" }), "/var/lib/x");
});

test("a default-dev-dir stack whose database is still in ~/.spike/pglite keeps it there, until the dev dir has its own", () => {
  const defaultDev = join(home, ".spike", "dev");
  mkdirSync(join(home, ".spike", "pglite"), { recursive: true });
  assert.equal(devDataDir(defaultDev, {}), join(home, ".spike"));
  assert.equal(devDataDir("/tmp/elsewhere-dev", {}), "/tmp/elsewhere-dev", "only the default dev directory had its data there");
  mkdirSync(join(defaultDev, "pglite"), { recursive: true });
  assert.equal(devDataDir(defaultDev, {}), defaultDev);
});
