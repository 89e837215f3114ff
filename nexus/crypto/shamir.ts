// Shamir k-of-n sharing of the 32-byte root key over the scalar field of NIST P-256 (prime order n), the field
// upstream SPIKE uses, so a share has the same shape there and here: an id x in 1..n and a 32-byte big-endian
// scalar y = f(x). The polynomial is f(x) = key + a_1·x + … + a_{k-1}·x^{k-1}; the root key IS the constant term
// (it is generated as a scalar, never reduced), and the coefficients are derived from the key with HKDF-SHA256,
// so the same key and threshold always give the same shares and Nexus can hand a restarted Keeper its identical
// share. ADR 0013 explains the choices.
//
// Errors:
// - shares that come from outside (Keepers, an operator restore) and are malformed: SpikeError("invalid_argument"),
//   with a message naming the share's position, its id and the rule, and never its bytes;
// - a root key that is not a nonzero scalar below n: SpikeError("internal"). Keys only ever come from
//   randomRootKey() or combineShares(), so this is a bug or memory corruption, not a caller's mistake;
// - share count, threshold or id outside their ranges: a plain Error naming the rule (these come from
//   configuration, which stops Nexus at start, or from code).
//
// Key material: every Buffer/Uint8Array allocated here for secret bytes (HKDF PRK and output blocks, candidate
// keys) is zeroed after use; returned Buffers (keys, shares) belong to the caller, who zeroes them. Arithmetic runs
// on BigInts, which are immutable and cannot be zeroed: they are kept in locals only for the duration of one call
// and dropped at its end, and the garbage collector frees them eventually. BigInt arithmetic is not constant time
// either; the operations are few and happen at bootstrap, recovery and re-seeding, never per request.
import { randomFillSync } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { SpikeError, invalidArgument } from "../../lib/errors.js";

/** One Keeper's share: `id` is the x coordinate (1..n), `value` the 32-byte big-endian scalar f(id). */
export interface Share {
  readonly id: number;
  readonly value: Buffer;
}

/** Upper bound for the share count (and so for share ids and the threshold). */
export const MAX_SHARES = 1000;
/** Bytes in a root key and in a share value. */
export const SCALAR_BYTES = 32;

const Fn = p256.Point.Fn;
/** The order n of the P-256 group: shares, coefficients and the key are scalars in [1, n) (shares in [0, n)). */
export const SCALAR_ORDER: bigint = Fn.ORDER;

const HKDF_SALT = new TextEncoder().encode("spike/shamir/v1");
const COEFFICIENT_LABEL = new TextEncoder().encode("spike/shamir/v1/coefficient");
/**
 * A 32-byte candidate is >= n with probability about 2^-32, so one attempt almost always suffices; the bound only
 * keeps the loops finite (failing 64 times in a row has probability about 2^-2048).
 */
const MAX_ATTEMPTS = 64;

// ---- parameters ----------------------------------------------------------------------------------------------------

/**
 * Checks 1 <= threshold <= shares <= MAX_SHARES, all integers. Threshold 1 is allowed (as upstream): the polynomial
 * is then the constant key, so every share IS the root key and any single Keeper holds it; it suits development,
 * not production (the defaults are n=3, k=2).
 */
export function checkShamirParameters(shares: number, threshold: number): void {
  if (!Number.isSafeInteger(shares) || shares < 1 || shares > MAX_SHARES) {
    throw new Error(`Shamir share count ${shares} is invalid: it must be an integer with 1 <= shares <= ${MAX_SHARES}`);
  }
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > shares) {
    throw new Error(
      `Shamir threshold ${threshold} is invalid: it must be an integer with 1 <= threshold <= shares (${shares})`,
    );
  }
}

function checkThreshold(threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > MAX_SHARES) {
    throw new Error(`Shamir threshold ${threshold} is invalid: it must be an integer with 1 <= threshold <= ${MAX_SHARES}`);
  }
}

// ---- scalars <-> bytes (no hex strings: strings cannot be zeroed either) ------------------------------------------

function bytesToScalar(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, SCALAR_BYTES);
  return (
    (view.getBigUint64(0) << 192n) | (view.getBigUint64(8) << 128n) | (view.getBigUint64(16) << 64n) | view.getBigUint64(24)
  );
}

function scalarToBuffer(value: bigint): Buffer {
  const out = Buffer.alloc(SCALAR_BYTES); // Buffer.alloc never takes memory from the shared pool
  const mask = (1n << 64n) - 1n;
  out.writeBigUInt64BE((value >> 192n) & mask, 0);
  out.writeBigUInt64BE((value >> 128n) & mask, 8);
  out.writeBigUInt64BE((value >> 64n) & mask, 16);
  out.writeBigUInt64BE(value & mask, 24);
  return out;
}

