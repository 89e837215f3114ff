// `npm run test:faults [-- --full]`: the fault suite on its own. The short profile is what `npm test` runs too;
// --full selects the long one (SPIKE_FAULTS_PROFILE=full). The suite starts compiled programs, so build first.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const unknown = args.filter((a) => a !== "--full");
if (unknown.length > 0) {
  process.stderr.write(`test:faults: unknown argument ${unknown.join(" ")} (only --full)\n`);
  process.exit(2);
}
const suite = fileURLToPath(new URL("./faults.test.ts", import.meta.url));
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", suite], {
  stdio: "inherit",
  env: { ...process.env, SPIKE_TEST_DIST: "1", SPIKE_FAULTS_PROFILE: args.includes("--full") ? "full" : "short" },
});
process.exit(result.status ?? 1);
