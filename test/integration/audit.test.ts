// The audit log end to end: every call leaves a chained row (allowed, denied, failed), rows never hold secret
// values or tokens, Verify finds edited, deleted and inserted rows by sequence, a failing audit insert fails the
// call (a secret read then returns nothing), concurrent writers keep one chain, and a prune keeps it verifiable.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { unavailable } from "../../lib/errors.js";
import { toTimestamp } from "../../lib/timestamp.js";
import { chainHash } from "../../nexus/audit/chain.js";
import { AuditLog } from "../../nexus/audit/log.js";
import { AuditRepository } from "../../nexus/store/audit-repository.js";
import type { AuditExportResponse__Output } from "../../proto/types/spike/v1/AuditExportResponse.js";
import type { AuditTailResponse__Output } from "../../proto/types/spike/v1/AuditTailResponse.js";
import type { AuditVerifyResponse__Output } from "../../proto/types/spike/v1/AuditVerifyResponse.js";
import type { AuditVerifyResult__Output } from "../../proto/types/spike/v1/AuditVerifyResult.js";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { TD, startTestNexus, type TestNexus, cliEnvFor } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";
import { run } from "../harness/processes.js";

type Conn = NexusConnection;
const SUPERUSER = `spiffe://${TD}/spike/pilot/role/superuser`;
const WORKLOAD = `spiffe://${TD}/workload/billing`;

const put = (c: Conn, path: string, data: Record<string, string>) =>
  unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data, customMetadata: null }, md, o, cb));
const get = (c: Conn, path: string) =>
  unary<{ data: Record<string, string> }>((md, o, cb) => c.secrets.Get({ path, version: 0 }, md, o, cb));

function collect<T>(stream: grpc.ClientReadableStream<T>, until?: (m: T, all: T[]) => boolean): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const all: T[] = [];
    stream.on("data", (m: T) => {
      all.push(m);
      if (until?.(m, all)) {
        stream.cancel();
        resolve(all);
      }
    });
    stream.on("error", (err: grpc.ServiceError) => (err.code === grpc.status.CANCELLED ? resolve(all) : reject(err)));
    stream.on("end", () => resolve(all));
  });
}

async function verify(c: Conn, from = 0, to = 0): Promise<AuditVerifyResult__Output> {
  const msgs = await collect<AuditVerifyResponse__Output>(c.audit.Verify({ fromSequence: from, toSequence: to }));
  const last = msgs.at(-1)?.result;
  assert.ok(last, "Verify ends with a result");
  return last;
}

async function rejects(p: Promise<unknown>, codes: grpc.status[]): Promise<grpc.ServiceError> {
  let caught: grpc.ServiceError | undefined;
  await assert.rejects(p, (err: grpc.ServiceError) => {
    assert.ok(codes.includes(err.code), `${grpc.status[err.code]}: ${err.details}`);
    caught = err;
    return true;
  });
  return caught as grpc.ServiceError;
}

interface Row {
  sequence: number;
  caller: string;
  action: string;
  resource: string;
  outcome: string;
  request_id: string;
}

