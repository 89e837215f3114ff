// The short profile of the fuzz suite that runs in `npm test`: 5,000 hostile requests over every Nexus RPC (the
// full 100,000 run is `npm run test:fuzz`). A fixed seed keeps it reproducible; SPIKE_FUZZ_SEED overrides it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runFuzz } from "./run.js";

test("5,000 malformed, random, boundary and oversize requests: proper status codes, no hang, no crash, no change", { timeout: 180_000 }, async () => {
  const seed = Number(process.env.SPIKE_FUZZ_SEED ?? 20261204);
  const report = await runFuzz({ count: 5000, seed, log: () => undefined });
  assert.equal(report.sent, 5000);
  assert.ok(report.methods >= 38, `every Nexus RPC is fuzzed (${report.methods})`);
  assert.ok(report.checkedBatches >= 10, `batches checked against the database: ${report.checkedBatches}`);
  assert.deepEqual(report.findings, [], `reproduce with: npm run test:fuzz -- --count 5000 --seed ${seed}`);
});
