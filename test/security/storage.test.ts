// Security suite, storage side (issue 8 item 5): no table holds a secret value or an admin token in plaintext
// (nor as hex or base64); a ciphertext moved to another path or version, or edited by one byte, reads as DATA_LOSS
// (never as the other secret's value); an edited audit row is found by Audit.Verify.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { unary } from "../../pilot/client/connect.js";
import type { AuditVerifyResponse__Output } from "../../proto/types/spike/v1/AuditVerifyResponse.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";

let t: TestNexus;
before(async () => {
  t = await startTestNexus("postgres");
});
after(() => t.close());

const put = (path: string, data: Record<string, string>) =>
  unary<{ version: number }>((md, o, cb) => t.superuser.secrets.Put({ path, data, customMetadata: null }, md, o, cb));
const get = (path: string, version = 0) =>
  unary<{ data: Record<string, string> }>((md, o, cb) => t.superuser.secrets.Get({ path, version }, md, o, cb));
const dataLoss = (e: grpc.ServiceError): boolean => e.code === grpc.status.DATA_LOSS;

/** Every row of every table as PostgreSQL's text form (bytea as \x hex, jsonb as JSON). */
async function everyRow(): Promise<string[]> {
  const tables = await t.db.db.map("SELECT table_name AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", [], (r: { n: string }) => r.n);
  assert.ok(tables.length >= 8, `tables: ${tables.join(", ")}`);
  const rows: string[] = [];
  for (const name of tables) rows.push(...(await t.db.db.map(`SELECT t::text AS r FROM "${name}" t`, [], (r: { r: string }) => `${name}: ${r.r}`)));
  return rows;
}

describe("nothing secret is stored in plaintext", () => {
  test("secret values and admin tokens appear in no table, as text, hex or base64", async () => {
    const value = `value-${randomBytes(12).toString("hex")}`;
    const other = `another-${randomBytes(12).toString("hex")}`;
    await put("sec/scan/db", { password: value, user: other });
    await put("sec/scan/db", { password: `${value}-v2` });
    const created = await unary<{ token: string }>((md, o, cb) => t.superuser.adminTokens.Create({ adminToken: "", name: "scan", expireTime: null }, md, o, cb));
    assert.ok(created.token.length >= 16);
    const rows = await everyRow();
    assert.ok(rows.some((r) => r.startsWith("secrets: ")) && rows.some((r) => r.startsWith("admin_tokens: ")), "the scan sees the rows it is about");
    const forms = (s: string): string[] => [s, Buffer.from(s).toString("hex"), Buffer.from(s).toString("base64").replace(/=+$/, "")];
    for (const secret of [value, other, `${value}-v2`, created.token]) {
      for (const form of forms(secret)) {
        const hit = rows.find((r) => r.toLowerCase().includes(form.toLowerCase()));
        assert.equal(hit, undefined, `found ${form.slice(0, 12)}... in ${hit?.slice(0, 80)}`);
      }
    }
  });
});

describe("ciphertexts are bound to their place", () => {
  const ciphertext = async (path: string, version: number): Promise<Buffer> =>
    (await t.db.db.one<{ c: Buffer }>("SELECT ciphertext AS c FROM secrets WHERE path = $1 AND version = $2", [path, version])).c;
  // An edit behind Nexus's back, as an operator's SQL would be: the harness shares Nexus's own pool, whose
  // connections carry its instance, so the edit clears that to be announced to Nexus's read cache (ADR 0032).
  const setCiphertext = (path: string, version: number, c: Buffer) =>
    t.db.db.tx(async (q) => {
      await q.one("SELECT set_config('spike.instance', '', true)");
      await q.none("UPDATE secrets SET ciphertext = $3 WHERE path = $1 AND version = $2", [path, version, c]);
    });

  before(async () => {
    await put("sec/move/a", { k: "value-of-a" });
    await put("sec/move/b", { k: "value-of-b" });
    await put("sec/move/v", { k: "version-1" });
    await put("sec/move/v", { k: "version-2" });
    await put("sec/edit/x", { k: "value-of-x" });
  });

  test("a's ciphertext copied to path b is DATA_LOSS, not a's value", async () => {
    await setCiphertext("sec/move/b", 1, await ciphertext("sec/move/a", 1));
    await assert.rejects(get("sec/move/b"), dataLoss);
    assert.deepEqual((await get("sec/move/a")).data, { k: "value-of-a" }, "the original still reads");
  });

  test("version 2's ciphertext copied to version 1 of the same path is DATA_LOSS", async () => {
    await setCiphertext("sec/move/v", 1, await ciphertext("sec/move/v", 2));
    await assert.rejects(get("sec/move/v", 1), dataLoss);
    assert.deepEqual((await get("sec/move/v", 2)).data, { k: "version-2" });
  });

  test("one flipped byte anywhere in a ciphertext is DATA_LOSS", async () => {
    const original = await ciphertext("sec/edit/x", 1);
    for (const at of [0, 5, Math.floor(original.length / 2), original.length - 1]) {
      const edited = Buffer.from(original);
      edited[at] = (edited[at] ?? 0) ^ 0x01;
      await setCiphertext("sec/edit/x", 1, edited);
      await assert.rejects(get("sec/edit/x"), dataLoss, `byte ${at}`);
    }
    await setCiphertext("sec/edit/x", 1, original);
    assert.deepEqual((await get("sec/edit/x")).data, { k: "value-of-x" });
  });
});

describe("audit tampering is detected", () => {
  test("an edited audit row breaks the chain at its sequence", async () => {
    await put("sec/audit/one", { k: "v" });
    const seq = Number((await t.db.db.one<{ s: string }>("SELECT max(sequence) AS s FROM audit_log")).s);
    await t.db.db.none("UPDATE audit_log SET resource = 'somewhere/else' WHERE sequence = $1", [seq]);
    const messages = await new Promise<AuditVerifyResponse__Output[]>((resolve, reject) => {
      const all: AuditVerifyResponse__Output[] = [];
      const s = t.superuser.audit.Verify({ fromSequence: 0, toSequence: 0 }, { deadline: Date.now() + 10_000 });
      s.on("data", (m: AuditVerifyResponse__Output) => all.push(m));
      s.on("error", reject);
      s.on("end", () => resolve(all));
    });
    const result = messages.find((m) => m.result !== null && m.result !== undefined)?.result;
    assert.ok(result);
    assert.equal(result.ok, false);
    assert.equal(Number(result.brokenSequence), seq);
  });
});
