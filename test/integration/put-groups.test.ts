// Group-committed puts (ADR 0033): one-statement puts ready in the same event-loop turn go as one multi-row
// statement. These tests check that groups really form, that each row's prediction is judged on its own (a wrong
// one writes nothing and falls back alone, the others commit with their records), that a refused group falls back
// member by member, and that two writers on overlapping paths lose nothing and do not deadlock.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { unary, type NexusConnection } from "../../pilot/client/connect.js";
import { AuditRepository, joinPending, pendingInsert, type AuditEntry } from "../../nexus/store/audit-repository.js";
import { SecretsRepository, type PutState } from "../../nexus/store/secrets-repository.js";
import { runUnitOfWork, type UnitRecord } from "../../nexus/store/unit-of-work.js";
import { startTestNexus, type TestNexus } from "../harness/nexus.js";
import { backends } from "../harness/postgres.js";

type Conn = NexusConnection;
const put = (c: Conn, path: string, data: Record<string, string>) => unary<{ version: number }>((md, o, cb) => c.secrets.Put({ path, data }, md, o, cb));
const getVersion = (c: Conn, path: string, version: number) =>
  unary<{ data: Record<string, string>; version: number }>((md, o, cb) => c.secrets.Get({ path, version }, md, o, cb));

for (const backend of backends()) {
  describe(`group-committed puts on ${backend}`, () => {
    let t: TestNexus;
    let repo: SecretsRepository;
    let audit: AuditRepository;
    const sql = (text: string, values: unknown[] = []) => t.db.db.none(text, values);
    const current = async (path: string): Promise<number | undefined> =>
      (await t.db.db.oneOrNone<{ v: number }>("SELECT current_version AS v FROM secret_metadata WHERE path = $1", [path]))?.v;
    /** The transaction ids that wrote the records of `requestIds` (pending; nothing seals in these tests' database). */
    const writers = async (requestIds: readonly string[]): Promise<string[]> =>
      (await t.db.db.any<{ x: string }>("SELECT xmin::text AS x FROM audit_pending WHERE request_id = ANY($1)", [requestIds])).map((r) => r.x);
    const records = async (requestId: string): Promise<number> =>
      (await t.db.db.one<{ n: number }>(
        "SELECT ((SELECT count(*) FROM audit_pending WHERE request_id = $1) + (SELECT count(*) FROM audit_log WHERE request_id = $1))::int AS n",
        [requestId],
      )).n;
    const stored = async (path: string, version: number): Promise<string | undefined> =>
      (await t.db.db.oneOrNone<{ c: Buffer }>("SELECT ciphertext AS c FROM secrets WHERE path = $1 AND version = $2", [path, version]))?.c.toString();
    const versions = async (path: string): Promise<number[]> =>
      t.db.db.map("SELECT version FROM secrets WHERE path = $1 ORDER BY version", [path], (r: { version: number }) => r.version);

    before(async () => {
      t = await startTestNexus(backend, { SPIKE_NEXUS_MAX_SECRET_VERSIONS: "10" });
      repo = new SecretsRepository(t.db.db);
      audit = new AuditRepository(t.db.db);
    });
    after(async () => {
      await t?.close();
    });

    const entry = (requestId: string, resource: string): AuditEntry => ({ caller: "spiffe://spike.ist/test", action: "secret.write", resource, outcome: "ok", requestId, durationMicros: 1 });
    /** A unit's record that notes how it went: in a (group) statement, or on the put's own transaction. */
    const recorded = (requestId: string, resource: string, how: string[]): UnitRecord => ({
      write: async (q) => {
        how.push("transaction");
        await audit.insertPendingIn(q, [entry(requestId, resource)], new Date());
      },
      insert: (first, when) => {
        how.push("statement");
        return pendingInsert([entry(requestId, resource)], new Date(), first, when);
      },
      join: (group, ordinal) => {
        how.push("statement");
        return joinPending(group, entry(requestId, resource), ordinal);
      },
    });
    /** The stored "ciphertext" names the state it was sealed for. */
    const sealer = async () => (s: PutState) => Buffer.from(`sealed for version ${s.version} after ${s.previousVersion}`);
    const putIn = async (path: string, requestId: string, opts: { metadata?: Record<string, string> } = {}) => {
      const how: string[] = [];
      const r = await runUnitOfWork(t.db.db, () => repo.put(path, opts.metadata, 10, sealer), recorded(requestId, path, how));
      return { version: r.version, how };
    };
    const stats = (r = repo) => ({ ...r.putGroupStats });

    test("puts started together go as one statement, and their records commit in its one transaction", async () => {
      const before = stats();
      const ids = Array.from({ length: 8 }, (_, i) => `together-${i}`);
      const results = await Promise.all(ids.map((id, i) => putIn(`together/${i}`, id)));
      assert.deepEqual(results, ids.map(() => ({ version: 1, how: ["statement"] })));
      const after = stats();
      assert.equal(after.statements - before.statements, 1, "one statement for all eight");
      assert.equal(after.members - before.members, 8);
      assert.equal(new Set(await writers(ids)).size, 1, "all eight records were written by one transaction");
      for (const id of ids) assert.equal(await records(id), 1);
    });

    test("two puts to one path never share a group; a lone put is a group of one", async () => {
      await putIn("same/x", "same-0");
      const before = stats();
      const [a, b] = await Promise.all([putIn("same/x", "same-1"), putIn("same/x", "same-2")]);
      const after = stats();
      assert.equal(after.statements - before.statements, 2, "the second went in the next group");
      // Both predicted version 1; the first group wrote 2, so the second's row wrote nothing and it fell back.
      assert.deepEqual([a, b], [{ version: 2, how: ["statement"] }, { version: 3, how: ["statement", "transaction"] }]);
      assert.equal(await stored("same/x", 3), "sealed for version 3 after 2");
      const lone = stats();
      await putIn("same/x", "same-3");
      assert.deepEqual([stats().statements - lone.statements, stats().members - lone.members], [1, 1]);
    });

    test("right and wrong predictions in one group: each row is judged alone", async () => {
      // Setup, one put each (hints: version 1, or 2 for max), then the database is changed behind the hints.
      for (const p of ["mix/right", "mix/version", "mix/deleted", "mix/cas", "mix/max", "mix/meta"]) await putIn(p, `setup-${p}`);
      await putIn("mix/max", "setup-mix/max-2");
      await sql("UPDATE secret_metadata SET current_version = 4 WHERE path = 'mix/version'");
      await sql("DELETE FROM secret_metadata WHERE path = 'mix/deleted'"); // versions go with it (ON DELETE CASCADE)
      await sql("UPDATE secret_metadata SET cas_required = true WHERE path = 'mix/cas'");
      await sql("UPDATE secret_metadata SET max_versions = 1 WHERE path = 'mix/max'");
      await sql("INSERT INTO secret_metadata (path, current_version) VALUES ('mix/exists', 2)"); // predicted new
      await sql("UPDATE secret_metadata SET custom_metadata = '{\"kept\": \"yes\"}' WHERE path = 'mix/meta'"); // not predicted: no effect

      const before = stats();
      const [right, version, deleted, cas, max, fresh, exists, meta] = await Promise.all([
        putIn("mix/right", "mix-1"),
        putIn("mix/version", "mix-2"),
        putIn("mix/deleted", "mix-3"),
        putIn("mix/cas", "mix-4"),
        putIn("mix/max", "mix-5"),
        putIn("mix/new", "mix-6", { metadata: { fresh: "1" } }),
        putIn("mix/exists", "mix-7"),
        putIn("mix/meta", "mix-8"),
      ]);
      assert.equal(stats().statements - before.statements, 1, "the eight first attempts were one statement");

      const fast = ["statement"];
      const fellBack = ["statement", "transaction"];
      assert.deepEqual(right, { version: 2, how: fast });
      assert.deepEqual(version, { version: 5, how: fellBack });
      assert.deepEqual(deleted, { version: 1, how: fellBack });
      assert.deepEqual(cas, { version: 2, how: fellBack });
      assert.deepEqual(max, { version: 3, how: fellBack });
      assert.deepEqual(fresh, { version: 1, how: fast });
      assert.deepEqual(exists, { version: 3, how: fellBack });
      assert.deepEqual(meta, { version: 2, how: fast });

      // What was written is what each was sealed for; the wrong predictions wrote nothing of their own.
      assert.equal(await stored("mix/right", 2), "sealed for version 2 after 1");
      assert.equal(await stored("mix/version", 5), "sealed for version 5 after 4");
      assert.equal(await stored("mix/version", 2), undefined, "the predicted version was never written");
      assert.deepEqual(await versions("mix/deleted"), [1]);
      assert.equal(await stored("mix/deleted", 1), "sealed for version 1 after 0");
      assert.deepEqual(await versions("mix/max"), [3], "retention from the real max_versions (1)");
      assert.equal(await stored("mix/exists", 3), "sealed for version 3 after 2");
      assert.deepEqual(await versions("mix/exists"), [3]);
      const row = (path: string) => t.db.db.one<{ cas_required: boolean; max_versions: number; custom_metadata: Record<string, string> }>("SELECT * FROM secret_metadata WHERE path = $1", [path]);
      assert.deepEqual((await row("mix/new")).custom_metadata, { fresh: "1" });
      assert.deepEqual([(await row("mix/new")).cas_required, (await row("mix/new")).max_versions], [false, 0], "a new secret gets the defaults");
      assert.deepEqual((await row("mix/meta")).custom_metadata, { kept: "yes" }, "a put without custom metadata keeps it");
      assert.equal((await row("mix/cas")).cas_required, true);

      // Every put has exactly one record; the three right ones were written by the group's one transaction, the
      // others each by their own.
      const ids = ["mix-1", "mix-2", "mix-3", "mix-4", "mix-5", "mix-6", "mix-7", "mix-8"];
      for (const id of ids) assert.equal(await records(id), 1, id);
      const group = new Set(await writers(["mix-1", "mix-6", "mix-8"]));
      assert.equal(group.size, 1);
      assert.equal(new Set(await writers(ids)).size, 6);
    });

    test("a group the server refuses (an audit insert refused by a trigger): every member runs again alone", async () => {
      for (const p of ["refuse/a", "refuse/b", "refuse/me"]) await putIn(p, `setup-${p}`);
      await sql(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN
                   IF NEW.resource = 'refuse/me' THEN RAISE EXCEPTION 'audit refused for the test'; END IF;
                   RETURN NEW;
                 END $$`);
      await sql("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_pending FOR EACH ROW EXECUTE FUNCTION refuse_audit()");
      try {
        const before = stats();
        const settled = await Promise.allSettled([putIn("refuse/a", "refuse-1"), putIn("refuse/me", "refuse-2"), putIn("refuse/b", "refuse-3"), putIn("refuse/new", "refuse-4")]);
        assert.equal(stats().statements - before.statements, 1);
        const [a, me, b, fresh] = settled;
        assert.deepEqual(a, { status: "fulfilled", value: { version: 2, how: ["statement", "transaction"] } });
        assert.deepEqual(b, { status: "fulfilled", value: { version: 2, how: ["statement", "transaction"] } });
        assert.deepEqual(fresh, { status: "fulfilled", value: { version: 1, how: ["statement", "transaction"] } });
        assert.equal(me?.status, "rejected");
        assert.match(String((me as PromiseRejectedResult).reason), /audit refused for the test/);
        assert.equal(await current("refuse/me"), 1, "the refused put wrote nothing");
        assert.deepEqual(await versions("refuse/me"), [1]);
        for (const id of ["refuse-1", "refuse-3", "refuse-4"]) assert.equal(await records(id), 1, id);
        assert.equal(await records("refuse-2"), 0);
        assert.equal(await stored("refuse/a", 2), "sealed for version 2 after 1");
      } finally {
        await sql("DROP TRIGGER refuse_audit ON audit_pending");
        await sql("DROP FUNCTION refuse_audit()");
      }
    });

    test("a secret deleted after the group's snapshot saw it: the group is refused and its members run alone", { skip: backend !== "postgres" && "PGlite has one connection: no delete can wait beside the group" }, async () => {
      for (const p of ["race/x", "race/other"]) await putIn(p, `setup-${p}`);
      // A delete that is running when the group is sent: the group's snapshot still sees race/x, its insert waits
      // for the delete, then finds no row and inserts one (version 0), which the version insert refuses.
      let commit: () => void = () => undefined;
      const deleting = t.db.db.tx(async (tx) => {
        await tx.none("DELETE FROM secret_metadata WHERE path = 'race/x'");
        await new Promise<void>((resolve) => {
          commit = resolve;
        });
      });
      await new Promise((r) => setTimeout(r, 100)); // the delete has run
      const before = stats();
      const puts = Promise.all([putIn("race/x", "race-1"), putIn("race/other", "race-2")]);
      for (let i = 0; ; i++) {
        const waiting = await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
        if (waiting.n > 0) break;
        assert.ok(i < 200, "the group never waited for the delete");
        await new Promise((r) => setTimeout(r, 10));
      }
      commit();
      await deleting;
      const [x, other] = await puts;
      assert.deepEqual(stats().refused - before.refused, 1, "the group was refused");
      assert.deepEqual(x, { version: 1, how: ["statement", "transaction"] }, "race/x is new again");
      assert.deepEqual(other, { version: 2, how: ["statement", "transaction"] });
      assert.equal(await stored("race/x", 1), "sealed for version 1 after 0");
      assert.deepEqual([await records("race-1"), await records("race-2")], [1, 1]);
    });

    test("a row held long delays only its own put: the group stops waiting for it and its members run alone", { skip: backend !== "postgres" && "PGlite has one connection: nothing can hold a row beside the group" }, async () => {
      const paths = ["held/a", "held/b", "held/c", "held/d"];
      for (const p of paths) await putIn(p, `setup-${p}`);
      // Another session holds held/b's metadata row (an operator's SQL, a long DestroyPrefix).
      let locked: () => void = () => undefined;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      let release: () => void = () => undefined;
      const holding = t.db.db.tx(async (tx) => {
        await tx.any("SELECT 1 FROM secret_metadata WHERE path = 'held/b' FOR UPDATE");
        locked();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      });
      await isLocked;
      const before = stats();
      const done = new Set<string>();
      const puts = paths.map((p, i) => putIn(p, `held-${i}`).then((r) => {
        done.add(p);
        return r;
      }));
      try {
        const others = await Promise.all(puts.filter((_, i) => paths[i] !== "held/b"));
        assert.ok(!done.has("held/b"), "held/b's put waits for its row");
        assert.deepEqual(others, [1, 2, 3].map(() => ({ version: 2, how: ["statement", "transaction"] })), "the others answered, each alone");
        assert.equal(stats().refused - before.refused, 1, "the group gave up waiting once");
      } finally {
        release();
        await holding;
      }
      assert.deepEqual(await puts[1], { version: 2, how: ["statement", "transaction"] });
      for (const [i, p] of paths.entries()) {
        assert.equal(await stored(p, 2), "sealed for version 2 after 1");
        assert.equal(await records(`held-${i}`), 1);
      }
    });

    // A put locks a path's metadata row, then its versions (it prunes old ones). Removing a path must take them in
    // the same order, or a put and a removal of one path can deadlock (each holding what the other waits for).
    test("deleteMetadata and destroyPrefix lock a path's metadata before its versions, as puts do", { skip: backend !== "postgres" && "PGlite has one connection: nothing can hold a row beside the removal" }, async () => {
      for (const p of ["order/del", "order/del", "order/pre/a", "order/pre/b"]) await putIn(p, `order-${p}`);
      const removals: Array<{ name: string; path: string; run: () => Promise<unknown>; expect: unknown }> = [
        { name: "deleteMetadata", path: "order/del", run: () => repo.deleteMetadata("order/del"), expect: 2 },
        { name: "destroyPrefix", path: "order/pre/b", run: () => repo.destroyPrefix("order/pre/", false), expect: { secrets: 2, versions: 2 } },
      ];
      for (const removal of removals) {
        // Another session holds one version row of the path, so the removal stops at its versions...
        let held: () => void = () => undefined;
        const isHeld = new Promise<void>((resolve) => {
          held = resolve;
        });
        let release: () => void = () => undefined;
        const holding = t.db.db.tx(async (tx) => {
          await tx.any("SELECT 1 FROM secrets WHERE path = $1 AND version = 1 FOR UPDATE", [removal.path]);
          held();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        });
        await isHeld;
        const removing = removal.run();
        try {
          for (let i = 0; ; i++) {
            const waiting = await t.db.db.one<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
            if (waiting.n > 0) break;
            assert.ok(i < 200, `${removal.name} never waited for the held version`);
            await new Promise((r) => setTimeout(r, 10));
          }
          // ...by which time it must already hold the metadata row.
          await assert.rejects(
            t.db.db.any("SELECT 1 FROM secret_metadata WHERE path = $1 FOR UPDATE NOWAIT", [removal.path]),
            (err: { code?: string }) => err.code === "55P03",
            `${removal.name} waits for a version while the path's metadata is free: a put could take it and deadlock with it`,
          );
        } finally {
          release();
          await holding;
        }
        assert.deepEqual(await removing, removal.expect);
      }
      assert.equal(await current("order/del"), undefined);
      assert.equal(await current("order/pre/a"), undefined);
    });

    test("two writers (two repositories: two Nexus' hints) on overlapping paths: no lost write, no deadlock", { timeout: 120_000 }, async () => {
      const other = new SecretsRepository(t.db.db);
      const paths = Array.from({ length: 12 }, (_, i) => `overlap/${String(i).padStart(2, "0")}`);
      const refusedBefore = stats().refused + stats(other).refused;
      /** Every acknowledged (path, version) and who wrote it. */
      const acked = new Map<string, string>();
      const writer = async (r: SecretsRepository, name: string, round: number): Promise<void> => {
        // Each round, every path once, in an order of its own (ascending for one writer, descending for the other):
        // the statement must take the locks in path order whatever the order of its members.
        const order = name === "a" ? paths : [...paths].reverse();
        await Promise.all(order.map(async (path) => {
          const id = `${name}-${round}-${path}`;
          const how: string[] = [];
          const v = await runUnitOfWork(t.db.db, () => r.put(path, undefined, 1000, sealer), recorded(id, path, how));
          const key = `${path}@${v.version}`;
          assert.equal(acked.get(key), undefined, `${key} acknowledged twice`);
          acked.set(key, id);
        }));
      };
      const started = Date.now();
      for (let round = 0; round < 15; round++) await Promise.all([writer(repo, "a", round), writer(other, "b", round)]);
      const elapsed = Date.now() - started;
      for (const path of paths) {
        const v = await current(path);
        const mine = [...acked.keys()].filter((k) => k.startsWith(`${path}@`)).map((k) => Number(k.slice(path.length + 1))).sort((x, y) => x - y);
        assert.deepEqual(mine, Array.from({ length: v ?? 0 }, (_, i) => i + 1), `${path}: every version acknowledged once`);
        assert.equal(mine.length, 30);
        for (const version of mine) assert.equal(await stored(path, version), `sealed for version ${version} after ${version - 1}`);
      }
      for (const id of acked.values()) assert.equal(await records(id), 1, id);
      // A deadlock would refuse a group (40P01: its members fall back, still correct, after deadlock_timeout) or
      // fail a fallback's transaction (the put would have rejected above).
      assert.equal(stats().refused + stats(other).refused, refusedBefore, `no group refused: no deadlock (took ${elapsed} ms)`);
      assert.ok(stats().largest > 1 && stats(other).largest > 1, "both writers formed groups");
    });

    test("two Nexus writing overlapping paths through gRPC: every acknowledged version reads back", { skip: backend !== "postgres" && "two Nexus cannot share one embedded PGlite", timeout: 120_000 }, async () => {
      const rootKey = randomBytes(32);
      const a = await startTestNexus("postgres", { SPIKE_NEXUS_MAX_SECRET_VERSIONS: "1000" }, { rootKey });
      const b = await startTestNexus("postgres", { DB_CONNECTION_URI: a.dbUri as string, SPIKE_NEXUS_MAX_SECRET_VERSIONS: "1000" }, { rootKey });
      try {
        const paths = Array.from({ length: 6 }, (_, i) => `grpc/overlap/${i}`);
        const acked: Array<{ path: string; version: number; value: string }> = [];
        const writer = async (c: Conn, name: string): Promise<void> => {
          for (let round = 0; round < 10; round++) {
            await Promise.all(paths.flatMap((path) => [0, 1].map(async (k) => {
              const value = `${name}-${round}-${k}`;
              const r = await put(c, path, { v: value });
              acked.push({ path, version: r.version, value });
            })));
          }
        };
        await Promise.all([writer(a.superuser, "a"), writer(b.superuser, "b")]);
        for (const path of paths) {
          const mine = acked.filter((x) => x.path === path).map((x) => x.version).sort((x, y) => x - y);
          assert.deepEqual(mine, Array.from({ length: 40 }, (_, i) => i + 1), `${path}: 40 distinct versions, none lost`);
        }
        for (const [i, x] of acked.entries()) {
          const read = await getVersion(i % 2 === 0 ? a.superuser : b.superuser, x.path, x.version);
          assert.deepEqual([read.version, read.data], [x.version, { v: x.value }]);
        }
      } finally {
        await b.close();
        await a.close();
      }
    });
  });
}
