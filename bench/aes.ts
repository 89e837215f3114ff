// AES-256-GCM seal+open throughput: node:crypto (as shipped, nexus/crypto/aead.ts) against @noble/ciphers `gcm`,
// at 1 KiB and 64 KiB, single thread, a fresh random nonce per seal in both (from the same pool). The keyring row adds what a secret
// value really costs on top (AAD encoding, envelope, use counting against an in-memory store). ADR 0010 chose by
// these numbers. Run: node --import tsx bench/aes.ts. Writes bench/results/aes-<timestamp>.json.
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gcm } from "@noble/ciphers/aes.js";
import { encodeAad } from "../nexus/crypto/aad.js";
import { TAG_BYTES, open, randomNonce, seal } from "../nexus/crypto/aead.js";
import { Keyring, type KeyringRow, type KeyringStore } from "../nexus/crypto/keyring.js";

const SETTINGS = {
  sizes: [1024, 64 * 1024],
  /** Each implementation and size is measured in this many short windows after a warm-up; the median is kept. */
  rounds: 5,
  windowMs: 150,
  warmupMs: 400,
} as const;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS_DIR = join(ROOT, "bench", "results");

/** One encrypt+decrypt of `plaintext`; resolves (or returns) when both are done. */
type Pair = (plaintext: Buffer) => void | Promise<void>;

interface Implementation {
  readonly name: string;
  /** Whether it competes in the node:crypto vs noble choice, or only shows the full keyring path for context. */
  readonly compared: boolean;
  readonly pair: Pair;
}

const key = randomBytes(32);
const aad = encodeAad({ table: "secrets", path: "apps/payments/db-password", version: 12 }, 3);

function nodePair(plaintext: Buffer): void {
  const { nonce, sealed } = seal(key, plaintext, aad);
  const back = open(key, nonce, sealed, aad);
  if (back.length !== plaintext.length) throw new Error("node:crypto round trip lost bytes");
}

function noblePair(plaintext: Buffer): void {
  const nonce = randomNonce(); // the same pooled nonces as aead.ts, so only the cipher differs
  const sealed = gcm(key, nonce, aad).encrypt(plaintext);
  const back = gcm(key, nonce, aad).decrypt(sealed);
  if (back.length !== plaintext.length) throw new Error("noble round trip lost bytes");
}

/** The two must be interchangeable: same bytes for the same inputs, each opening the other's output. */
function checkInterop(): void {
  const plaintext = randomBytes(1000);
  const { nonce, sealed } = seal(key, plaintext, aad);
  const nobleSealed = gcm(key, nonce, aad).encrypt(plaintext);
  if (!Buffer.from(nobleSealed).equals(sealed)) throw new Error("node:crypto and noble disagree on ciphertext or tag");
  if (!Buffer.from(gcm(key, nonce, aad).decrypt(sealed)).equals(plaintext)) throw new Error("noble cannot open node's output");
  if (!open(key, nonce, Buffer.from(nobleSealed), aad).equals(plaintext)) throw new Error("node cannot open noble's output");
  if (sealed.length !== plaintext.length + TAG_BYTES) throw new Error("unexpected tag length");
}

