// Shamir split / combine / shareFor throughput (nexus/crypto/shamir.ts), single thread, for the shapes Nexus uses
// (defaults 2-of-3, the documented production 3-of-5) and the largest allowed one. Each figure is the median of
// short windows after a warm-up. Prints a table; writes nothing. Run: node --import tsx bench/shamir.ts
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { MAX_SHARES, combineShares, randomRootKey, shareFor, splitRootKey } from "../nexus/crypto/shamir.js";

const SETTINGS = { rounds: 5, windowMs: 200, warmupMs: 300 } as const;

/** Calls `op` in a tight loop for `ms` and returns calls per second. */
function rate(op: () => void, ms: number): number {
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    op();
    count++;
    now = performance.now();
  }
  return (count * 1000) / (now - start);
}

function measure(op: () => void): number {
  rate(op, SETTINGS.warmupMs);
  const rates = Array.from({ length: SETTINGS.rounds }, () => rate(op, SETTINGS.windowMs)).sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)] ?? 0;
}

function wipe(buf: Buffer): void {
  buf.fill(0);
}

const rows: Array<{ shape: string; op: string; opsPerSec: number }> = [];
for (const [n, k] of [[3, 1], [3, 2], [5, 3], [7, 5]] as const) {
  const key = randomRootKey();
  const shares = splitRootKey(key, n, k);
  const shape = `${k}-of-${n}`;
  rows.push({ shape, op: "splitRootKey (incl. self-check)", opsPerSec: measure(() => splitRootKey(key, n, k).forEach((s) => wipe(s.value))) });
  rows.push({ shape, op: "shareFor (one id)", opsPerSec: measure(() => wipe(shareFor(key, n, n, k).value)) });
  rows.push({ shape, op: "combineShares", opsPerSec: measure(() => wipe(combineShares(shares.slice(n - k), k))) });
}
rows.push({ shape: "-", op: "randomRootKey", opsPerSec: measure(() => wipe(randomRootKey())) });

// The largest shape, timed once each (O(n·k) to split, O(k²) to combine).
const bigKey = randomRootKey();
let t = performance.now();
const bigShares = splitRootKey(bigKey, MAX_SHARES, MAX_SHARES);
const bigSplitMs = performance.now() - t;
t = performance.now();
wipe(combineShares(bigShares, MAX_SHARES));
const bigCombineMs = performance.now() - t;

console.log(`node ${process.version}, ${cpus()[0]?.model ?? "?"} x${cpus().length}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
console.log("shape     operation                          ops/s");
for (const r of rows) console.log(`${r.shape.padEnd(9)} ${r.op.padEnd(34)} ${Math.round(r.opsPerSec).toLocaleString("en-US").padStart(9)}`);
console.log(`${MAX_SHARES}-of-${MAX_SHARES}: split ${bigSplitMs.toFixed(0)} ms, combine ${bigCombineMs.toFixed(0)} ms (once each)`);
