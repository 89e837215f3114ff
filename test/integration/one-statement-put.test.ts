// The one-statement put (ADR 0030): a put predicts the state it will find, writes the new version and its audit
// record in one autocommitted statement when the database holds exactly that state, and otherwise writes nothing and
// runs again under the row lock. These tests make the prediction wrong on purpose (by editing the tables behind
// Nexus's back) and check that versions, check-and-set and the audit record come out as if it had been right.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { AuditRepository, joinPending, pendingInsert, type AuditEntry } from "../../nexus/store/audit-repository.js";
import { SecretsRepository, type PutState } from "../../nexus/store/secrets-repository.js";
import { runUnitOfWork, type UnitRecord } from "../../nexus/store/unit-of-work.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";

type Conn = NexusConnection;
const put = (c: Conn, path: string, data: Record<string, string>, cas?: number) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data, ...(cas !== undefined ? { cas } : {}) }, md, o, cb));
const get = (c: Conn, path: string) => unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));

/** `p` fails with `code` (and a message matching `pattern`). */
const rejects = (p: Promise<unknown>, code: grpc.status, pattern = /./): Promise<void> =>
  p.then(
    () => assert.fail(`succeeded; expected ${grpc.status[code]}`),
    (err: grpc.ServiceError) => {
      assert.equal(grpc.status[err.code], grpc.status[code], err.details);
      assert.match(err.details, pattern);
    },
  );

