// `spike cipher` as a real process against an in-process Nexus on PostgreSQL: files and stdin/stdout, small inputs
// (single-shot) and large ones (streamed), what encrypt writes decrypt reads back byte for byte; a tampered file
// fails with exit 8 and leaves no output behind; rewrap after a data-key rotation.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, test } from "node:test";
import { unary } from "../../pilot/client/connect.js";
import { programCommand } from "../../lib/programs.js";
import { cleanEnv, run } from "../harness/processes.js";
import { TD, startTestNexus, type TestNexus, cliEnvFor } from "../harness/nexus.js";

let t: TestNexus;
let dir: string;
let env: Record<string, string> = {};

function identity(name: string, spiffeId: string): Promise<Record<string, string>> {
  return cliEnvFor(t, dir, name, spiffeId);
}

const spike = (args: string[]) => run("pilot", args, env, 60_000);

/** As `run`, but with bytes on stdin and stdout kept as bytes. */
function spikeBytes(args: string[], stdin: Buffer): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const dist = fileURLToPath(new URL("../../dist/pilot/main.js", import.meta.url));
  const { command, args: base } = process.env.SPIKE_TEST_DIST === "1" && existsSync(dist) ? { command: process.execPath, args: [dist] } : programCommand("pilot");
  const child = spawn(command, [...base, ...args], { env: cleanEnv(env), stdio: ["pipe", "pipe", "pipe"] });
  const out: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => out.push(d));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(stdin);
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
  });
}

before(async () => {
  t = await startTestNexus("postgres");
  dir = mkdtempSync(join(tmpdir(), "spike-cli-cipher-"));
  env = await identity("superuser", `spiffe://${TD}/spike/pilot/role/superuser`);
});

after(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("spike cipher", () => {
  for (const [label, size, format] of [["small (single-shot)", 1000, 0x01], ["2 MiB (streamed)", 2 * 1024 * 1024 + 3, 0x02]] as const) {
    test(`file round trip, ${label}`, async () => {
      const plain = join(dir, `plain-${size}`);
      const enc = join(dir, `enc-${size}`);
      const back = join(dir, `back-${size}`);
      const data = randomBytes(size);
      writeFileSync(plain, data);
      const e = await spike(["cipher", "encrypt", "--in", plain, "--out", enc]);
      assert.equal(e.code, 0, e.stderr);
      assert.equal(e.stdout, "");
      const ciphertext = readFileSync(enc);
      assert.equal(ciphertext[0], format);
      assert.equal(ciphertext.includes(data.subarray(0, 64)), false);
      const d = await spike(["cipher", "decrypt", "--in", enc, "--out", back]);
      assert.equal(d.code, 0, d.stderr);
      assert.ok(readFileSync(back).equals(data));
    });
  }

  test("stdin to stdout, binary-safe, both directions, with associated data", async () => {
    for (const size of [0, 1, 64 * 1024, 300_000]) {
      const data = randomBytes(size);
      const e = await spikeBytes(["cipher", "encrypt", "--associated-data", "order-7"], data);
      assert.equal(e.code, 0, e.stderr);
      const d = await spikeBytes(["cipher", "decrypt", "--associated-data", "order-7"], e.stdout);
      assert.equal(d.code, 0, d.stderr);
      assert.ok(d.stdout.equals(data), `${size} bytes come back identical`);
      const wrong = await spikeBytes(["cipher", "decrypt", "--associated-data", "order-8"], e.stdout);
      assert.equal(wrong.code, 8, wrong.stderr);
    }
  });

  test("a tampered file exits 8 (data loss) and leaves no output file", async () => {
    const plain = join(dir, "t-plain");
    const enc = join(dir, "t-enc");
    const back = join(dir, "t-back");
    writeFileSync(plain, randomBytes(200_000));
    assert.equal((await spike(["cipher", "encrypt", "--in", plain, "--out", enc])).code, 0);
    const bad = readFileSync(enc);
    bad[bad.length - 5] = (bad[bad.length - 5] as number) ^ 1;
    writeFileSync(enc, bad);
    const d = await spike(["cipher", "decrypt", "--in", enc, "--out", back]);
    assert.equal(d.code, 8, d.stderr);
    assert.match(d.stderr, /fails authentication/);
    assert.equal(existsSync(back), false);
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes("partial")), []);
  });

  test("rewrap after a data-key rotation: new key, same plaintext", async () => {
    const plain = join(dir, "r-plain");
    const enc = join(dir, "r-enc");
    const moved = join(dir, "r-moved");
    const back = join(dir, "r-back");
    const data = randomBytes(5000);
    writeFileSync(plain, data);
    assert.equal((await spike(["cipher", "encrypt", "--in", plain, "--out", enc])).code, 0);
    const before = readFileSync(enc).readUInt32BE(1);
    const { keyId } = await unary<{ keyId: number }>((md, o, cb) => t.superuser.operator.RotateDataKey({}, md, o, cb));
    const r = await spike(["cipher", "rewrap", "--in", enc, "--out", moved]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`data key ${keyId}`));
    assert.equal(readFileSync(moved).readUInt32BE(1), keyId);
    assert.notEqual(keyId, before);
    assert.equal((await spike(["cipher", "decrypt", "--in", moved, "--out", back])).code, 0);
    assert.ok(readFileSync(back).equals(data));
  });
});
