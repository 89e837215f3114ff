// writeWithBackpressure: waits for room like `once(s, "drain")`, but never forever: a stream that has failed or
// closed, before the write or while it waits, rejects it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Writable } from "node:stream";
import { StreamClosedError, writeWithBackpressure } from "../../lib/stream-write.js";

/** A stream that takes one chunk at a time and finishes each only when told (highWaterMark 1 byte). */
function slowSink(): { sink: Writable; taken: Buffer[]; next: () => void } {
  const taken: Buffer[] = [];
  const pending: Array<() => void> = [];
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, done) {
      taken.push(chunk);
      pending.push(() => done());
    },
  });
  sink.on("error", () => undefined);
  return { sink, taken, next: () => pending.shift()?.() };
}

/** `promise`'s outcome, or "pending" if it has not settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<{ ok: unknown } | { err: unknown } | "pending"> {
  return Promise.race([
    promise.then((ok) => ({ ok }), (err: unknown) => ({ err })),
    new Promise<"pending">((r) => setTimeout(() => r("pending"), ms)),
  ]);
}

test("a full stream holds the writer until it drains", async () => {
  const { sink, taken, next } = slowSink();
  const write = writeWithBackpressure(sink, Buffer.from("a"));
  assert.equal(await within(write, 50), "pending");
  next();
  assert.deepEqual(await within(write, 500), { ok: undefined });
  assert.equal(Buffer.concat(taken).toString(), "a");
});

test("a write to a stream that already failed rejects at once with its error (once(drain) would wait forever)", async () => {
  const { sink } = slowSink();
  const failure = new Error("disk full");
  sink.destroy(failure);
  await new Promise((r) => setImmediate(r));
  const outcome = await within(writeWithBackpressure(sink, Buffer.from("a")), 500);
  assert.deepEqual(outcome, { err: failure });
});

test("a write to a stream closed without an error rejects with StreamClosedError", async () => {
  const { sink } = slowSink();
  sink.destroy();
  await new Promise((r) => setImmediate(r));
  const outcome = await within(writeWithBackpressure(sink, Buffer.from("a")), 500);
  assert.notEqual(outcome, "pending");
  assert.ok(typeof outcome === "object" && "err" in outcome && outcome.err instanceof StreamClosedError);
});

test("a stream that fails while the writer waits for room rejects the wait", async () => {
  const { sink } = slowSink();
  const write = writeWithBackpressure(sink, Buffer.from("a"));
  assert.equal(await within(write, 50), "pending");
  const failure = new Error("the reader went away");
  sink.destroy(failure);
  assert.deepEqual(await within(write, 500), { err: failure });
});

test("a stream closed without an error while the writer waits rejects the wait", async () => {
  const { sink } = slowSink();
  const write = writeWithBackpressure(sink, Buffer.from("a"));
  assert.equal(await within(write, 50), "pending");
  sink.destroy();
  const outcome = await within(write, 500);
  assert.ok(typeof outcome === "object" && "err" in outcome && outcome.err instanceof StreamClosedError);
});

test("a write after end rejects instead of waiting", async () => {
  const { sink, next } = slowSink();
  sink.end();
  next();
  const outcome = await within(writeWithBackpressure(sink, Buffer.from("a")), 500);
  assert.notEqual(outcome, "pending");
  assert.ok(typeof outcome === "object" && "err" in outcome);
});
