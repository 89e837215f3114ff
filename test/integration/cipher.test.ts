// The Cipher service over real gRPC against real PostgreSQL: single-shot and streamed round trips (1 byte, 64 KiB,
// 10 MiB), tampering, truncation, reordering and extension of streams, the unary size limit, domain separation from
// secrets, associated data, rewrap after data-key rotation, and a workload without a grant.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { SEGMENT_BYTES, SINGLE_OVERHEAD, STREAM_HEADER_BYTES } from "../../nexus/cipher/format.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { decryptStream, encryptStream } from "../../pilot/commands/cipher.js";
import { TD, startTestNexus, type TestNexus } from "../harness/nexus.js";

type Conn = NexusConnection;
let t: TestNexus;

const encrypt = (c: Conn, plaintext: Buffer, associatedData = Buffer.alloc(0)) =>
  unary<{ ciphertext: Buffer; keyId: number }>((md, o, cb) => c.cipher.Encrypt({ plaintext, associatedData }, md, o, cb));
const decrypt = (c: Conn, ciphertext: Buffer, associatedData = Buffer.alloc(0)) =>
  unary<{ plaintext: Buffer; keyId: number }>((md, o, cb) => c.cipher.Decrypt({ ciphertext, associatedData }, md, o, cb));
const rewrap = (c: Conn, ciphertext: Buffer, associatedData = Buffer.alloc(0)) =>
  unary<{ ciphertext: Buffer; keyId: number }>((md, o, cb) => c.cipher.Rewrap({ ciphertext, associatedData }, md, o, cb));
const rotate = (c: Conn) => unary<{ keyId: number; previousKeyId: number }>((md, o, cb) => c.operator.RotateDataKey({}, md, o, cb));

class Collect extends Writable {
  readonly parts: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.parts.push(chunk);
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Splits a buffer into pieces of `size` (the last shorter), as a client would send them. */
function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < buf.length; at += size) out.push(buf.subarray(at, at + size));
  return out;
}

async function streamEncrypt(c: Conn, plaintext: Buffer, ad = Buffer.alloc(0), pieceBytes = 100_000): Promise<Buffer> {
  const sink = new Collect();
  await encryptStream(c, Readable.from(chunks(plaintext, pieceBytes)), sink, ad);
  return sink.bytes;
}

async function streamDecrypt(c: Conn, ciphertext: Buffer, ad = Buffer.alloc(0), pieceBytes = 77_777): Promise<Buffer> {
  const sink = new Collect();
  await decryptStream(c, Readable.from(chunks(ciphertext, pieceBytes)), sink, ad);
  return sink.bytes;
}

