// Authorization decision time with 1,000 policies: p50/p99 of PolicyEngine.decide.
//   node --import tsx bench/authz.ts
// The policies mix the shapes seen in practice: 800 anchored "literal prefix" patterns (decided by string
// comparison), 200 true regexes (character classes, alternations: re2js). "warm" is a peer seen before (its
// matching policies are memoized); "cold" empties the memo before every decision, so every SPIFFE-ID pattern is
// evaluated again.
import { performance } from "node:perf_hooks";
import { PolicyEngine } from "../nexus/authz/engine.js";
import type { StoredPolicy } from "../nexus/authz/policy.js";

const N = 1000;
const now = new Date();
const policies: StoredPolicy[] = [];
for (let i = 0; i < N; i++) {
  const regex = i % 5 === 0;
  policies.push({
    name: `p-${i}`,
    spiffeIdPattern: regex ? `^spiffe://spike\\.ist/workload/(app|svc)-${i}(-[a-z0-9]+)?$` : `^spiffe://spike\\.ist/workload/app-${i}$`,
    pathPattern: regex ? `^apps/app-${i}/[a-z]+(/[a-z0-9-]+)*$` : `^apps/app-${i}/.*$`,
    permissions: i % 3 === 0 ? ["read", "list"] : ["read", "write"],
    createdAt: now,
    updatedAt: now,
    createdBy: "bench",
    updatedBy: "bench",
  });
}

const engine = new PolicyEngine(async () => policies);
await engine.ready();

function measure(label: string, iterations: number, cold: boolean): void {
  const times = new Float64Array(iterations);
  let granted = 0;
  for (let k = 0; k < iterations; k++) {
    const i = (k * 7919) % N;
    const peer = `spiffe://spike.ist/workload/app-${i}`;
    const path = k % 2 === 0 ? `apps/app-${i}/db/creds` : `apps/app-${(i + 1) % N}/db/creds`; // half allowed, half denied
    if (cold) engine.forgetPeers();
    const t0 = performance.now();
    if (engine.decide(peer, path, "read")) granted++;
    times[k] = (performance.now() - t0) * 1000;
  }
  times.sort();
  const q = (p: number): string => (times[Math.min(iterations - 1, Math.floor(p * iterations))] ?? 0).toFixed(2);
  process.stdout.write(`${label.padEnd(34)} p50 ${q(0.5).padStart(8)} µs   p99 ${q(0.99).padStart(8)} µs   (${iterations} decisions, ${granted} granted)\n`);
}

process.stdout.write(`authorization decisions with ${N} policies (${N / 5} regex, ${N - N / 5} literal/prefix), node ${process.version}\n`);
measure("warm (peer's policies memoized)", 200_000, false);
measure("cold (all 1,000 SPIFFE patterns)", 2_000, true);
