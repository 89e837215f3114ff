// Operator.Rewrap end to end, on real PostgreSQL and on the embedded PGlite: data written under an old data key
// (secret versions and admin tokens) is moved to the active key in place, checked directly in the tables; a
// destroyed version stays destroyed, a tampered ciphertext is reported and left alone, and a second run has
// nothing to do.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { AdminTokenService } from "../../nexus/admin-tokens/service.js";
import { Keyring } from "../../nexus/crypto/keyring.js";
import { KeyringCipher } from "../../nexus/secrets/keyring-cipher.js";
import { AdminTokenRepository } from "../../nexus/store/admin-token-repository.js";
import { KeyringRepository } from "../../nexus/store/keyring-repository.js";
import { RewrapRepository } from "../../nexus/store/rewrap-repository.js";
import { RewrapJob } from "../../nexus/secrets/rewrap-job.js";
import { createLogger } from "../../lib/log.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import type { OperatorRewrapResponse__Output } from "../../proto/types/spike/v1/OperatorRewrapResponse.js";
import type { OperatorRewrapResult__Output } from "../../proto/types/spike/v1/OperatorRewrapResult.js";
import { TD, startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";

type Conn = NexusConnection;

const put = (c: Conn, path: string, data: Record<string, string>) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data }, md, o, cb));
const get = (c: Conn, path: string, version = 0) =>
  unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version }, md, o, cb));
const rotate = (c: Conn) => unary<{ keyId: number; previousKeyId: number }>((md, o, cb) => c.operator.RotateDataKey({}, md, o, cb));
const createToken = (c: Conn, name: string, adminToken = "") =>
  unary<{ token: string; info: { id: string } | null }>((md, o, cb) => c.adminTokens.Create({ name, adminToken, expireTime: null }, md, o, cb));

function rewrap(c: Conn, watchOnly = false): Promise<OperatorRewrapResponse__Output[]> {
  return new Promise((resolve, reject) => {
    const messages: OperatorRewrapResponse__Output[] = [];
    const stream = c.operator.Rewrap({ watchOnly });
    stream.on("data", (m: OperatorRewrapResponse__Output) => messages.push(m));
    stream.on("error", reject);
    stream.on("end", () => resolve(messages));
  });
}

/** The stream's last message, which must be the result, after at least one progress message. */
function resultOf(messages: OperatorRewrapResponse__Output[]): OperatorRewrapResult__Output {
  assert.ok(messages.length >= 2, `a progress message and the result, got ${messages.length} messages`);
  assert.ok(messages[0]?.progress, "the stream starts with progress");
  for (const m of messages.slice(0, -1)) {
    assert.ok(m.progress && !m.result, "only progress before the result");
    assert.equal(m.progress.unit, "items");
    assert.ok(Number(m.progress.done) <= Number(m.progress.total) || m.progress.stage === "done");
  }
  const result = messages.at(-1)?.result;
  assert.ok(result, "the stream ends with the result");
  return result;
}

async function rejects(p: Promise<unknown>, code: grpc.status, pattern?: RegExp): Promise<void> {
  await assert.rejects(p, (err: grpc.ServiceError) => {
    assert.equal(err.code, code, `${grpc.status[err.code]}: ${err.details}`);
    if (pattern) assert.match(err.details, pattern);
    return true;
  });
}

const keyIdOf = (ciphertext: Buffer): number => ciphertext.readUInt32BE(1);

