import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createHash, hkdfSync } from "node:crypto";
import { SpikeError, type ErrorCode } from "../../lib/errors.js";
import { keyCheckMatches, keyCheckValue } from "../../nexus/crypto/key-check.js";
import {
  MAX_SHARES,
  SCALAR_BYTES,
  SCALAR_ORDER,
  checkShamirParameters,
  checkShare,
  combineShares,
  randomRootKey,
  shareFor,
  splitRootKey,
  type Share,
} from "../../nexus/crypto/shamir.js";

// ---- helpers -------------------------------------------------------------------------------------------------------

/** A deterministic byte stream: SHA-256(seed | counter) blocks, so every run of the property tests is the same. */
class SeededRandom {
  private counter = 0;
  private pool = Buffer.alloc(0);

  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    while (this.pool.length < n) {
      const block = createHash("sha256").update(this.seed).update(String(this.counter++)).digest();
      this.pool = Buffer.concat([this.pool, block]);
    }
    const out = Buffer.from(this.pool.subarray(0, n));
    this.pool = this.pool.subarray(n);
    return out;
  }

  /** An integer in [lo, hi]; the modulo bias of 32 bits over a tiny range does not matter for tests. */
  int(lo: number, hi: number): number {
    return lo + (this.bytes(4).readUInt32BE(0) % (hi - lo + 1));
  }

  fill = (buf: Buffer): void => {
    this.bytes(buf.length).copy(buf);
  };

  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const a = out[i] as T;
      out[i] = out[j] as T;
      out[j] = a;
    }
    return out;
  }
}

function subsets<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of subsets(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

function scalarBytes(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, "0"), "hex");
}

function toScalar(buf: Buffer): bigint {
  return BigInt(`0x${buf.toString("hex")}`);
}

function rejectsWith(code: ErrorCode, ...fragments: string[]): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof SpikeError, `expected a SpikeError, got ${String(e)}`);
    assert.equal(e.code, code, `code of: ${e.message}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} mentions ${f}`);
    return true;
  };
}

