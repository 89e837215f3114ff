// The shared backoff: each wait lies in [d/2, d], d doubles from the initial wait up to the cap, reset starts over.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Backoff } from "../../lib/backoff.js";

test("waits double up to the cap, each drawn from [d/2, d], and reset starts over", () => {
  for (let run = 0; run < 200; run++) {
    const b = new Backoff({ initialMs: 100, maxMs: 1000 });
    const bases = [100, 200, 400, 800, 1000, 1000];
    for (const d of bases) {
      const w = b.next();
      assert.ok(w >= d / 2 && w <= d, `wait ${w} outside [${d / 2}, ${d}]`);
    }
    b.reset();
    const w = b.next();
    assert.ok(w >= 50 && w <= 100, `after reset: ${w}`);
  }
});

test("waits are spread out (jitter), not all the same", () => {
  const waits = new Set(Array.from({ length: 20 }, () => Math.round(new Backoff({ initialMs: 1000, maxMs: 1000 }).next())));
  assert.ok(waits.size > 5, `only ${waits.size} distinct waits`);
});