for (const backend of backends()) {
  describe(`rewrap on ${backend}`, () => {
    let t: TestNexus;
    let c: Conn;
    const values = new Map<string, Record<string, string>>(); // "path@version" -> data
    let token1 = "";
    let token2 = "";
    let tampered: Buffer;

    const activeKey = async (): Promise<number> =>
      (await t.db.db.one<{ key_id: number }>("SELECT key_id FROM keyring WHERE state = 'active'")).key_id;
    const ciphertexts = async (): Promise<Array<{ where: string; ciphertext: Buffer }>> => [
      ...(await t.db.db.any<{ path: string; version: number; ciphertext: Buffer }>("SELECT path, version, ciphertext FROM secrets WHERE ciphertext IS NOT NULL"))
        .map((r) => ({ where: `secrets:${r.path}@${r.version}`, ciphertext: r.ciphertext })),
      ...(await t.db.db.any<{ id: string; ciphertext: Buffer }>("SELECT id, ciphertext FROM admin_tokens"))
        .map((r) => ({ where: `admin_token:${r.id}`, ciphertext: r.ciphertext })),
    ];
    const write = async (path: string, data: Record<string, string>): Promise<void> => {
      const { version } = await put(c, path, data);
      values.set(`${path}@${version}`, data);
    };

    before(async () => {
      t = await startTestNexus(backend);
      c = t.superuser;
    });
    after(async () => {
      await t?.close();
    });

    test("watch_only before any job has run is NOT_FOUND; other callers are refused", async () => {
      await rejects(rewrap(c, true), grpc.status.NOT_FOUND, /no rewrap job has run/);
      const app = await t.connectAs(`spiffe://${TD}/workload/app`);
      await rejects(rewrap(app), grpc.status.PERMISSION_DENIED);
    });

    test("everything under an old key is rewrapped in place; destroyed stays NULL; tampered is reported and untouched", async () => {
      for (let i = 0; i < 7; i++) await write(`apps/svc-${i}/db`, { user: `u${i}`, password: `pw-${i}-${backend}` });
      assert.equal(await activeKey(), 1);
      await write("apps/svc-0/db", { password: "second-version" });
      await write("apps/gone", { k: "to be destroyed" });
      await unary((md, o, cb) => c.secrets.Destroy({ path: "apps/gone", versions: [1] }, md, o, cb));
      values.delete("apps/gone@1");
      await write("apps/tampered", { k: "v" });
      values.delete("apps/tampered@1");
      await t.db.db.none("UPDATE secrets SET ciphertext = set_byte(ciphertext, 20, get_byte(ciphertext, 20) # 255) WHERE path = 'apps/tampered'");
      tampered = (await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM secrets WHERE path = 'apps/tampered'")).ciphertext;
      token1 = (await createToken(c, "first")).token;

      const rotated = await rotate(c);
      assert.deepEqual(rotated, { keyId: 2, previousKeyId: 1 });
      await write("apps/svc-1/db", { password: "written under key 2" });
      await write("apps/new", { k: "new" });
      token2 = (await createToken(c, "second", token1)).token;

      const before = await ciphertexts();
      const stale = before.filter((r) => keyIdOf(r.ciphertext) === 1);
      assert.equal(stale.length, 10, "under key 1: 8 secret versions, the tampered one and the first admin token");
      const current = before.length - stale.length;

      const result = resultOf(await rewrap(c));
      assert.equal(result.targetKeyId, 2);
      assert.equal(result.rewrapped, stale.length - 1);
      assert.equal(result.failed, 1);
      assert.equal(result.skipped, current);
      assert.equal(result.failures.length, 1);
      assert.match(result.failures[0] ?? "", /^secrets:apps\/tampered@1: .*fails authentication/);
      assert.ok(!(result.failures[0] ?? "").includes("\"v\""), "no plaintext in the report");
      assert.ok(result.startTime && result.finishTime);

      // Directly in the tables: every ciphertext but the tampered one is under the active key.
      assert.equal(await activeKey(), 2);
      for (const r of await ciphertexts()) {
        if (r.where === "secrets:apps/tampered@1") {
          assert.ok(r.ciphertext.equals(tampered), "the tampered ciphertext is left exactly as it was");
          assert.equal(keyIdOf(r.ciphertext), 1);
        } else {
          assert.equal(r.ciphertext[0], 0x01, `${r.where}: envelope format`);
          assert.equal(keyIdOf(r.ciphertext), 2, `${r.where} is under the active key`);
        }
      }
      const gone = await t.db.db.one<{ ciphertext: Buffer | null; destroyed_at: Date | null }>("SELECT ciphertext, destroyed_at FROM secrets WHERE path = 'apps/gone'");
      assert.equal(gone.ciphertext, null, "a destroyed version stays destroyed");
      assert.ok(gone.destroyed_at !== null);
    });

    test("every secret version reads back with its value; the tampered one is still DATA_LOSS", async () => {
      for (const [where, data] of values) {
        const [path, version] = where.split("@") as [string, string];
        assert.deepEqual((await get(c, path, Number(version))).data, data, where);
      }
      await rejects(get(c, "apps/tampered"), grpc.status.DATA_LOSS);
      await rejects(get(c, "apps/gone", 1), grpc.status.NOT_FOUND, /destroyed/);
    });

    test("admin tokens still verify, and their rewrapped ciphertext opens to the token under its row binding", async () => {
      const cipher = new KeyringCipher(t.rootKeys, () => new KeyringRepository(t.db.db));
      const service = new AdminTokenService(new AdminTokenRepository(t.db.db), cipher);
      const keyring = await Keyring.open(new KeyringRepository(t.db.db), t.rootKeys.rootKey());
      try {
        for (const token of [token1, token2]) {
          const row = await service.verify(token);
          const { ciphertext } = await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM admin_tokens WHERE id = $1", [row.id]);
          assert.equal(keyIdOf(ciphertext), 2);
          const plain = keyring.decrypt(ciphertext, { table: "admin_tokens", path: row.id, version: 1 });
          assert.equal(plain.toString("utf8"), token);
          plain.fill(0);
        }
        // Still usable as the second factor: creating a token needs a valid one now.
        await createToken(c, "third", token2);
      } finally {
        keyring.close();
        cipher.close();
      }
    });

    test("running again rewraps nothing (the tampered row fails again); watch_only shows the last result", async () => {
      const again = resultOf(await rewrap(c));
      assert.equal(again.rewrapped, 0);
      assert.equal(again.failed, 1);
      assert.equal(again.targetKeyId, 2);
      const watched = resultOf(await rewrap(c, true));
      assert.deepEqual(watched, again);
    });

    test("the job goes on when the caller leaves; a later call can watch it finish", async () => {
      await rotate(c);
      const stale = (await ciphertexts()).filter((r) => keyIdOf(r.ciphertext) !== 3).length;
      await new Promise<void>((resolve) => {
        const stream = c.operator.Rewrap({ watchOnly: false });
        stream.on("data", () => {
          stream.cancel();
          resolve();
        });
        stream.on("error", () => resolve()); // CANCELLED
      });
      const result = resultOf(await rewrap(c, true));
      assert.equal(result.targetKeyId, 3);
      assert.equal(result.rewrapped, stale - 1);
      assert.equal(result.failed, 1);
      for (const r of await ciphertexts()) if (r.where !== "secrets:apps/tampered@1") assert.equal(keyIdOf(r.ciphertext), 3, r.where);
    });

    test("in batches of two: every page is visited once; a row changed meanwhile is never overwritten", async () => {
      const repo = new RewrapRepository(t.db.db);
      // Compare-and-set: a ciphertext other than the one held is not swapped in.
      const row = await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM secrets WHERE path = 'apps/new' AND version = 1");
      const wrong = Buffer.from(row.ciphertext);
      wrong[wrong.length - 1] = (wrong[wrong.length - 1] ?? 0) ^ 1;
      assert.deepEqual(await repo.replaceSecrets([{ path: "apps/new", version: 1, old: wrong, next: Buffer.from("junk") }]), [false]);
      assert.deepEqual(await repo.replaceSecrets([{ path: "apps/gone", version: 1, old: row.ciphertext, next: Buffer.from("junk") }]), [false], "a destroyed version");
      const after = await t.db.db.one<{ ciphertext: Buffer }>("SELECT ciphertext FROM secrets WHERE path = 'apps/new' AND version = 1");
      assert.ok(after.ciphertext.equals(row.ciphertext));

      const { keyId } = await rotate(c);
      const all = await ciphertexts();
      const cipher = new KeyringCipher(t.rootKeys, () => new KeyringRepository(t.db.db));
      try {
        assert.equal(await cipher.activeKeyId(), keyId);
        const job = new RewrapJob(repo, cipher, createLogger("rewrap-test", { level: 6 }), { batchSize: 2 });
        const result = await job.start().result;
        assert.equal(result.targetKeyId, keyId);
        assert.equal(result.rewrapped, all.length - 1);
        assert.equal(result.failed, 1);
        assert.equal(result.skipped, 0);
        assert.equal(job.last()?.progress().done, all.length);
      } finally {
        cipher.close();
      }
      for (const r of await ciphertexts()) if (r.where !== "secrets:apps/tampered@1") assert.equal(keyIdOf(r.ciphertext), keyId, r.where);
      for (const [where, data] of values) {
        const [path, version] = where.split("@") as [string, string];
        assert.deepEqual((await get(c, path, Number(version))).data, data, where);
      }
    });
  });
}