for (const backend of backends()) {
  describe(`one-statement puts on ${backend}`, () => {
    let t: TestNexus;
    let c: Conn;
    const sql = (text: string, values: unknown[] = []) => t.db.db.none(text, values);
    const current = async (path: string): Promise<number> =>
      (await t.db.db.one<{ v: number }>("SELECT current_version AS v FROM secret_metadata WHERE path = $1", [path])).v;
    /** Audit records of `requestId`, pending or sealed. */
    const records = async (requestId: string): Promise<number> =>
      (await t.db.db.one<{ n: number }>(
        "SELECT ((SELECT count(*) FROM audit_pending WHERE request_id = $1) + (SELECT count(*) FROM audit_log WHERE request_id = $1))::int AS n",
        [requestId],
      )).n;

    before(async () => {
      t = await startTestNexus(backend, { SPIKE_NEXUS_MAX_SECRET_VERSIONS: "10" });
      c = t.superuser;
    });
    after(async () => {
      await t?.close();
    });

    describe("the repository and the unit of work", () => {
      let repo: SecretsRepository;
      let audit: AuditRepository;
      before(() => {
        repo = new SecretsRepository(t.db.db);
        audit = new AuditRepository(t.db.db);
      });
      const entry = (requestId: string): AuditEntry => ({ caller: "spiffe://spike.ist/test", action: "secret.write", resource: "uow", outcome: "ok", requestId, durationMicros: 1 });
      /** A unit of work's record that notes how it was written: in the change's one statement, or on a transaction. */
      const recorded = (requestId: string, how: string[]): UnitRecord => ({
        write: async (q) => {
          how.push("transaction");
          await audit.insertPendingIn(q, [entry(requestId)], new Date());
        },
        insert: (first, when) => {
          how.push("statement");
          return pendingInsert([entry(requestId)], new Date(), first, when);
        },
        join: (group, ordinal) => {
          how.push("statement");
          return joinPending(group, entry(requestId), ordinal);
        },
      });
      /** The stored "ciphertext" names the state it was sealed for, so a test can see it matches the row. */
      const sealer = (check: (s: PutState) => void = () => undefined) => async () => (s: PutState) => {
        check(s);
        return Buffer.from(`sealed for version ${s.version} after ${s.previousVersion}`);
      };
      const putIn = async (path: string, requestId: string, check?: (s: PutState) => void) => {
        const how: string[] = [];
        const r = await runUnitOfWork(t.db.db, () => repo.put(path, undefined, 10, sealer(check)), recorded(requestId, how));
        return { version: r.version, how };
      };
      const stored = async (path: string, version: number): Promise<string | undefined> =>
        (await t.db.db.oneOrNone<{ c: Buffer }>("SELECT ciphertext AS c FROM secrets WHERE path = $1 AND version = $2", [path, version]))?.c.toString();

      test("a right prediction: one statement carries the change and its record, no transaction opens", async () => {
        assert.deepEqual(await putIn("uow/a", "uow-1"), { version: 1, how: ["statement"] }, "a path never seen is predicted new");
        assert.deepEqual(await putIn("uow/a", "uow-2"), { version: 2, how: ["statement"] }, "then predicted from this put");
        assert.equal(await stored("uow/a", 2), "sealed for version 2 after 1");
        assert.deepEqual([await records("uow-1"), await records("uow-2")], [1, 1]);
      });

      test("a wrong prediction writes nothing, and the put runs again under the lock with the real state", async () => {
        await sql("UPDATE secret_metadata SET current_version = current_version + 3 WHERE path = 'uow/a'"); // now 5
        assert.deepEqual(await putIn("uow/a", "uow-3"), { version: 6, how: ["statement", "transaction"] });
        assert.equal(await stored("uow/a", 6), "sealed for version 6 after 5");
        assert.equal(await stored("uow/a", 3), undefined, "the predicted version was never written");
        assert.equal(await records("uow-3"), 1, "one record: the failed statement inserted none");

        // Predicted new, but the row exists.
        await sql("INSERT INTO secret_metadata (path, current_version) VALUES ('uow/b', 2)");
        assert.deepEqual(await putIn("uow/b", "uow-4"), { version: 3, how: ["statement", "transaction"] });

        // Predicted version 6, but the secret was removed.
        await sql("DELETE FROM secrets WHERE path = 'uow/a'");
        await sql("DELETE FROM secret_metadata WHERE path = 'uow/a'");
        assert.deepEqual(await putIn("uow/a", "uow-5"), { version: 1, how: ["statement", "transaction"] });
        assert.equal(await stored("uow/a", 1), "sealed for version 1 after 0");
      });

      test("settings changed behind the prediction are seen: the precondition check and retention use the real ones", async () => {
        await putIn("uow/c", "uow-6");
        await sql("UPDATE secret_metadata SET cas_required = true, max_versions = 1 WHERE path = 'uow/c'");
        const seen: boolean[] = [];
        const refused = putIn("uow/c", "uow-7", (s) => {
          seen.push(s.casRequired);
          if (s.casRequired) throw new Error("requires check-and-set");
        });
        await assert.rejects(refused, /requires check-and-set/);
        assert.deepEqual(seen, [false, true], "checked against the prediction, then decided on the real state");
        assert.equal(await current("uow/c"), 1, "nothing was written");
        assert.equal(await records("uow-7"), 0, "a change that failed leaves its unit's record unwritten (the RPC step records the failure)");

        await sql("UPDATE secret_metadata SET cas_required = false WHERE path = 'uow/c'");
        await putIn("uow/c", "uow-8");
        assert.deepEqual(await t.db.db.map("SELECT version FROM secrets WHERE path = 'uow/c'", [], (r: { version: number }) => r.version), [2], "max_versions 1");
      });

      test("concurrent puts to one path: distinct versions, each with exactly one record", async () => {
        const n = 24;
        const results = await Promise.all(Array.from({ length: n }, (_, i) => putIn("uow/race", `race-${i}`)));
        assert.deepEqual(results.map((r) => r.version).sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i + 1));
        for (let i = 0; i < n; i++) assert.equal(await records(`race-${i}`), 1, `race-${i}`);
        // The last 10 are kept (the limit given to put).
        for (const r of results.filter((x) => x.version > n - 10)) assert.equal(await stored("uow/race", r.version), `sealed for version ${r.version} after ${r.version - 1}`);
        assert.equal((await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM secrets WHERE path = 'uow/race'")).n, 10);
      });
    });

    describe("through gRPC", () => {
      test("check-and-set is decided on the real state: a stale prediction gives neither a false failure nor a false success", async () => {
        assert.equal((await put(c, "stale/x", { v: "1" })).version, 1);
        await sql("UPDATE secret_metadata SET current_version = 3 WHERE path = 'stale/x'"); // this Nexus expects 1
        assert.equal((await put(c, "stale/x", { v: "4" }, 3)).version, 4, "cas 3 is right although the prediction said 1");
        const read = await get(c, "stale/x");
        assert.deepEqual([read.data, read.version], [{ v: "4" }, 4], "sealed for the version it was written as");
        await sql("UPDATE secret_metadata SET current_version = 5 WHERE path = 'stale/x'"); // this Nexus expects 4
        await rejects(put(c, "stale/x", { v: "x" }, 4), grpc.status.FAILED_PRECONDITION, /cas 4, current version 5/);
        assert.equal(await current("stale/x"), 5, "the refused put wrote nothing");
        await rejects(put(c, "stale/x", { v: "x" }, 0), grpc.status.FAILED_PRECONDITION, /already exists \(current version 5\)/);
        assert.equal((await put(c, "stale/x", { v: "6" }, 5)).version, 6);
      });

      test("cas_required changed behind the prediction, both ways", async () => {
        await put(c, "stale/req", { v: "1" });
        await sql("UPDATE secret_metadata SET cas_required = true WHERE path = 'stale/req'");
        await rejects(put(c, "stale/req", { v: "2" }), grpc.status.INVALID_ARGUMENT, /requires check-and-set/);
        await sql("UPDATE secret_metadata SET cas_required = false WHERE path = 'stale/req'"); // this Nexus saw true
        assert.equal((await put(c, "stale/req", { v: "2" })).version, 2);
        assert.equal(await current("stale/req"), 2);
      });

      test("every put's audit record is written once, with its change", async () => {
        const before = (await t.db.db.one<{ n: number }>(
          "SELECT ((SELECT count(*) FROM audit_pending WHERE resource = 'audited/once') + (SELECT count(*) FROM audit_log WHERE resource = 'audited/once'))::int AS n",
        )).n;
        assert.equal(before, 0);
        await Promise.all(Array.from({ length: 16 }, (_, i) => put(c, "audited/once", { i: String(i) })));
        await sql("UPDATE secret_metadata SET current_version = current_version + 1 WHERE path = 'audited/once'");
        await put(c, "audited/once", { i: "after a wrong prediction" });
        const n = await t.db.db.one<{ n: number }>(
          "SELECT ((SELECT count(*) FROM audit_pending WHERE resource = 'audited/once' AND action = 'secret.write' AND outcome = 'ok') + (SELECT count(*) FROM audit_log WHERE resource = 'audited/once' AND action = 'secret.write' AND outcome = 'ok'))::int AS n",
        );
        assert.equal(n.n, 17);
      });
    });
  });
}
