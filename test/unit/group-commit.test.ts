// lib/group-commit.ts: what one turn hands in goes as one group; groups respect their size, their keys and the
// number in flight; a failed send fails exactly its own group's callers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GroupCommit } from "../../lib/group-commit.js";

/** A send that records each group and answers each item with its double, after the test releases it. */
function recorder() {
  const groups: number[][] = [];
  const pending: Array<() => void> = [];
  const send = (items: readonly number[]): Promise<number[]> => {
    groups.push([...items]);
    return new Promise((resolve) => pending.push(() => resolve(items.map((i) => i * 2))));
  };
  const releaseAll = async (): Promise<void> => {
    while (pending.length > 0 || (await new Promise<boolean>((r) => setImmediate(() => r(pending.length > 0))))) pending.shift()?.();
  };
  return { groups, send, releaseAll };
}

test("items handed in during one turn share a group, and each caller gets its own result", async () => {
  const r = recorder();
  const g = new GroupCommit<number, number>(r.send, { max: 10, inFlight: 1 });
  const results = Promise.all([1, 2, 3].map((i) => g.add(i)));
  await r.releaseAll();
  assert.deepEqual(await results, [2, 4, 6]);
  assert.deepEqual(r.groups, [[1, 2, 3]]);
});

test("a group carries at most max; the rest wait for the next", async () => {
  const r = recorder();
  const g = new GroupCommit<number, number>(r.send, { max: 2, inFlight: 1 });
  const results = Promise.all([1, 2, 3, 4, 5].map((i) => g.add(i)));
  await r.releaseAll();
  assert.deepEqual(await results, [2, 4, 6, 8, 10]);
  assert.deepEqual(r.groups, [[1, 2], [3, 4], [5]]);
  assert.deepEqual(g.stats, { groups: 3, items: 5, largest: 2 });
});

test("items with one key never share a group, and order is kept otherwise", async () => {
  const r = recorder();
  const g = new GroupCommit<number, number>(r.send, { max: 10, inFlight: 1, key: (i) => String(i % 3) });
  const results = Promise.all([1, 4, 2, 7, 3].map((i) => g.add(i)));
  await r.releaseAll();
  assert.deepEqual(await results, [2, 8, 4, 14, 6]);
  assert.deepEqual(r.groups, [[1, 2, 3], [4], [7]]);
});

test("no more groups in flight than allowed: later items queue behind them", async () => {
  const r = recorder();
  const g = new GroupCommit<number, number>(r.send, { max: 10, inFlight: 2 });
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const results: Array<Promise<number>> = [];
  for (const i of [1, 2, 3]) {
    results.push(g.add(i)); // one item per turn, none answered yet
    await turn();
  }
  assert.deepEqual(r.groups, [[1], [2]], "two groups in flight; the third item waits for one of them");
  await r.releaseAll();
  assert.deepEqual(await Promise.all(results), [2, 4, 6]);
  assert.deepEqual(r.groups, [[1], [2], [3]]);
});

test("a failed send fails its own group's callers only", async () => {
  let calls = 0;
  const g = new GroupCommit<number, number>(async (items) => {
    calls++;
    if (calls === 1) throw new Error("lost connection");
    return items.map((i) => i);
  }, { max: 2, inFlight: 1 });
  const outcomes = await Promise.allSettled([1, 2, 3].map((i) => g.add(i)));
  assert.deepEqual(outcomes.map((o) => o.status), ["rejected", "rejected", "fulfilled"]);
});