/** The root key as a scalar; refuses anything but 32 bytes holding a value in [1, n). */
function rootKeyScalar(rootKey: Buffer): bigint {
  if (!(rootKey instanceof Uint8Array) || rootKey.length !== SCALAR_BYTES) {
    throw new SpikeError("internal", `root key must be ${SCALAR_BYTES} bytes`);
  }
  const s = bytesToScalar(rootKey);
  if (s === 0n) throw new SpikeError("internal", "root key is zero, which is not a valid P-256 scalar");
  if (s >= SCALAR_ORDER) throw new SpikeError("internal", "root key is not below the P-256 group order");
  return s;
}

// ---- key generation ------------------------------------------------------------------------------------------------

/**
 * 32 random bytes that form a nonzero scalar below n, by rejection sampling (redraw until it fits; never reduced,
 * so the distribution is uniform on [1, n) and the key is exactly the scalar that gets shared). `fillRandom` exists
 * for tests; the default is the operating system's CSPRNG.
 */
export function randomRootKey(fillRandom: (buf: Buffer) => void = (buf) => void randomFillSync(buf)): Buffer {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = Buffer.alloc(SCALAR_BYTES);
    fillRandom(candidate);
    const s = bytesToScalar(candidate);
    if (s !== 0n && s < SCALAR_ORDER) return candidate;
    candidate.fill(0);
  }
  throw new SpikeError("internal", `no valid root key after ${MAX_ATTEMPTS} random draws: the random source is broken`);
}

// ---- the polynomial ------------------------------------------------------------------------------------------------

function u16(value: number): Uint8Array {
  return new Uint8Array([(value >>> 8) & 0xff, value & 0xff]);
}

function u32(value: number): Uint8Array {
  return new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/** info = label | threshold (u16 BE) | coefficient index (u16 BE) | attempt counter (u32 BE); fixed layout. */
function coefficientInfo(threshold: number, index: number, attempt: number): Uint8Array {
  return Uint8Array.from([...COEFFICIENT_LABEL, ...u16(threshold), ...u16(index), ...u32(attempt)]);
}

/**
 * [key, a_1, …, a_{k-1}]: a_i is the first HKDF-SHA256 output block (key as IKM, a fixed salt, info naming the
 * threshold, the index and an attempt counter) that is a nonzero scalar below n. Rejection, not `mod n`, so every
 * coefficient is uniform on [1, n). The threshold is in the info, so different thresholds give unrelated
 * polynomials. The share count is not, so adding a Keeper leaves every existing share unchanged.
 */
function polynomial(rootKey: Buffer, threshold: number): bigint[] {
  const coefficients: bigint[] = [rootKeyScalar(rootKey)];
  if (threshold === 1) return coefficients;
  const prk = extract(sha256, rootKey, HKDF_SALT);
  try {
    for (let index = 1; index < threshold; index++) {
      let found: bigint | undefined;
      for (let attempt = 0; attempt < MAX_ATTEMPTS && found === undefined; attempt++) {
        const block = expand(sha256, prk, coefficientInfo(threshold, index, attempt), SCALAR_BYTES);
        const c = bytesToScalar(block);
        block.fill(0);
        if (c !== 0n && c < SCALAR_ORDER) found = c;
      }
      if (found === undefined) throw new SpikeError("internal", `no valid Shamir coefficient ${index} after ${MAX_ATTEMPTS} attempts`);
      coefficients.push(found);
    }
    return coefficients;
  } finally {
    prk.fill(0);
  }
}

/** f(x) by Horner's rule. */
function evaluate(coefficients: readonly bigint[], x: number): bigint {
  const bx = BigInt(x);
  let y = Fn.ZERO;
  for (let i = coefficients.length - 1; i >= 0; i--) y = Fn.add(Fn.mul(y, bx), coefficients[i] ?? Fn.ZERO);
  return y;
}

function shareAt(coefficients: readonly bigint[], id: number): Share {
  const y = evaluate(coefficients, id);
  // f(id) = 0 has probability about 2^-256 per share; a zero share would read as "no share" and is refused by
  // combineShares, so it is an error here rather than a share nobody can use.
  if (Fn.is0(y)) throw new SpikeError("internal", `Shamir share ${id} came out zero; rotate the root key`);
  return { id, value: scalarToBuffer(y) };
}

// ---- split ---------------------------------------------------------------------------------------------------------

/**
 * The `shares` shares (ids 1..shares) of `rootKey` with threshold `threshold`. Deterministic: the same key and
 * threshold always give the same shares. The split is checked by rebuilding the key from the first `threshold`
 * shares, as upstream does.
 */
export function splitRootKey(rootKey: Buffer, shares: number, threshold: number): Share[] {
  checkShamirParameters(shares, threshold);
  let coefficients = polynomial(rootKey, threshold);
  const out: Share[] = [];
  try {
    for (let id = 1; id <= shares; id++) out.push(shareAt(coefficients, id));
  } catch (e) {
    for (const s of out) s.value.fill(0);
    throw e;
  } finally {
    coefficients = []; // drop the only references to the coefficient BigInts (they cannot be zeroed)
  }
  const rebuilt = combineShares(out, threshold);
  const ok = rebuilt.equals(rootKey);
  rebuilt.fill(0);
  if (!ok) {
    for (const s of out) s.value.fill(0);
    throw new SpikeError("internal", "Shamir split does not rebuild the root key");
  }
  return out;
}

/** Share `id` of `splitRootKey(rootKey, shares, threshold)`, computed alone (to re-seed one Keeper). */
export function shareFor(rootKey: Buffer, id: number, shares: number, threshold: number): Share {
  checkShamirParameters(shares, threshold);
  if (!Number.isSafeInteger(id) || id < 1 || id > shares) {
    throw new Error(`Shamir share id ${id} is invalid: it must be an integer with 1 <= id <= shares (${shares})`);
  }
  let coefficients = polynomial(rootKey, threshold);
  try {
    return shareAt(coefficients, id);
  } finally {
    coefficients = [];
  }
}

// ---- combine -------------------------------------------------------------------------------------------------------

/**
 * Checks one share's shape: integer id in 1..MAX_SHARES, a 32-byte value that is a nonzero scalar below n. `where`
 * names the share in the message (never its bytes). For callers that take shares one at a time (Keeper contribute,
 * operator restore).
 */
export function checkShare(share: Share, where = "share"): void {
  const { id, value } = share;
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_SHARES) {
    throw invalidArgument(`${where}: id ${String(id)} is invalid: it must be an integer with 1 <= id <= ${MAX_SHARES}`);
  }
  if (!(value instanceof Uint8Array) || value.length !== SCALAR_BYTES) {
    const got = value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
    throw invalidArgument(`${where} (id ${id}): value must be ${SCALAR_BYTES} bytes, got ${got}`);
  }
  const y = bytesToScalar(value);
  if (y === 0n) throw invalidArgument(`${where} (id ${id}): value is all zeros, which is never a share`);
  if (y >= SCALAR_ORDER) throw invalidArgument(`${where} (id ${id}): value is not below the P-256 group order`);
}