class MemoryKeyringStore implements KeyringStore {
  readonly #rows = new Map<number, { wrappedKey: Buffer; state: "active" | "retired"; uses: number }>();
  async load(): Promise<KeyringRow[]> {
    return [...this.#rows].map(([keyId, r]) => ({ keyId, ...r }));
  }
  async addActive(keyId: number, wrappedKey: Buffer): Promise<void> {
    for (const r of this.#rows.values()) r.state = "retired";
    this.#rows.set(keyId, { wrappedKey, state: "active", uses: 0 });
  }
  async reserveUses(keyId: number, count: number): Promise<number> {
    const row = this.#rows.get(keyId);
    if (row === undefined) throw new Error(`no key ${keyId}`);
    row.uses += count;
    return row.uses;
  }
  async rewrapAll(rows: ReadonlyArray<{ keyId: number; wrappedKey: Buffer }>): Promise<void> {
    for (const r of rows) {
      const row = this.#rows.get(r.keyId);
      if (row !== undefined) row.wrappedKey = r.wrappedKey;
    }
  }
}

async function keyringPair(keyring: Keyring): Promise<Pair> {
  const binding = { table: "secrets", path: "apps/payments/db-password", version: 12 };
  return async (plaintext) => {
    const envelope = await keyring.encrypt(plaintext, binding);
    const back = keyring.decrypt(envelope, binding);
    if (back.length !== plaintext.length) throw new Error("keyring round trip lost bytes");
  };
}

/** Pairs completed per second over one window of `ms`. */
async function measure(pair: Pair, plaintext: Buffer, ms: number): Promise<number> {
  const start = performance.now();
  const end = start + ms;
  let n = 0;
  let now = start;
  while (now < end) {
    await pair(plaintext);
    n += 1;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Row {
  readonly implementation: string;
  readonly compared: boolean;
  readonly bytes: number;
  /** Encrypt+decrypt pairs per second, one per round. */
  readonly roundsPairsPerSec: number[];
  readonly pairsPerSec: number;
  /** Plaintext bytes through one encrypt+decrypt pair, per second. */
  readonly mibPerSec: number;
  readonly usPerPair: number;
}

const fmt = (n: number, digits = 0): string => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadBefore = loadavg();
  checkInterop();
  const keyring = await Keyring.open(new MemoryKeyringStore(), key);
  const implementations: Implementation[] = [
    { name: "node:crypto (aead.ts)", compared: true, pair: nodePair },
    { name: "keyring encrypt+decrypt (node:crypto)", compared: false, pair: await keyringPair(keyring) },
    { name: "@noble/ciphers gcm", compared: true, pair: noblePair },
  ];

  const rows: Row[] = [];
  for (const bytes of SETTINGS.sizes) {
    const plaintext = randomBytes(bytes);
    for (const impl of implementations) {
      // Not taking turns window by window: the window right after noble's paid for the heap of short-lived arrays
      // noble leaves behind (node:crypto at 64 KiB fell from ~14k to ~2k pairs/s). The warm-up absorbs that, and
      // forcing a GC before each window was worse still (it resets V8's external-memory limits, and 64 KiB Buffers
      // live outside the heap). Each implementation's own garbage stays in its own windows, as it should.
      await measure(impl.pair, plaintext, SETTINGS.warmupMs);
      const perRound: number[] = [];
      for (let round = 0; round < SETTINGS.rounds; round++) perRound.push(await measure(impl.pair, plaintext, SETTINGS.windowMs));
      const pairsPerSec = median(perRound);
      rows.push({
        implementation: impl.name,
        compared: impl.compared,
        bytes,
        roundsPairsPerSec: perRound.map((v) => Math.round(v)),
        pairsPerSec: Math.round(pairsPerSec),
        mibPerSec: Math.round(((pairsPerSec * bytes) / 2 ** 20) * 10) / 10,
        usPerPair: Math.round((1e6 / pairsPerSec) * 100) / 100,
      });
    }
  }
  keyring.close();

  const ratios = SETTINGS.sizes.map((bytes) => {
    const nodeRow = rows.find((r) => r.bytes === bytes && r.implementation.startsWith("node:crypto"));
    const nobleRow = rows.find((r) => r.bytes === bytes && r.implementation.startsWith("@noble"));
    return { bytes, nodeOverNoble: nodeRow && nobleRow ? Math.round((nodeRow.pairsPerSec / nobleRow.pairsPerSec) * 10) / 10 : null };
  });

  const cpu = cpus()[0];
  const report = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpu?.model ?? "unknown",
      totalMemMiB: Math.round(totalmem() / 2 ** 20),
      openssl: process.versions.openssl,
      loadavgBefore: loadBefore,
      loadavgAfter: loadavg(),
    },
    settings: SETTINGS,
    method: `Encrypt then decrypt the same plaintext (fresh random 96-bit nonce, ${aad.length}-byte AAD); MiB/s counts plaintext bytes per pair.`,
    interop: "node:crypto and noble produce identical ciphertext+tag and open each other's output (checked before measuring)",
    results: rows,
    ratios,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `aes-${report.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  const header = ["implementation", "size", "enc+dec/s", "MiB/s", "µs/pair", "rounds (enc+dec/s)"];
  const body = rows.map((r) => [
    r.implementation,
    r.bytes >= 1024 ? `${r.bytes / 1024} KiB` : `${r.bytes} B`,
    fmt(r.pairsPerSec),
    fmt(r.mibPerSec, 1),
    fmt(r.usPerPair, 2),
    r.roundsPairsPerSec.map((v) => fmt(v)).join(" "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join("  ");
  process.stdout.write(
    `AES-256-GCM, one thread, ${report.machine.cpuModel} x${report.machine.cpus}, Node ${report.machine.node}, OpenSSL ${report.machine.openssl}\n\n` +
      `${line(header)}\n${body.map(line).join("\n")}\n\n` +
      ratios.map((r) => `node:crypto / noble at ${r.bytes / 1024} KiB: ${r.nodeOverNoble}x`).join("\n") +
      `\n\nwritten to ${file}\n`,
  );
}

await main();