function plainErrorWith(...fragments: string[]): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof Error && !(e instanceof SpikeError), `expected a plain Error, got ${String(e)}`);
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} mentions ${f}`);
    return true;
  };
}

/** No message may carry secret bytes: no 8-byte window in hex or base64. */
function assertNoBytes(message: string, secret: Buffer): void {
  for (let i = 0; i + 8 <= secret.length; i += 4) {
    const window = secret.subarray(i, i + 8);
    assert.ok(!message.includes(window.toString("hex")), "message contains secret bytes (hex)");
    assert.ok(!message.includes(window.toString("base64").slice(0, 10)), "message contains secret bytes (base64)");
  }
}

const N_BYTES = scalarBytes(SCALAR_ORDER);
const KEYS_PER_SHAPE = 6;

// ---- parameters ----------------------------------------------------------------------------------------------------

describe("shamir: parameters", () => {
  test("1 <= threshold <= shares <= MAX_SHARES is accepted, threshold 1 included", () => {
    for (const [n, k] of [[1, 1], [3, 1], [3, 2], [3, 3], [5, 3], [MAX_SHARES, 1], [MAX_SHARES, MAX_SHARES]] as const) {
      assert.doesNotThrow(() => checkShamirParameters(n, k), `${k}-of-${n}`);
    }
  });

  test("anything else is refused with the rule in the message", () => {
    const shareRule = `1 <= shares <= ${MAX_SHARES}`;
    const thresholdRule = "1 <= threshold <= shares";
    const cases: Array<[number, number, string]> = [
      [0, 0, shareRule],
      [-1, 1, shareRule],
      [MAX_SHARES + 1, 2, shareRule],
      [2.5, 2, shareRule],
      [Number.NaN, 1, shareRule],
      [3, 0, thresholdRule],
      [3, -2, thresholdRule],
      [3, 4, thresholdRule],
      [3, 1.5, thresholdRule],
      [3, Number.POSITIVE_INFINITY, thresholdRule],
    ];
    for (const [n, k, rule] of cases) {
      assert.throws(() => checkShamirParameters(n, k), plainErrorWith(rule), `${k}-of-${n}`);
    }
  });

  test("split and shareFor apply the same rule; shareFor also wants 1 <= id <= shares", () => {
    const key = randomRootKey();
    assert.throws(() => splitRootKey(key, 2, 3), plainErrorWith("1 <= threshold <= shares"));
    assert.throws(() => shareFor(key, 1, 0, 1), plainErrorWith(`1 <= shares <= ${MAX_SHARES}`));
    for (const id of [0, 4, -1, 1.5]) {
      assert.throws(() => shareFor(key, id, 3, 2), plainErrorWith("1 <= id <= shares (3)"), `id ${id}`);
    }
  });
});

// ---- root keys -----------------------------------------------------------------------------------------------------

describe("shamir: root keys", () => {
  test("randomRootKey gives distinct 32-byte nonzero scalars below n", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const key = randomRootKey();
      assert.equal(key.length, SCALAR_BYTES);
      const s = toScalar(key);
      assert.ok(s > 0n && s < SCALAR_ORDER);
      seen.add(key.toString("hex"));
    }
    assert.equal(seen.size, 500);
  });

  test("randomRootKey redraws (never reduces) zero and values >= n, and zeroes what it rejects", () => {
    const draws = [Buffer.alloc(32, 0xff), Buffer.alloc(32), N_BYTES, scalarBytes(SCALAR_ORDER - 1n)];
    const handed: Buffer[] = [];
    const key = randomRootKey((buf) => {
      handed.push(buf);
      (draws[handed.length - 1] ?? assert.fail("too many draws")).copy(buf);
    });
    assert.equal(handed.length, 4);
    assert.deepEqual(key, scalarBytes(SCALAR_ORDER - 1n));
    for (const rejected of handed.slice(0, 3)) assert.ok(rejected.every((b) => b === 0), "rejected draw zeroed");
  });

  test("a broken random source (always zero) fails loudly instead of looping", () => {
    assert.throws(() => randomRootKey((buf) => buf.fill(0)), rejectsWith("internal", "random source"));
  });

  test("split and shareFor refuse a key that is not a nonzero scalar below n (internal: keys never come from callers)", () => {
    const bad: Array<[string, Buffer, string]> = [
      ["zero", Buffer.alloc(32), "zero"],
      ["n", N_BYTES, "order"],
      ["n + 1", scalarBytes(SCALAR_ORDER + 1n), "order"],
      ["all ones", Buffer.alloc(32, 0xff), "order"],
      ["31 bytes", Buffer.alloc(31, 1), "32 bytes"],
      ["33 bytes", Buffer.alloc(33, 1), "32 bytes"],
    ];
    for (const [name, key, fragment] of bad) {
      assert.throws(() => splitRootKey(key, 3, 2), rejectsWith("internal", fragment), name);
      assert.throws(() => shareFor(key, 1, 3, 2), rejectsWith("internal", fragment), name);
      // threshold 1 has no coefficients to derive, but the key is still checked
      assert.throws(() => splitRootKey(key, 1, 1), rejectsWith("internal", fragment), name);
    }
    // the largest valid scalar is fine
    const top = scalarBytes(SCALAR_ORDER - 1n);
    assert.deepEqual(combineShares(splitRootKey(top, 3, 2), 2), top);
    const one = scalarBytes(1n);
    assert.deepEqual(combineShares(splitRootKey(one, 3, 3).slice(1).concat(splitRootKey(one, 3, 3).slice(0, 1)), 3), one);
  });
});

// ---- properties ----------------------------------------------------------------------------------------------------

describe("shamir: properties (seeded, n in 1..7, k in 1..n)", () => {
  const rng = new SeededRandom("spike shamir property tests v1");
  const shapes: Array<[number, number]> = [];
  for (let n = 1; n <= 7; n++) for (let k = 1; k <= n; k++) shapes.push([n, k]);

  test("every k-subset of the n shares, in any order, rebuilds the key", () => {
    let combinations = 0;
    for (const [n, k] of shapes) {
      for (let round = 0; round < KEYS_PER_SHAPE; round++) {
        const key = randomRootKey(rng.fill);
        const shares = splitRootKey(key, n, k);
        assert.equal(shares.length, n);
        assert.deepEqual(shares.map((s) => s.id), Array.from({ length: n }, (_, i) => i + 1));
        for (const s of shares) {
          assert.equal(s.value.length, SCALAR_BYTES);
          const y = toScalar(s.value);
          assert.ok(y > 0n && y < SCALAR_ORDER);
        }
        for (const subset of subsets(shares, k)) {
          assert.deepEqual(combineShares(rng.shuffle(subset), k), key, `${k}-of-${n}`);
          combinations++;
        }
      }
    }
    assert.ok(combinations > 1000, `${combinations} combinations`);
  });

  test("extra shares are allowed: only the first k are used", () => {
    for (const [n, k] of shapes) {
      if (n === k) continue;
      const key = randomRootKey(rng.fill);
      const shares = rng.shuffle(splitRootKey(key, n, k));
      assert.deepEqual(combineShares(shares, k), key);
      // proof that the extras are ignored: corrupt one past the first k (still a valid scalar) and nothing changes
      const tampered = shares.map((s, i) => (i === k ? { id: s.id, value: scalarBytes(toScalar(s.value) === 5n ? 6n : 5n) } : s));
      assert.deepEqual(combineShares(tampered, k), key);
    }
  });

  test("k-1 shares do not rebuild the key (k >= 2), and are refused when asked for k", () => {
    let trials = 0;
    for (const [n, k] of shapes) {
      if (k < 2) continue;
      for (let round = 0; round < KEYS_PER_SHAPE; round++) {
        const key = randomRootKey(rng.fill);
        const shares = splitRootKey(key, n, k);
        for (const subset of subsets(shares, k - 1)) {
          assert.notDeepEqual(combineShares(subset, k - 1), key, `${k - 1} of a ${k}-of-${n} split`);
          assert.throws(() => combineShares(subset, k), rejectsWith("invalid_argument", `need at least ${k} shares`));
          trials++;
        }
      }
    }
    assert.ok(trials > 500, `${trials} trials`);
  });

  test("split is deterministic and shareFor equals the matching element of splitRootKey", () => {
    for (const [n, k] of shapes) {
      const key = randomRootKey(rng.fill);
      const first = splitRootKey(key, n, k);
      const second = splitRootKey(Buffer.from(key), n, k);
      assert.deepEqual(second, first);
      for (const share of first) assert.deepEqual(shareFor(key, share.id, n, k), share);
    }
  });

  test("the share count is not part of the polynomial: share i is the same for every n >= i", () => {
    const key = randomRootKey(rng.fill);
    for (let k = 1; k <= 4; k++) {
      const wide = splitRootKey(key, 7, k);
      for (let n = k; n <= 7; n++) assert.deepEqual(splitRootKey(key, n, k), wide.slice(0, n), `${k}-of-${n}`);
    }
  });

  test("a different threshold gives different shares at every id (unrelated polynomials)", () => {
    for (let round = 0; round < KEYS_PER_SHAPE; round++) {
      const key = randomRootKey(rng.fill);
      const byK = [1, 2, 3, 4, 5, 6, 7].map((k) => splitRootKey(key, 7, k));
      for (let a = 0; a < byK.length; a++) {
        for (let b = a + 1; b < byK.length; b++) {
          for (let i = 0; i < 7; i++) {
            assert.notDeepEqual(byK[a]?.[i]?.value, byK[b]?.[i]?.value, `k=${a + 1} vs k=${b + 1}, id ${i + 1}`);
          }
        }
      }
      // threshold 1 is the constant polynomial: every share is the key itself
      for (const s of byK[0] ?? []) assert.deepEqual(s.value, key);
    }
  });

  test("a share of another root key mixed in rebuilds a wrong key, which the key check value then refuses", () => {
    for (const [n, k] of shapes) {
      const mine = randomRootKey(rng.fill);
      const other = randomRootKey(rng.fill);
      const a = splitRootKey(mine, n, k);
      const b = splitRootKey(other, n, k);
      const check = keyCheckValue(mine);
      const swap = rng.int(0, k - 1);
      const mixed = a.slice(0, k).map((s, i) => (i === swap ? (b[i] as Share) : s));
      const rebuilt = combineShares(mixed, k);
      if (k === 1) {
        // the one share IS the other key
        assert.deepEqual(rebuilt, other);
      } else {
        assert.notDeepEqual(rebuilt, mine);
        assert.notDeepEqual(rebuilt, other);
      }
      // combineShares cannot tell: the caller (Nexus recovery, operator restore) compares with the stored value
      assert.equal(keyCheckMatches(rebuilt, check), false);
      assert.equal(keyCheckMatches(combineShares(a, k), check), true);
    }
  });

  test("combineShares leaves the shares it is given untouched", () => {
    const key = randomRootKey(rng.fill);
    const shares = splitRootKey(key, 5, 3);
    const copies = shares.map((s) => ({ id: s.id, value: Buffer.from(s.value) }));
    combineShares(shares, 3);
    assert.deepEqual(shares, copies);
  });
});

const PINNED_2_OF_3 = [
  "1:06866dcb505f147b6105bf2f0241dea51dc51cecc0d21c35c4874f3fc2638709",
  "2:0c0ad8929bb821eeb9017351f775ae3a2a7826c56c8e21536ff4836367a8eef2",
  "3:118f4359e7112f6210fd2774eca97dcf372b309e184a26711b61b7870cee56db",
];

// ---- fixed vectors -------------------------------------------------------------------------------------------------

describe("shamir: fixed vectors", () => {
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)); // 01 02 … 20

  test("coefficients are HKDF-SHA256(key, salt 'spike/shamir/v1', info label|k u16|index u16|counter u32), checked with node:crypto", () => {
    for (const k of [2, 3, 5]) {
      const coefficients = [toScalar(key)];
      for (let index = 1; index < k; index++) {
        const info = Buffer.concat([Buffer.from("spike/shamir/v1/coefficient"), Buffer.from([0, k, 0, index, 0, 0, 0, 0])]);
        const c = toScalar(Buffer.from(hkdfSync("sha256", key, Buffer.from("spike/shamir/v1"), info, 32)));
        assert.ok(c > 0n && c < SCALAR_ORDER, "counter 0 is accepted for this key (no rejection needed)");
        coefficients.push(c);
      }
      const shares = splitRootKey(key, 5, k);
      for (const share of shares) {
        let y = 0n;
        for (let i = coefficients.length - 1; i >= 0; i--) y = (y * BigInt(share.id) + (coefficients[i] ?? 0n)) % SCALAR_ORDER;
        assert.deepEqual(share.value, scalarBytes(y), `k=${k}, id ${share.id}`);
      }
    }
  });

  test("pinned 2-of-3 shares of 01..20 (a Keeper fleet must survive an upgrade: changing these breaks recovery)", () => {
    const shares = splitRootKey(key, 3, 2).map((s) => `${s.id}:${s.value.toString("hex")}`);
    assert.deepEqual(shares, PINNED_2_OF_3);
  });

  test("upstream SPIKE's share shape: its 2-of-3 vector for key 01..20 rebuilds from every pair", () => {
    // Candidate vector from ../shared/reference/spike-upstream.md §4 (upstream derives coefficients differently, so
    // only the shape and the field are compared: x = 1..3, 32-byte big-endian scalars mod the P-256 order).
    const upstream: Share[] = [
      { id: 1, value: Buffer.from("f046d16b4cdf568e7aa7bdce7747b9038666a1335ea9d6cf56ae367ce5a4bbbf", "hex") },
      { id: 2, value: Buffer.from("df8b9fd394b8a613ec457090e18162f73ed434a50125f801a088871ab1c8330d", "hex") },
      { id: 3, value: Buffer.from("ced06e3bdc91f5995de323534bbb0ceaf741c816a3a21933ea62d7b87debaa5b", "hex") },
    ];
    for (const pair of subsets(upstream, 2)) assert.deepEqual(combineShares(pair, 2), key);
  });

  test("the largest shape: ids up to MAX_SHARES", () => {
    const big = randomRootKey();
    const shares = splitRootKey(big, MAX_SHARES, 3);
    assert.equal(shares.length, MAX_SHARES);
    assert.deepEqual(combineShares([shares[999], shares[0], shares[500]] as Share[], 3), big);
    assert.deepEqual(shareFor(big, MAX_SHARES, MAX_SHARES, 3), shares[MAX_SHARES - 1]);
  });
});


// ---- bad shares ----------------------------------------------------------------------------------------------------

describe("shamir: bad shares are refused (invalid_argument), naming the problem and never the bytes", () => {
  const key = randomRootKey();
  const shares = splitRootKey(key, 5, 3);
  const [s1, s2, s3] = shares as [Share, Share, Share];

  const cases: Array<[string, Share[], number, string[]]> = [
    ["fewer than the threshold", [s1, s2], 3, ["need at least 3 shares", "got 2"]],
    ["no shares at all", [], 1, ["need at least 1 share to", "got 0"]],
    ["duplicate ids", [s1, s2, { id: s1.id, value: s3.value }], 3, ["share 3", `id ${s1.id} appears more than once`]],
    ["duplicate among the extras", [s1, s2, s3, s2], 3, ["share 4", "appears more than once"]],
    ["id 0", [s1, s2, { id: 0, value: s3.value }], 3, ["share 3", "id 0", `1 <= id <= ${MAX_SHARES}`]],
    ["id > MAX_SHARES", [{ id: MAX_SHARES + 1, value: s1.value }, s2, s3], 3, ["share 1", `id ${MAX_SHARES + 1}`]],
    ["negative id", [s1, { id: -2, value: s2.value }, s3], 3, ["share 2", "id -2"]],
    ["fractional id", [s1, s2, { id: 2.5, value: s3.value }], 3, ["share 3", "id 2.5", "integer"]],
    ["31-byte value", [s1, s2, { id: 3, value: s3.value.subarray(0, 31) }], 3, ["share 3 (id 3)", "32 bytes, got 31 bytes"]],
    ["33-byte value", [s1, s2, { id: 3, value: Buffer.concat([s3.value, Buffer.from([1])]) }], 3, ["32 bytes, got 33 bytes"]],
    ["empty value", [s1, s2, { id: 3, value: Buffer.alloc(0) }], 3, ["32 bytes, got 0 bytes"]],
    ["all-zero value", [s1, { id: 2, value: Buffer.alloc(32) }, s3], 3, ["share 2 (id 2)", "all zeros"]],
    ["value == n", [s1, s2, { id: 3, value: N_BYTES }], 3, ["share 3 (id 3)", "not below the P-256 group order"]],
    ["value all 0xff", [{ id: 1, value: Buffer.alloc(32, 0xff) }, s2, s3], 3, ["share 1 (id 1)", "group order"]],
    ["bad share among the extras", [s1, s2, s3, { id: 4, value: Buffer.alloc(32) }], 3, ["share 4", "all zeros"]],
  ];

  for (const [name, input, threshold, fragments] of cases) {
    test(name, () => {
      assert.throws(
        () => combineShares(input, threshold),
        (e: unknown) => {
          rejectsWith("invalid_argument", ...fragments)(e);
          const message = (e as Error).message;
          for (const s of shares) assertNoBytes(message, s.value);
          assertNoBytes(message, key);
          return true;
        },
      );
    });
  }

  test("a value that is not a Buffer at all", () => {
    const notBytes = { id: 3, value: "00".repeat(32) } as unknown as Share;
    assert.throws(() => combineShares([s1, s2, notBytes], 3), rejectsWith("invalid_argument", "32 bytes, got string"));
  });

  test("checkShare validates one share on arrival with the same rules", () => {
    assert.doesNotThrow(() => checkShare(s1));
    assert.throws(() => checkShare({ id: 0, value: s1.value }, "contribution from keeper-2"), rejectsWith("invalid_argument", "contribution from keeper-2", "id 0"));
    assert.throws(() => checkShare({ id: 1, value: N_BYTES }), rejectsWith("invalid_argument", "share (id 1)", "group order"));
  });

  test("an out-of-range threshold is a programming error (plain Error)", () => {
    for (const k of [0, MAX_SHARES + 1, 1.5]) {
      assert.throws(() => combineShares(shares, k), plainErrorWith(`1 <= threshold <= ${MAX_SHARES}`), `k=${k}`);
    }
  });
});