for (const backend of backends()) {
  describe(`audit log on ${backend}`, () => {
    let t: TestNexus;
    let su: Conn;
    let workload: Conn;
    let adminToken = "";
    // Records are sealed into the chain shortly after their calls (ADR 0016); seal now, as Nexus's readers do.
    const seal = (): Promise<number> => new AuditRepository(t.db.db).seal(1_000_000, chainHash, true);
    const rows = async (where = "TRUE", params: unknown[] = []): Promise<Row[]> =>
      (await seal(), await t.db.db.any<Row & { sequence: string }>(`SELECT sequence, caller, action, resource, outcome, request_id FROM audit_log WHERE ${where} ORDER BY sequence`, params))
        .map((r) => ({ ...r, sequence: Number(r.sequence) }));
    const newest = async (): Promise<number> => (await seal(), Number((await t.db.db.one<{ s: string }>("SELECT sequence AS s FROM audit_head")).s));

    before(async () => {
      // These tests edit the chain by hand between calls: no background seal may race them.
      t = await startTestNexus(backend, {}, { auditSealOnReadOnly: true });
      su = t.superuser;
      workload = await t.connectAs(WORKLOAD);
      const created = await unary<{ token: string }>((md, o, cb) => su.adminTokens.Create({ adminToken: "", name: "audit-test", expireTime: null }, md, o, cb));
      adminToken = created.token;
    });
    after(async () => {
      await t?.close();
    });

    test("allowed, denied and failed calls each leave a row with caller, action, resource and outcome", async () => {
      await put(su, "apps/audit/db", { password: "hunter2" });
      await get(su, "apps/audit/db");
      await rejects(get(su, "apps/audit/absent"), [grpc.status.NOT_FOUND]);
      await rejects(collect(workload.audit.Tail({ sinceSequence: 0, last: 5, follow: false })), [grpc.status.PERMISSION_DENIED]);
      await rejects(get(workload, "apps/audit/db"), [grpc.status.PERMISSION_DENIED]);
      const all = await rows();
      const find = (action: string, resource: string, outcome: string, caller: string): Row | undefined =>
        all.find((r) => r.action === action && r.resource === resource && r.outcome === outcome && r.caller === caller);
      assert.ok(find("secret.write", "apps/audit/db", "ok", SUPERUSER), "the write");
      assert.ok(find("secret.read", "apps/audit/db", "ok", SUPERUSER), "the read");
      assert.ok(find("secret.read", "apps/audit/absent", "NOT_FOUND", SUPERUSER), "the failed read");
      assert.ok(find("audit.tail", "", "denied", WORKLOAD), "the denied tail");
      assert.ok(find("secret.read", "apps/audit/db", "denied", WORKLOAD), "the denied read");
      assert.deepEqual(all.map((r) => r.sequence), all.map((_, i) => i + 1), "sequences are 1, 2, 3... without gaps");
      assert.equal(new Set(all.map((r) => r.request_id)).size, all.length, "one request id per call");
      assert.equal((await verify(su)).ok, true);
    });

    test("no audit row holds a secret value, an admin token or its hex", async () => {
      const marker = `audit-marker-${backend}-${Date.now()}`;
      await put(su, "apps/audit/marker", { k: marker });
      await get(su, "apps/audit/marker");
      const second = await unary<{ token: string }>((md, o, cb) => su.adminTokens.Create({ adminToken, name: "second", expireTime: null }, md, o, cb));
      await unary((md, o, cb) => su.secrets.DestroyPrefix({ prefix: "apps/nothing/", adminToken: second.token, dryRun: true }, md, o, cb));
      const dump = await t.db.db.any<{ row: string }>("SELECT t::text AS row FROM audit_log t UNION ALL SELECT p::text FROM audit_pending p");
      assert.ok(dump.length > 0);
      for (const secret of [marker, adminToken, second.token]) {
        const hex = Buffer.from(secret).toString("hex");
        for (const { row } of dump) {
          assert.ok(!row.includes(secret), `an audit row holds ${secret.slice(0, 12)}...`);
          assert.ok(!row.includes(hex), "an audit row holds a secret's bytes");
        }
      }
    });

    test("Tail gives the newest records, resumes after a sequence, and follows new ones", async () => {
      const head = await newest();
      const last3 = await collect<AuditTailResponse__Output>(su.audit.Tail({ sinceSequence: 0, last: 3, follow: false }));
      assert.deepEqual(last3.map((m) => m.record?.sequence), [head - 2, head - 1, head]);
      const since = await collect<AuditTailResponse__Output>(su.audit.Tail({ sinceSequence: head - 1, last: 0, follow: false }));
      assert.deepEqual(since.map((m) => m.record?.sequence).slice(0, 1), [head]);
      await rejects(collect(su.audit.Tail({ sinceSequence: 0, last: 10_001, follow: false })), [grpc.status.INVALID_ARGUMENT]);
      await rejects(collect(su.audit.Tail({ sinceSequence: head + 1000, last: 0, follow: false })), [grpc.status.INVALID_ARGUMENT, grpc.status.OUT_OF_RANGE]);
      const followed = collect<AuditTailResponse__Output>(su.audit.Tail({ sinceSequence: 0, last: 1, follow: true }), (m) => m.record?.action === "secret.write" && m.record.resource === "apps/audit/followed");
      await new Promise((r) => setTimeout(r, 300));
      await put(su, "apps/audit/followed", { v: "1" });
      const got = await followed;
      const rec = got.at(-1)?.record;
      assert.equal(rec?.callerSpiffeId, SUPERUSER);
      assert.equal(rec?.outcome, "AUDIT_OUTCOME_OK");
      assert.equal(rec?.hash.length, 32);
    });

    test("Export streams the anchor first, then the records oldest first", async () => {
      const msgs = await collect<AuditExportResponse__Output>(su.audit.Export({ fromSequence: 0, toSequence: 0, startTime: null, endTime: null }));
      assert.ok(msgs[0]?.anchor, "the anchor comes first");
      const seqs = msgs.slice(1).map((m) => m.record?.sequence);
      assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
      const ranged = await collect<AuditExportResponse__Output>(su.audit.Export({ fromSequence: 2, toSequence: 4, startTime: null, endTime: null }));
      assert.deepEqual(ranged.slice(1).map((m) => m.record?.sequence), [2, 3, 4]);
      await rejects(collect(su.audit.Export({ fromSequence: 5, toSequence: 2, startTime: null, endTime: null })), [grpc.status.INVALID_ARGUMENT]);
    });

    test("a row edited directly in SQL is found by Verify, naming its sequence", async () => {
      const target = 3;
      const [original] = await rows("sequence = $1", [target]);
      assert.ok(original);
      await t.db.db.none("UPDATE audit_log SET resource = 'apps/innocent' WHERE sequence = $1", [target]);
      const r = await verify(su);
      assert.equal(r.ok, false);
      assert.equal(r.brokenSequence, target);
      assert.equal(r.reason, "AUDIT_CHAIN_BREAK_EDITED");
      await t.db.db.none("UPDATE audit_log SET resource = $2 WHERE sequence = $1", [target, original.resource]);
      assert.equal((await verify(su)).ok, true, "restored");
    });

    test("a deleted row is found by Verify, naming the missing sequence (in the middle and at the end)", async () => {
      const saved = await t.db.db.one<Record<string, unknown>>("SELECT * FROM audit_log WHERE sequence = 4");
      await t.db.db.none("DELETE FROM audit_log WHERE sequence = 4");
      let r = await verify(su);
      assert.deepEqual([r.ok, r.brokenSequence, r.reason], [false, 4, "AUDIT_CHAIN_BREAK_MISSING"]);
      await t.db.db.none("INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1::json)", [JSON.stringify({ ...saved, prev_hash: `\\x${(saved.prev_hash as Buffer).toString("hex")}`, hash: `\\x${(saved.hash as Buffer).toString("hex")}` })]);
      assert.equal((await verify(su)).ok, true, "restored");

      // The newest row: Verify's own record is written after it answers, so the head is read first.
      const head = await newest();
      const last = await t.db.db.one<Record<string, unknown>>("SELECT * FROM audit_log WHERE sequence = $1", [head]);
      await t.db.db.none("DELETE FROM audit_log WHERE sequence = $1", [head]);
      r = await verify(su, 0, head);
      assert.deepEqual([r.ok, r.brokenSequence, r.reason], [false, head, "AUDIT_CHAIN_BREAK_MISSING"]);
      await t.db.db.none("INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1::json)", [JSON.stringify({ ...last, prev_hash: `\\x${(last.prev_hash as Buffer).toString("hex")}`, hash: `\\x${(last.hash as Buffer).toString("hex")}` })]);
      assert.equal((await verify(su)).ok, true, "restored");
    });

    test("an inserted row is found by Verify: in the middle (relinked) and after the head (written outside Nexus)", async () => {
      const k = 5;
      const prev = await t.db.db.one<{ hash: Buffer }>("SELECT hash FROM audit_log WHERE sequence = $1", [k - 1]);
      const forged = { sequence: k, time: new Date(), caller: SUPERUSER, action: "secret.read", resource: "apps/forged", outcome: "ok", requestId: "forged", durationMicros: 1, prevHash: prev.hash };
      const insert = async (row: typeof forged): Promise<void> => {
        await t.db.db.none(
          "INSERT INTO audit_log (sequence, recorded_at, caller, action, resource, outcome, request_id, duration_micros, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
          [row.sequence, row.time, row.caller, row.action, row.resource, row.outcome, row.requestId, row.durationMicros, row.prevHash, chainHash(row)],
        );
      };
      // Make room at k (two steps: a one-statement shift would collide on the primary key), then a well-formed forgery.
      await t.db.db.none("UPDATE audit_log SET sequence = sequence + 1000000 WHERE sequence >= $1", [k]);
      await t.db.db.none("UPDATE audit_log SET sequence = sequence - 999999 WHERE sequence >= 1000000");
      await insert(forged);
      // The shifted rows now occupy the sequence the next seal would give, so new records stay pending (durable,
      // not chained) until this is repaired, and Verify still reports the break.
      await get(su, "apps/audit/db");
      await assert.rejects(seal(), /duplicate key/);
      // Background sealing reports this once (it is news: a working database refuses the seal); a database that is
      // merely not open yet is not reported.
      const heard: unknown[] = [];
      const notOpen: unknown[] = [];
      const watcher = new AuditLog(() => t.db.db, (err) => heard.push(err));
      const starting = new AuditLog(() => {
        throw unavailable("database not ready: connecting to the database");
      }, (err) => notOpen.push(err));
      await sleep(2300); // two background sweeps
      watcher.close();
      starting.close();
      assert.equal(heard.length, 1, "reported once, not at every sweep");
      assert.match(String(heard[0]), /duplicate key/);
      assert.deepEqual(notOpen, []);
      const r0 = await verify(su);
      assert.deepEqual([r0.ok, r0.brokenSequence, r0.reason], [false, k + 1, "AUDIT_CHAIN_BREAK_RELINKED"], r0.detail);
      assert.ok(Number((await t.db.db.one<{ n: string }>("SELECT count(*) AS n FROM audit_pending")).n) >= 2, "the records wait, pending");
      await t.db.db.none("DELETE FROM audit_log WHERE sequence = $1", [k]);
      await t.db.db.none("UPDATE audit_log SET sequence = sequence + 1000000 WHERE sequence > $1", [k]);
      await t.db.db.none("UPDATE audit_log SET sequence = sequence - 1000001 WHERE sequence >= 1000000");
      assert.equal((await verify(su)).ok, true, "restored");

      // Appended beyond the head, correctly hashed, but Nexus never moved its head there. (Right after the head it
      // would also stop every audited call: the next append collides with it, and fails closed.)
      const headRow = await t.db.db.one<{ sequence: string; hash: Buffer }>("SELECT sequence, hash FROM audit_head");
      const stray = { ...forged, sequence: Number(headRow.sequence) + 1000, prevHash: headRow.hash };
      await insert(stray);
      const r = await verify(su);
      assert.deepEqual([r.ok, r.brokenSequence, r.reason], [false, stray.sequence, "AUDIT_CHAIN_BREAK_RELINKED"], r.detail);
      await t.db.db.none("DELETE FROM audit_log WHERE sequence = $1", [stray.sequence]);
      assert.equal((await verify(su)).ok, true, "restored");
    });

    test("when the audit row cannot be written the call fails, and a secret read returns no value", async () => {
      await put(su, "apps/audit/guarded", { password: "never-leaves" });
      await t.db.db.none(`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store refuses writes'; END $$`);
      await t.db.db.none("CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_refuse()");
      const before = await newest();
      try {
        let value: unknown;
        const err = await rejects(get(su, "apps/audit/guarded").then((r) => (value = r)), [grpc.status.INTERNAL, grpc.status.UNAVAILABLE]);
        assert.equal(value, undefined, "no answer left");
        assert.doesNotMatch(err.details, /never-leaves/);
        assert.doesNotMatch(JSON.stringify(err.metadata.getMap()), /never-leaves/);
        await rejects(put(su, "apps/audit/guarded", { password: "x" }), [grpc.status.INTERNAL, grpc.status.UNAVAILABLE]);
        // A call that fails anyway keeps its own status.
        await rejects(get(workload, "apps/audit/guarded"), [grpc.status.PERMISSION_DENIED]);
      } finally {
        await t.db.db.none("DROP TRIGGER audit_refuse ON audit_pending");
        await t.db.db.none("DROP FUNCTION audit_refuse()");
      }
      assert.equal(await newest(), before, "the refused appends moved nothing");
      assert.deepEqual((await get(su, "apps/audit/guarded")).data, { password: "never-leaves" }, "the refused write was rolled back with its record (ADR 0016)");
      assert.equal((await verify(su)).ok, true);
    });

    test("read records commit in both SPIKE_NEXUS_AUDIT_READ_COMMIT modes, visible before record() resolves, and a refused insert rejects in both (ADR 0031)", async () => {
      const entry = (mode: string, i: number) => ({ caller: SUPERUSER, action: "test.read_commit", resource: `${mode}/${i}`, outcome: "ok", requestId: `${mode}-${i}-${backend}`, durationMicros: 1 });
      const pendingOrSealed = async (resource: string): Promise<number> =>
        Number((await t.db.db.one<{ n: string }>("SELECT (SELECT count(*) FROM audit_pending WHERE resource = $1) + (SELECT count(*) FROM audit_log WHERE resource = $1) AS n", [resource])).n);
      for (const mode of ["async", "sync"] as const) {
        const log = new AuditLog(() => t.db.db, () => undefined, false, mode);
        try {
          await Promise.all([log.record(entry(mode, 0)), log.record(entry(mode, 1)), log.record(entry(mode, 2), "ceremony")]);
          for (const i of [0, 1, 2]) assert.equal(await pendingOrSealed(`${mode}/${i}`), 1, `${mode}: record ${i} is committed once record() resolves`);
          await t.db.db.none(`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store refuses writes'; END $$`);
          await t.db.db.none("CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_pending FOR EACH ROW EXECUTE FUNCTION audit_refuse()");
          try {
            await assert.rejects(log.record(entry(mode, 3)), /refuses writes/, `${mode}: a refused read record rejects`);
            await assert.rejects(log.record(entry(mode, 4), "ceremony"), /refuses writes/, `${mode}: a refused ceremony record rejects`);
          } finally {
            await t.db.db.none("DROP TRIGGER audit_refuse ON audit_pending");
            await t.db.db.none("DROP FUNCTION audit_refuse()");
          }
          assert.equal(await pendingOrSealed(`${mode}/3`), 0);
        } finally {
          log.close();
        }
      }
      assert.equal((await verify(su)).ok, true);
    });

    test("an asynchronous pending insert turns synchronous_commit off for its own transaction only", async () => {
      const repo = new AuditRepository(t.db.db);
      const entry = { caller: SUPERUSER, action: "test.read_commit", resource: "setting", outcome: "ok", requestId: `setting-${backend}`, durationMicros: 1 };
      // In a transaction the setting is visible after the statement: this is what its commit reads.
      const inside = await t.db.db.tx(async (c) => {
        await repo.insertPendingIn(c, [entry], new Date(), { synchronous: false });
        return (await c.one<{ v: string }>("SELECT current_setting('synchronous_commit') AS v")).v;
      });
      assert.equal(inside, "off");
      // As a statement of its own (how a group of read records is written), it ends with that statement.
      const afterwards = await t.db.db.task(async (c) => {
        await repo.insertPendingIn(c, [entry], new Date(), { synchronous: false });
        return (await c.one<{ v: string }>("SELECT current_setting('synchronous_commit') AS v")).v;
      });
      assert.equal(afterwards, "on", "the connection goes back to the pool as it was");
      const synchronous = await t.db.db.tx(async (c) => {
        await repo.insertPendingIn(c, [entry], new Date(), { synchronous: true });
        return (await c.one<{ v: string }>("SELECT current_setting('synchronous_commit') AS v")).v;
      });
      assert.equal(synchronous, "on");
      assert.equal((await verify(su)).ok, true);
    });

    test("concurrent writers (RPCs and a second writer on its own pool connections) keep one gapless, valid chain", async () => {
      const start = await newest();
      const other = new AuditLog(() => t.db.db);
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => put(su, `apps/audit/concurrent/${i % 4}`, { v: String(i) })),
        ...Array.from({ length: 20 }, (_, i) => other.record({ caller: "spiffe://spike.ist/other-nexus", action: "test.concurrent", resource: String(i), outcome: "ok", requestId: `r${i}`, durationMicros: 0 })),
      ]);
      other.close();
      const after = await rows("sequence > $1", [start]);
      assert.equal(after.length, 40);
      assert.deepEqual(after.map((r) => r.sequence), after.map((_, i) => start + i + 1));
      const r = await verify(su);
      assert.equal(r.ok, true, r.detail);
    });

    test("prune needs an admin token, deletes a prefix, and the rest still verifies from the anchor", async () => {
      const cut = new Date(Date.now() + 0);
      await new Promise((r) => setTimeout(r, 20));
      await put(su, "apps/audit/after-cut", { v: "1" });
      const prune = (token: string, dryRun: boolean) =>
        unary<{ pruned: number; anchor: { sequence: number; hash: Buffer } | null }>((md, o, cb) => su.audit.Prune({ adminToken: token, before: toTimestamp(cut), dryRun }, md, o, cb));
      await rejects(prune("", false), [grpc.status.PERMISSION_DENIED]);
      await rejects(unary((md, o, cb) => su.audit.Prune({ adminToken, before: toTimestamp(new Date(Date.now() + 3_600_000)), dryRun: false }, md, o, cb)), [grpc.status.INVALID_ARGUMENT]);
      const total = (await rows()).length;
      const dry = await prune(adminToken, true);
      assert.ok(dry.pruned > 0);
      assert.equal((await rows()).length > total, true, "a dry run deletes nothing");
      const done = await prune(adminToken, false);
      assert.ok(done.pruned >= dry.pruned);
      const kept = await rows();
      const anchorSeq = done.anchor?.sequence ?? 0;
      assert.equal(kept[0]?.sequence, anchorSeq + 1, "a prefix was deleted");
      assert.ok(kept.some((r) => r.action === "audit.prune" && r.outcome === "ok" && r.caller === SUPERUSER), "the prune is audited");
      assert.ok(kept.some((r) => r.action === "audit.prune" && r.outcome === "denied"), "the refused prune is audited");
      const r = await verify(su);
      assert.equal(r.ok, true, r.detail);
      assert.equal(r.anchor?.sequence, anchorSeq);
      assert.equal(r.firstSequence, anchorSeq + 1);
      // Tampering with the first kept row is still found.
      await t.db.db.none("UPDATE audit_log SET prev_hash = $1 WHERE sequence = $2", [Buffer.alloc(32, 7), anchorSeq + 1]);
      const broken = await verify(su);
      assert.deepEqual([broken.ok, broken.brokenSequence, broken.reason], [false, anchorSeq + 1, "AUDIT_CHAIN_BREAK_ANCHOR"]);
    });

    test("only the superuser may use the audit service", async () => {
      await rejects(collect(workload.audit.Verify({ fromSequence: 0, toSequence: 0 })), [grpc.status.PERMISSION_DENIED]);
      await rejects(collect(workload.audit.Export({ fromSequence: 0, toSequence: 0, startTime: null, endTime: null })), [grpc.status.PERMISSION_DENIED]);
      await rejects(unary((md, o, cb) => workload.audit.Prune({ adminToken, before: toTimestamp(new Date()), dryRun: true }, md, o, cb)), [grpc.status.PERMISSION_DENIED]);
    });
  });
}

