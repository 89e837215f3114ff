// The progress bar: drawn on a terminal only, throttled, and cleared before the result is printed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { progress, renderBar } from "../../pilot/progress.js";

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: "", write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

test("renderBar shows the share done, the count and the unit; an unknown total shows no bar", () => {
  assert.equal(renderBar("rewrap", 5, 10, "versions", 10), "rewrap [#####-----] 50% 5/10 versions");
  assert.equal(renderBar("rewrap", 10, 10, "", 4), "rewrap [####] 100% 10/10");
  assert.equal(renderBar("scanning", 7, 0, "rows", 10), "scanning: 7 rows...");
});

test("nothing is written when the stream is not a terminal", () => {
  const s = fakeStream(false);
  const p = progress({ label: "x", stream: s });
  p.update(1, 2);
  p.finish();
  assert.equal(s.text, "");
});

test("on a terminal: redrawn at most every 100 ms (the last step always), then cleared", () => {
  const s = fakeStream(true);
  let now = 0;
  const p = progress({ label: "verify", stream: s, width: 4, now: () => now });
  p.update(1, 4, "records");
  now = 50;
  p.update(2, 4, "records");
  now = 60;
  p.update(4, 4, "records");
  p.finish();
  assert.equal(s.text, "\r\x1b[Kverify [#---] 25% 1/4 records\r\x1b[Kverify [####] 100% 4/4 records\r\x1b[K");
});
