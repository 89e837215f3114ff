// Authorization decision time with 1,000 policies: p50/p99 of PolicyEngine.decide.
//   node --import tsx bench/authz.ts (also a section of npm run bench)
// The policies mix the shapes seen in practice: 800 anchored "literal prefix" patterns (decided by string
// comparison), 200 true regexes (character classes, alternations: re2js). "warm" is a peer seen before (its
// matching policies are memoized); "cold" empties the memo before every decision, so every SPIFFE-ID pattern is
// evaluated again.
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
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

export interface AuthzRow {
  readonly label: string;
  readonly decisions: number;
  readonly granted: number;
  readonly p50Micros: number;
  readonly p99Micros: number;
}

export interface AuthzReport {
  readonly policies: number;
  readonly regexPolicies: number;
  readonly warm: AuthzRow;
  readonly cold: AuthzRow;
  /** Issue 5: a decision with 1,000 policies, p50. */
  readonly goalP50Micros: number;
}

function run(engine: PolicyEngine, label: string, iterations: number, cold: boolean): AuthzRow {
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
  const q = (p: number): number => Math.round((times[Math.min(iterations - 1, Math.floor(p * iterations))] ?? 0) * 100) / 100;
  return { label, decisions: iterations, granted, p50Micros: q(0.5), p99Micros: q(0.99) };
}

/** Warm: the peer's matching policies are memoized (every call after its first). Cold: the first call of a peer. */
export async function measureAuthz(): Promise<AuthzReport> {
  const engine = new PolicyEngine(async () => policies);
  await engine.ready();
  return {
    policies: N,
    regexPolicies: N / 5,
    warm: run(engine, "warm (peer's policies memoized)", 200_000, false),
    cold: run(engine, "cold (all 1,000 SPIFFE patterns)", 2_000, true),
    goalP50Micros: 50,
  };
}

export function authzTable(r: AuthzReport): string {
  const row = (x: AuthzRow): string => `${x.label.padEnd(34)} p50 ${x.p50Micros.toFixed(2).padStart(8)} µs   p99 ${x.p99Micros.toFixed(2).padStart(8)} µs   (${x.decisions} decisions, ${x.granted} granted)`;
  return [`authorization decisions with ${r.policies} policies (${r.regexPolicies} regex, ${r.policies - r.regexPolicies} literal/prefix); goal p50 ≤ ${r.goalP50Micros} µs`, row(r.warm), row(r.cold)].join("\n");
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${authzTable(await measureAuthz())}\n`);
}
