// The unary deadline queue (nexus/limits/deadlines.ts): a call expires once, after its deadline, unless it settled
// first; and a settled entry no longer holds its call, though the entry itself waits in the queue for a sweep.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Deadlines } from "../../nexus/limits/deadlines.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test("a call that does not settle expires once, after its deadline", async () => {
  const deadlines = new Deadlines(20);
  try {
    let expired = 0;
    deadlines.add(() => expired++);
    await sleep(5);
    assert.equal(expired, 0);
    await sleep(60);
    assert.equal(expired, 1);
    await sleep(30);
    assert.equal(expired, 1);
  } finally {
    deadlines.close();
  }
});

test("a call that settles never expires, even behind one that does", async () => {
  const deadlines = new Deadlines(20);
  try {
    const seen: string[] = [];
    deadlines.add(() => seen.push("slow"));
    deadlines.add(() => seen.push("answered")).settle();
    await sleep(80);
    assert.deepEqual(seen, ["slow"]);
  } finally {
    deadlines.close();
  }
});

/** A call's state, reachable only through its expire closure once this returns. */
function enqueueCall(deadlines: Deadlines): { ref: WeakRef<object>; entry: { settle(): void } } {
  const call = { state: new Uint8Array(1 << 20) };
  return { ref: new WeakRef(call), entry: deadlines.add(() => void call.state.fill(0)) };
}

test("a settled entry lets go of its call at once, though it waits in the queue behind a call still running", async () => {
  const deadlines = new Deadlines(60_000); // sweeps once a second; the first call keeps every later entry queued
  try {
    deadlines.add(() => undefined); // a call still running at the head of the queue
    const { ref, entry } = enqueueCall(deadlines);
    entry.settle();
    await sleep(0);
    gc();
    assert.equal(ref.deref(), undefined, "the queue still holds a call that has answered");
  } finally {
    deadlines.close();
  }
});