/**
 * The root key rebuilt from `shares` by Lagrange interpolation at x = 0. Every share given is checked (shape and
 * distinct ids, see checkShare); at least `threshold` are required and exactly the first `threshold` are used.
 * Shares from another key or a different threshold are NOT detected here: they rebuild some other scalar, and the
 * caller must compare the result with the stored key check value (key-check.ts) before using it.
 */
export function combineShares(shares: readonly Share[], threshold: number): Buffer {
  checkThreshold(threshold);
  if (shares.length < threshold) {
    throw invalidArgument(
      `need at least ${threshold} share${threshold === 1 ? "" : "s"} to rebuild the root key, got ${shares.length}`,
    );
  }
  const seen = new Set<number>();
  shares.forEach((share, i) => {
    checkShare(share, `share ${i + 1}`);
    if (seen.has(share.id)) throw invalidArgument(`share ${i + 1}: id ${share.id} appears more than once`);
    seen.add(share.id);
  });

  const used = shares.slice(0, threshold);
  const xs = used.map((s) => BigInt(s.id));
  // Lagrange basis at 0: l_i(0) = prod_{j != i} x_j / (x_j - x_i); ids are distinct, so no denominator is zero.
  const numerators: bigint[] = [];
  const denominators: bigint[] = [];
  for (let i = 0; i < xs.length; i++) {
    let num = Fn.ONE;
    let den = Fn.ONE;
    const xi = xs[i] ?? Fn.ZERO;
    for (let j = 0; j < xs.length; j++) {
      if (j === i) continue;
      const xj = xs[j] ?? Fn.ZERO;
      num = Fn.mul(num, xj);
      den = Fn.mul(den, Fn.sub(xj, xi));
    }
    numerators.push(num);
    denominators.push(den);
  }
  const inverses = Fn.invertBatch(denominators);
  let secret = Fn.ZERO;
  used.forEach((share, i) => {
    const basis = Fn.mul(numerators[i] ?? Fn.ZERO, inverses[i] ?? Fn.ZERO);
    secret = Fn.add(secret, Fn.mul(bytesToScalar(share.value), basis));
  });
  // Valid shares of a real key never give 0; foreign shares could, with probability about 2^-256.
  if (Fn.is0(secret)) throw invalidArgument("the shares rebuild zero, which is never a root key: they do not belong together");
  return scalarToBuffer(secret);
}