describe("spike audit (the CLI as a real process)", () => {
  let t: TestNexus;
  let dir: string;
  let env: Record<string, string> = {};
  const spike = (args: string[]) => run("pilot", args, env);

  before(async () => {
    t = await startTestNexus(backends()[0] ?? "pglite");
    dir = mkdtempSync(join(tmpdir(), "spike-audit-cli-"));
    env = await cliEnvFor(t, dir, "superuser", SUPERUSER);

    const created = await unary<{ token: string }>((md, o, cb) => t.superuser.adminTokens.Create({ adminToken: "", name: "cli", expireTime: null }, md, o, cb));
    writeFileSync(join(dir, "admin-token"), `${created.token}\n`, { mode: 0o600 });
    await put(t.superuser, "apps/cli/db", { password: "cli-secret" });
  });
  after(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("tail, export and verify print parseable output; a broken chain exits 8 naming the sequence; prune needs the token", async () => {
    const tail = await spike(["audit", "tail", "--last", "2", "--format", "json"]);
    assert.equal(tail.code, 0, tail.stderr);
    const lines = tail.stdout.trim().split("\n").map((l) => JSON.parse(l) as { sequence: number; action: string });
    assert.equal(lines.length, 2);

    const exported = await spike(["audit", "export", "--format", "json"]);
    assert.equal(exported.code, 0, exported.stderr);
    const doc = JSON.parse(exported.stdout) as { anchor: { sequence: number }; records: Array<{ sequence: number; action: string; resource: string; hash: string }> };
    assert.equal(doc.anchor.sequence, 0);
    assert.ok(doc.records.some((r) => r.action === "secret.write" && r.resource === "apps/cli/db"));
    assert.ok(doc.records.every((r) => /^[0-9a-f]{64}$/.test(r.hash)));

    const ok = await spike(["audit", "verify"]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /intact/);

    await t.db.db.none("UPDATE audit_log SET caller = 'spiffe://spike.ist/someone-else' WHERE sequence = 2");
    const broken = await spike(["audit", "verify", "--format", "json"]);
    assert.equal(broken.code, 8);
    assert.match(broken.stderr, /broken at record 2/);
    assert.equal((JSON.parse(broken.stdout) as { brokenSequence: number; reason: string }).reason, "edited");

    const noToken = await run("pilot", ["audit", "prune", "--before", new Date().toISOString()], env);
    assert.equal(noToken.code, 2, "no admin token: a usage error");
    const dry = await spike(["audit", "prune", "--before", new Date().toISOString(), "--dry-run", "--admin-token-file", join(dir, "admin-token"), "--format", "json"]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.ok((JSON.parse(dry.stdout) as { pruned: number }).pruned > 0);
  });
});
