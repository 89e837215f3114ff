// The logical backup's gzip pipe: what goes in comes out of `send` compressed, a slow reader holds the writer back,
// and a reader that fails stops the writer at its next write wherever it is, including a writer that was away
// (fetching rows) when the reader failed, which used to wait forever for a "drain" of the destroyed gzip.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { gzipPipe } from "../../nexus/backup/gzip-pipe.js";

const line = (): string => `${randomBytes(600).toString("base64")}\n`; // does not compress: gzip's output keeps up
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `promise`'s outcome, or "pending" if it has not settled within `ms`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<{ ok: T } | { err: unknown } | "pending"> {
  return Promise.race([promise.then((ok) => ({ ok }), (err: unknown) => ({ err })), tick(ms).then(() => "pending" as const)]);
}

test("what is written comes out of send, gzipped, in order", async () => {
  const pieces: Buffer[] = [];
  const pipe = gzipPipe(async (piece) => {
    pieces.push(piece);
  });
  const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}\n`);
  for (const l of lines) await pipe.write(l);
  await pipe.end();
  assert.equal(gunzipSync(Buffer.concat(pieces)).toString("utf8"), lines.join(""));
  assert.equal(pipe.failure, undefined);
});

test("a reader that does not read holds the writer back", async () => {
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  let sent = 0;
  const pipe = gzipPipe(async () => {
    sent++;
    await held;
  });
  let written = 0;
  const writer = (async () => {
    for (let i = 0; i < 2000; i++, written++) await pipe.write(line());
    await pipe.end();
  })();
  await tick(200);
  assert.ok(written < 2000, `the writer ran ahead of a stopped reader: ${written} lines written`);
  assert.equal(sent, 1);
  release();
  await writer;
  assert.equal(written, 2000);
});

test("a reader that fails while the writer is away stops the writer's next write, which must not wait forever", async () => {
  const gone = new Error("the caller cancelled the backup");
  let pieces = 0;
  const pipe = gzipPipe(async () => {
    if (++pieces === 2) throw gone;
  });
  // Write until the reader has failed, with a pause between batches (a FETCH of the next rows) in which it fails.
  let failed: unknown;
  for (let batch = 0; batch < 200 && failed === undefined; batch++) {
    await tick(batch === 0 ? 0 : 20);
    try {
      for (let i = 0; i < 20; i++) await pipe.write(line());
    } catch (err) {
      failed = err;
    }
  }
  assert.equal(failed, gone, "a write after the reader failed rejects with the reader's failure");
  assert.equal(pipe.failure, gone);
  // And once more, from a writer that comes back after the failure (the case that hung).
  await tick(20);
  const late = await within(pipe.write(line()), 1000);
  assert.notEqual(late, "pending", "a write after the reader failed waited for a drain that never comes");
  assert.deepEqual(late, { err: gone });
  assert.deepEqual(await within(pipe.end(), 1000), { err: gone });
});

test("a reader that fails while the writer waits for room stops that wait", async () => {
  const gone = new Error("the caller went away");
  let fail: () => void = () => undefined;
  const failing = new Promise<void>((_, reject) => (fail = () => reject(gone)));
  const pipe = gzipPipe(() => failing);
  let outcome: unknown;
  const writer = (async () => {
    try {
      for (let i = 0; i < 2000; i++) await pipe.write(line());
    } catch (err) {
      outcome = err;
    }
  })();
  await tick(100); // the writer is now waiting for room
  assert.equal(outcome, undefined);
  fail();
  assert.notEqual(await within(writer, 1000), "pending", "the writer went on waiting after its reader failed");
  assert.equal(outcome, gone);
});

test("a dump that fails itself aborts the pipe, and its own error is the one reported", async () => {
  const pipe = gzipPipe(async () => undefined);
  await pipe.write("header\n");
  await pipe.abort();
  assert.equal(pipe.failure, undefined, "an abort is not the reader's failure");
});