async function rejectsWith(p: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<grpc.ServiceError> {
  try {
    await p;
  } catch (err) {
    const e = err as grpc.ServiceError;
    assert.equal(e.code, code, `expected ${grpc.status[code]}, got ${grpc.status[e.code]}: ${e.details}`);
    if (pattern) assert.match(e.details, pattern);
    return e;
  }
  assert.fail(`expected ${grpc.status[code]}, but the call succeeded`);
}

const SEALED_SEGMENT = SEGMENT_BYTES + SINGLE_OVERHEAD;
/** Byte offset of segment i in a streamed ciphertext. */
const segmentAt = (i: number): number => STREAM_HEADER_BYTES + i * SEALED_SEGMENT;

describe("cipher service (postgres)", () => {
  before(async () => {
    t = await startTestNexus("postgres");
  });
  after(async () => {
    await t?.close();
  });

  describe("single-shot", () => {
    for (const size of [0, 1, 64 * 1024]) {
      test(`round trip of ${size} bytes`, async () => {
        const plaintext = randomBytes(size);
        const { ciphertext, keyId } = await encrypt(t.superuser, plaintext);
        assert.equal(ciphertext[0], 0x01);
        assert.equal(ciphertext.length, size + 33);
        assert.equal(ciphertext.readUInt32BE(1), keyId);
        const back = await decrypt(t.superuser, ciphertext);
        assert.deepEqual(back.plaintext, plaintext);
        assert.equal(back.keyId, keyId);
      });
    }

    test("the same plaintext encrypts differently each time (fresh nonce)", async () => {
      const p = Buffer.from("same");
      const [a, b] = await Promise.all([encrypt(t.superuser, p), encrypt(t.superuser, p)]);
      assert.notDeepEqual(a.ciphertext, b.ciphertext);
    });

    test("over the per-call limit: RESOURCE_EXHAUSTED naming the limit", async () => {
      await rejectsWith(encrypt(t.superuser, Buffer.alloc(64 * 1024 + 1)), grpc.status.RESOURCE_EXHAUSTED, /65536 bytes.*SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE/);
      await rejectsWith(decrypt(t.superuser, Buffer.alloc(64 * 1024 + 34, 1)), grpc.status.RESOURCE_EXHAUSTED, /65569 bytes/);
    });

    test("any flipped byte (header, nonce, body, tag) is DATA_LOSS", async () => {
      const { ciphertext } = await encrypt(t.superuser, Buffer.from("attack at dawn"));
      for (const at of [5, 10, 17, 20, ciphertext.length - 1]) {
        const bad = Buffer.from(ciphertext);
        bad[at] = (bad[at] as number) ^ 0x01;
        await rejectsWith(decrypt(t.superuser, bad), grpc.status.DATA_LOSS, /fails authentication/);
      }
    });

    test("malformed input: INVALID_ARGUMENT; unknown key id: NOT_FOUND", async () => {
      await rejectsWith(decrypt(t.superuser, Buffer.alloc(0)), grpc.status.INVALID_ARGUMENT, /empty/);
      await rejectsWith(decrypt(t.superuser, Buffer.alloc(10, 1)), grpc.status.INVALID_ARGUMENT, /shorter/);
      await rejectsWith(decrypt(t.superuser, Buffer.alloc(40, 7)), grpc.status.INVALID_ARGUMENT, /format version 0x07/);
      const { ciphertext } = await encrypt(t.superuser, Buffer.from("x"));
      const far = Buffer.from(ciphertext);
      far.writeUInt32BE(999_999, 1);
      await rejectsWith(decrypt(t.superuser, far), grpc.status.NOT_FOUND, /999999/);
      const streamed = await streamEncrypt(t.superuser, Buffer.from("x"));
      await rejectsWith(decrypt(t.superuser, streamed), grpc.status.INVALID_ARGUMENT, /DecryptStream/);
    });

    test("associated data is authenticated: a different one (or none) is DATA_LOSS", async () => {
      const ad = Buffer.from("record 42");
      const { ciphertext } = await encrypt(t.superuser, Buffer.from("pii"), ad);
      assert.deepEqual((await decrypt(t.superuser, ciphertext, ad)).plaintext, Buffer.from("pii"));
      await rejectsWith(decrypt(t.superuser, ciphertext, Buffer.from("record 43")), grpc.status.DATA_LOSS);
      await rejectsWith(decrypt(t.superuser, ciphertext), grpc.status.DATA_LOSS);
      const plain = await encrypt(t.superuser, Buffer.from("pii"));
      await rejectsWith(decrypt(t.superuser, plain.ciphertext, ad), grpc.status.DATA_LOSS);
      await rejectsWith(encrypt(t.superuser, Buffer.from("x"), Buffer.alloc(8 * 1024 + 1)), grpc.status.INVALID_ARGUMENT, /associated_data/);
    });

    test("a secret's stored ciphertext does not decrypt through the cipher service, nor the reverse", async () => {
      await unary((md, o, cb) => t.superuser.secrets.Put({ path: "apps/cipher/x", data: { k: "v" } }, md, o, cb));
      const row = await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM secrets WHERE path = 'apps/cipher/x'");
      assert.equal(row.ciphertext[0], 0x01); // same envelope format, different domain
      await rejectsWith(decrypt(t.superuser, row.ciphertext), grpc.status.DATA_LOSS);
      await rejectsWith(rewrap(t.superuser, row.ciphertext), grpc.status.DATA_LOSS);

      const { ciphertext } = await encrypt(t.superuser, Buffer.from(JSON.stringify({ k: "stolen" })));
      await t.db.db.none("UPDATE secrets SET ciphertext = $1 WHERE path = 'apps/cipher/x'", [ciphertext]);
      await rejectsWith(unary((md, o, cb) => t.superuser.secrets.Get({ path: "apps/cipher/x", version: 0 }, md, o, cb)), grpc.status.DATA_LOSS);
    });

    test("rewrap after RotateDataKey: new key, same plaintext, old ciphertext still decrypts", async () => {
      const ad = Buffer.from("ctx");
      const plaintext = randomBytes(1000);
      const old = await encrypt(t.superuser, plaintext, ad);
      const { keyId: newKey, previousKeyId } = await rotate(t.superuser);
      assert.equal(previousKeyId, old.keyId);
      const moved = await rewrap(t.superuser, old.ciphertext, ad);
      assert.equal(moved.keyId, newKey);
      assert.equal(moved.ciphertext.readUInt32BE(1), newKey);
      assert.notDeepEqual(moved.ciphertext, old.ciphertext);
      const back = await decrypt(t.superuser, moved.ciphertext, ad);
      assert.deepEqual(back.plaintext, plaintext);
      assert.equal(back.keyId, newKey);
      assert.deepEqual((await decrypt(t.superuser, old.ciphertext, ad)).plaintext, plaintext);
      await rejectsWith(rewrap(t.superuser, old.ciphertext, Buffer.from("other")), grpc.status.DATA_LOSS);
      const tampered = Buffer.from(old.ciphertext);
      tampered[30] = (tampered[30] as number) ^ 0x80;
      await rejectsWith(rewrap(t.superuser, tampered, ad), grpc.status.DATA_LOSS);
    });
  });

  describe("streamed", () => {
    let big: Buffer;
    let bigCiphertext: Buffer;

    test("round trip of 10 MiB", async () => {
      big = randomBytes(10 * 1024 * 1024);
      bigCiphertext = await streamEncrypt(t.superuser, big, Buffer.alloc(0), 1024 * 1024);
      assert.equal(bigCiphertext[0], 0x02);
      assert.equal(bigCiphertext.length, STREAM_HEADER_BYTES + big.length + 160 * SINGLE_OVERHEAD);
      assert.ok((await streamDecrypt(t.superuser, bigCiphertext, Buffer.alloc(0), 1024 * 1024)).equals(big));
    });

    for (const size of [0, 1, SEGMENT_BYTES - 1, SEGMENT_BYTES, SEGMENT_BYTES + 1, 3 * SEGMENT_BYTES]) {
      test(`round trip of ${size} bytes, split oddly`, async () => {
        const plaintext = randomBytes(size);
        const ad = Buffer.from("stream ad");
        const ciphertext = await streamEncrypt(t.superuser, plaintext, ad, 9_999);
        assert.deepEqual(await streamDecrypt(t.superuser, ciphertext, ad, 1 + (size % 5000)), plaintext);
      });
    }

    test("DecryptStream takes a single-shot ciphertext too", async () => {
      const { ciphertext } = await encrypt(t.superuser, Buffer.from("one shot"));
      assert.deepEqual(await streamDecrypt(t.superuser, ciphertext, Buffer.alloc(0), 5), Buffer.from("one shot"));
    });

    test("a flipped byte anywhere in a stream is DATA_LOSS", async () => {
      const ciphertext = await streamEncrypt(t.superuser, randomBytes(3 * SEGMENT_BYTES + 5));
      for (const at of [1, 6, 12, segmentAt(0) + 2, segmentAt(1) + 40, segmentAt(3) + 20, ciphertext.length - 1]) {
        const bad = Buffer.from(ciphertext);
        bad[at] = (bad[at] as number) ^ 0x04;
        // A flipped segment key id may name a key the keyring does not hold (NOT_FOUND) rather than fail authentication.
        const code = at === segmentAt(0) + 2 ? [grpc.status.DATA_LOSS, grpc.status.NOT_FOUND] : [grpc.status.DATA_LOSS];
        await assert.rejects(streamDecrypt(t.superuser, bad), (e: grpc.ServiceError) => code.includes(e.code), `byte ${at}`);
      }
    });

    test("truncated, reordered or extended streams are DATA_LOSS", async () => {
      const ciphertext = await streamEncrypt(t.superuser, randomBytes(3 * SEGMENT_BYTES + 5));
      const seg = (i: number): Buffer => ciphertext.subarray(segmentAt(i), Math.min(segmentAt(i + 1), ciphertext.length));
      const header = ciphertext.subarray(0, STREAM_HEADER_BYTES);
      // Cut at a segment boundary: the new end was not sealed as the last segment.
      await rejectsWith(streamDecrypt(t.superuser, ciphertext.subarray(0, segmentAt(3))), grpc.status.DATA_LOSS, /segment 2/);
      await rejectsWith(streamDecrypt(t.superuser, ciphertext.subarray(0, segmentAt(1))), grpc.status.DATA_LOSS);
      // Cut inside a segment, inside the header, or right after it.
      await rejectsWith(streamDecrypt(t.superuser, ciphertext.subarray(0, ciphertext.length - 1)), grpc.status.DATA_LOSS);
      await rejectsWith(streamDecrypt(t.superuser, ciphertext.subarray(0, 10)), grpc.status.DATA_LOSS, /header/);
      await rejectsWith(streamDecrypt(t.superuser, header), grpc.status.DATA_LOSS, /truncated/);
      // Reordered.
      await rejectsWith(streamDecrypt(t.superuser, Buffer.concat([header, seg(1), seg(0), seg(2), seg(3)])), grpc.status.DATA_LOSS, /segment 0/);
      // Extended: a segment appended, or a whole second stream's segment spliced in.
      await rejectsWith(streamDecrypt(t.superuser, Buffer.concat([ciphertext, seg(1)])), grpc.status.DATA_LOSS);
      const other = await streamEncrypt(t.superuser, randomBytes(3 * SEGMENT_BYTES + 5));
      await rejectsWith(streamDecrypt(t.superuser, Buffer.concat([header, seg(0), other.subarray(segmentAt(1), segmentAt(2)), seg(2), seg(3)])), grpc.status.DATA_LOSS, /segment 1/);
      // A segment lifted out of a stream is no single-shot ciphertext.
      await rejectsWith(decrypt(t.superuser, Buffer.from(seg(0))), grpc.status.DATA_LOSS);
      // The intact one still decrypts.
      assert.equal((await streamDecrypt(t.superuser, ciphertext)).length, 3 * SEGMENT_BYTES + 5);
    });

    test("stream associated data is authenticated and allowed only in the first message", async () => {
      const ad = Buffer.from("bucket/object");
      const ciphertext = await streamEncrypt(t.superuser, randomBytes(2 * SEGMENT_BYTES), ad);
      await rejectsWith(streamDecrypt(t.superuser, ciphertext, Buffer.from("bucket/other")), grpc.status.DATA_LOSS);
      await rejectsWith(streamDecrypt(t.superuser, ciphertext), grpc.status.DATA_LOSS);
      const call = t.superuser.cipher.EncryptStream();
      const done = new Promise<grpc.ServiceError>((resolve) => call.on("error", resolve));
      call.on("data", () => undefined);
      call.write({ plaintext: Buffer.from("a"), associatedData: ad });
      call.write({ plaintext: Buffer.from("b"), associatedData: ad });
      call.end();
      const err = await done;
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
      assert.match(err.details, /first message/);
    });

    test("a client that cancels mid-stream leaves Nexus serving", async () => {
      const call = t.superuser.cipher.EncryptStream();
      const failed = new Promise<grpc.ServiceError>((resolve) => call.on("error", resolve));
      const first = new Promise((resolve) => call.once("data", resolve));
      call.write({ plaintext: randomBytes(200_000) });
      await first;
      call.cancel();
      assert.equal((await failed).code, grpc.status.CANCELLED);
      const plaintext = randomBytes(SEGMENT_BYTES + 1);
      assert.deepEqual(await streamDecrypt(t.superuser, await streamEncrypt(t.superuser, plaintext)), plaintext);
    });

    test("a streamed ciphertext made before RotateDataKey still decrypts after it", async () => {
      const plaintext = randomBytes(SEGMENT_BYTES * 2 + 7);
      const ciphertext = await streamEncrypt(t.superuser, plaintext);
      await rotate(t.superuser);
      assert.ok((await streamDecrypt(t.superuser, ciphertext)).equals(plaintext));
    });
  });

  test("a workload without a grant: PERMISSION_DENIED on every cipher RPC", async () => {
    const w = await t.connectAs(`spiffe://${TD}/workload/billing`);
    const { ciphertext } = await encrypt(t.superuser, Buffer.from("x"));
    await rejectsWith(encrypt(w, Buffer.from("x")), grpc.status.PERMISSION_DENIED);
    await rejectsWith(decrypt(w, ciphertext), grpc.status.PERMISSION_DENIED);
    await rejectsWith(rewrap(w, ciphertext), grpc.status.PERMISSION_DENIED);
    await rejectsWith(streamEncrypt(w, Buffer.from("x")), grpc.status.PERMISSION_DENIED);
    await rejectsWith(streamDecrypt(w, ciphertext), grpc.status.PERMISSION_DENIED);
  });
});
