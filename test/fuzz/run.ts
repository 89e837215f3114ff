// The fuzz suite (issue 8 item 4): hostile requests over every Nexus RPC, against a real Nexus (mTLS, PostgreSQL).
// For each request: a proper status (never INTERNAL, UNKNOWN or DATA_LOSS for bad input; never a hang), and after
// each batch: Nexus alive and healthy, and, when every request of the batch was rejected, every table unchanged
// (audit_log may only have grown). Findings are printed with the seed and index that reproduce them.
//
//   npm run test:fuzz                      100,000 requests, a random seed
//   npm run test:fuzz -- --count 5000 --seed 1234
import * as grpc from "@grpc/grpc-js";
import { performance } from "node:perf_hooks";
import { serviceNames } from "../../lib/proto.js";
import { unary } from "../../pilot/client/connect.js";
import { startTestNexus, TD, type TestNexus } from "../harness/nexus.js";
import { rawCall, rawClient } from "../harness/raw-client.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import type { Db } from "../../nexus/store/database.js";
import { Prng, RequestGenerator, nexusMethods, type FuzzMethod } from "./generate.js";

export interface FuzzOptions {
  readonly count: number;
  readonly seed: number;
  readonly concurrency?: number;
  readonly batch?: number;
  readonly log?: (line: string) => void;
  /** Send only the request with this index (the others are still drawn, so it is the same request): --only N. */
  readonly only?: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly sent: number;
  readonly findings: readonly string[];
  readonly codes: Readonly<Record<string, number>>;
  readonly checkedBatches: number;
  readonly seconds: number;
  readonly methods: number;
  /** Where the time went: the RPCs with the most summed call time. */
  readonly slowest: readonly string[];
}

const RECV_LIMIT = 1024 * 1024;
// Codes a hostile request may get. INTERNAL/UNKNOWN mean a bug; DATA_LOSS means stored data looked tampered.
const BAD = new Set([grpc.status.INTERNAL, grpc.status.UNKNOWN, grpc.status.DATA_LOSS]);
// Cipher RPCs decrypt what the caller sends: a ciphertext that fails authentication is DATA_LOSS by contract.
const CALLER_CIPHERTEXT = new Set(["/spike.v1.Cipher/Decrypt", "/spike.v1.Cipher/DecryptStream", "/spike.v1.Cipher/Rewrap"]);
// Streams that stay open by design (audit tail --follow): a client deadline there is not a hang.
const OPEN_ENDED = new Set(["/spike.v1.Audit/Tail"]);
// RPCs that never change stored data when they succeed (the audit log grows, which the check allows): a batch whose
// only successes are these is still checked.
const READ_ONLY = new Set(["/spike.v1.Secrets/Get", "/spike.v1.Secrets/List", "/spike.v1.Secrets/GetMetadata", "/spike.v1.Policies/Get", "/spike.v1.Policies/List", "/spike.v1.Operator/Status", "/spike.v1.AdminTokens/List", "/spike.v1.Audit/Tail", "/spike.v1.Audit/Verify", "/spike.v1.Audit/Export", "/spike.v1.Backup/Create", "/spike.v1.Backup/Verify"]);
// What a successful call of these RPCs may change: a batch whose successes are only these still has every other
// table checked. A success of any other changing RPC excuses the whole batch (counted, not checked).
const KEYRING = ["keyring"];
const MAY_CHANGE = new Map<string, readonly string[]>([
  ["/spike.v1.Operator/RotateDataKey", KEYRING],
  ["/spike.v1.Cipher/Encrypt", KEYRING],
  ["/spike.v1.Cipher/EncryptStream", KEYRING],
  ["/spike.v1.Cipher/Rewrap", KEYRING],
  ["/spike.v1.Operator/Rewrap", ["keyring", "secrets", "admin_tokens"]],
]);
// Whole-database dumps (backup create) and whole-log scans grow with every fuzz call.
const WHOLE_LOG = new Set(["/spike.v1.Audit/Verify", "/spike.v1.Audit/Export", "/spike.v1.Backup/Create"]);
const SERVICES = ["Secrets", "Policies", "Cipher", "Operator", "AdminTokens", "Audit", "Backup"] as const;

/** A digest per table (audit tables apart: the log may grow, never change), from one consistent snapshot. */
async function snapshot(db: Db): Promise<{ tables: Map<string, string>; audit: { count: number; last: number; hash: string } }> {
  return db.tx({ mode: null }, async (tx) => {
    await tx.none("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const names = await tx.map("SELECT table_name AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1", [], (r: { n: string }) => r.n);
    const tables = new Map<string, string>();
    for (const name of names) {
      if (name.startsWith("audit_")) continue; // audit_log, audit_head, audit_pending: checked apart (they may grow)
      const row = await tx.one<{ h: string | null; c: string }>(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS c FROM "${name}" t`);
      tables.set(name, `${row.c}:${row.h ?? ""}`);
    }
    const head = await tx.one<{ s: string }>("SELECT sequence AS s FROM audit_head");
    const last = Number(head.s);
    const a = await tx.one<{ c: string; h: string | null }>("SELECT count(*) AS c, (SELECT encode(hash, 'hex') FROM audit_log WHERE sequence = $1) AS h FROM audit_log", [last]);
    return { tables, audit: { count: Number(a.c), last, hash: a.h ?? "" } };
  });
}

async function auditPrefixUnchanged(db: Db, before: { count: number; last: number; hash: string }): Promise<string | undefined> {
  const row = await db.one<{ c: string; h: string | null }>("SELECT count(*) AS c, (SELECT encode(hash, 'hex') FROM audit_log WHERE sequence = $1) AS h FROM audit_log WHERE sequence <= $1", [before.last]);
  if (Number(row.c) !== before.count || (row.h ?? "") !== before.hash) return `audit_log rows up to ${before.last} changed (count ${before.count} -> ${row.c})`;
  return undefined;
}

async function seed(t: TestNexus): Promise<void> {
  const su = t.superuser;
  for (let i = 0; i < 5; i++) {
    await unary((md, o, cb) => su.secrets.Put({ path: `fuzz/${i}/${i}`, data: { k: `v${i}` } }, md, o, cb));
  }
  await unary((md, o, cb) => su.policies.Create({ policy: { name: "fuzz-readers", spiffeIdPattern: `spiffe://${TD}/workload/fuzz`, pathPattern: "fuzz/.*", permissions: ["PERMISSION_READ", "PERMISSION_LIST"] } }, md, o, cb));
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const concurrency = opts.concurrency ?? 16;
  const batchSize = opts.batch ?? 200;
  const t = await startTestNexus("postgres", { SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE: String(RECV_LIMIT), SPIKE_NEXUS_RATE_LIMIT: "0" });
  const sources: X509Source[] = [];
  const clientAs = async (id: string): Promise<grpc.Client> => {
    const s = await t.pki.source(id);
    sources.push(s);
    return rawClient(`127.0.0.1:${t.nexus.port}`, s, [TD]);
  };
  const superuser = await clientAs(`spiffe://${TD}/spike/pilot/role/superuser`);
  const workload = await clientAs(`spiffe://${TD}/workload/fuzz`);
  const findings: string[] = [];
  const found = (line: string): void => {
    findings.push(line);
    log(`FINDING ${line}`);
  };
  const codes: Record<string, number> = {};
  const methods = nexusMethods(SERVICES.map((s) => serviceNames[s]));
  const started = performance.now();
  let sent = 0;
  let checkedBatches = 0;
  const timeByMethod = new Map<string, number>();
  const okByMethod = new Map<string, number>();
  try {
    await seed(t);
    const rng = new Prng(opts.seed);
    const gen = new RequestGenerator(rng, { oversizeBytes: RECV_LIMIT + 64 * 1024 });
    let before = await snapshot(t.db.db);
    while (sent < opts.count && findings.length < 50) {
      const n = Math.min(batchSize, opts.count - sent);
      // Requests are drawn in order from the seed, so one index always names the same request.
      const batch: Array<{ index: number; method: FuzzMethod; messages: Buffer[]; asWorkload: boolean }> = [];
      for (let i = 0; i < n; i++) {
        let method = rng.pick(methods);
        // Whole-log scans and dumps cost more as the database grows (every fuzz call adds a row): a tenth as often.
        if (WHOLE_LOG.has(method.path) && !rng.chance(0.1)) method = rng.pick(methods.filter((m) => !WHOLE_LOG.has(m.path)));
        const messages = method.requestStream ? Array.from({ length: 1 + rng.int(3) }, () => gen.request(method)) : [gen.request(method)];
        const asWorkload = rng.chance(0.2);
        if (opts.only === undefined || opts.only === sent + i) batch.push({ index: sent + i, method, messages, asWorkload });
      }
      sent += n;
      let accepted = 0;
      const excused = new Set<string>();
      let next = 0;
      const worker = async (): Promise<void> => {
        for (;;) {
          const item = batch[next++];
          if (item === undefined) return;
          const openEnded = OPEN_ENDED.has(item.method.path);
          const t0 = performance.now();
          const r = await rawCall(item.asWorkload ? workload : superuser, item.method, item.messages, openEnded ? 300 : 30_000);
          const name = grpc.status[r.code] ?? String(r.code);
          codes[name] = (codes[name] ?? 0) + 1;
          if (r.code === grpc.status.OK && !READ_ONLY.has(item.method.path)) {
            const tables = MAY_CHANGE.get(item.method.path);
            if (tables === undefined) accepted += 1;
            else for (const table of tables) excused.add(table);
            okByMethod.set(item.method.path, (okByMethod.get(item.method.path) ?? 0) + 1);
          }
          const spent = (timeByMethod.get(item.method.path) ?? 0) + performance.now() - t0;
          timeByMethod.set(item.method.path, spent);
          const where = `seed ${opts.seed} index ${item.index} ${item.method.path}${item.asWorkload ? " (workload)" : ""}`;
          if (BAD.has(r.code) && !(r.code === grpc.status.DATA_LOSS && CALLER_CIPHERTEXT.has(item.method.path))) found(`${where}: ${name} "${r.details}"`);
          else if (r.timedOut && !openEnded) found(`${where}: no answer within 30 s (a hang)`);
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const health = await unary<{ status: string }>((md, o, cb) => t.superuser.health.Check({ service: "" }, md, o, cb)).catch((err: unknown) => ({ status: String(err) }));
      if (health.status !== "SERVING") found(`seed ${opts.seed} after index ${sent - 1}: Nexus health is ${health.status}`);
      const after = await snapshot(t.db.db);
      if (accepted === 0) {
        checkedBatches += 1;
        for (const [table, digest] of before.tables) {
          if (!excused.has(table) && after.tables.get(table) !== digest) found(`seed ${opts.seed} indexes ${sent - n}..${sent - 1}: table ${table} changed though every request was rejected`);
        }
        for (const table of after.tables.keys()) if (!before.tables.has(table)) found(`seed ${opts.seed}: table ${table} appeared`);
        const audit = await auditPrefixUnchanged(t.db.db, before.audit);
        if (audit !== undefined) found(`seed ${opts.seed} indexes ${sent - n}..${sent - 1}: ${audit}`);
      }
      before = after;
      if (sent % 10_000 < batchSize) log(`fuzz: ${sent}/${opts.count} requests, ${findings.length} findings, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  } finally {
    superuser.close();
    workload.close();
    for (const s of sources) s.close();
    await t.close();
  }
  if (process.env.SPIKE_FUZZ_DEBUG) log(`accepted changes: ${JSON.stringify([...okByMethod])}`);
  const slowest = [...timeByMethod].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([m, ms]) => `${m} ${(ms / 1000).toFixed(1)} s`);
  return { seed: opts.seed, sent, findings, codes, checkedBatches, seconds: (performance.now() - started) / 1000, methods: methods.length, slowest };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(arg("--count") ?? 100_000);
  const seedArg = arg("--seed") ?? process.env.SPIKE_FUZZ_SEED;
  const seedValue = seedArg !== undefined ? Number(seedArg) : Math.floor(Math.random() * 2 ** 31);
  const only = arg("--only");
  runFuzz({ count, seed: seedValue, ...(only !== undefined ? { only: Number(only), count: Number(only) + 1 } : {}) }).then((r) => {
    process.stdout.write(`fuzz: seed ${r.seed}: ${r.sent} requests over ${r.methods} RPCs in ${r.seconds.toFixed(1)} s (${(r.sent / r.seconds).toFixed(0)}/s); ${r.checkedBatches} all-rejected batches checked against the database\n`);
    process.stdout.write(`fuzz: status codes ${JSON.stringify(r.codes)}\n`);
    process.stdout.write(`fuzz: most call time: ${r.slowest.join(", ")}\n`);

    process.stdout.write(r.findings.length === 0 ? "fuzz: no findings\n" : `fuzz: ${r.findings.length} findings; reproduce with --seed ${r.seed}\n`);
    process.exit(r.findings.length === 0 ? 0 : 1);
  }, (err: unknown) => {
    process.stderr.write(`fuzz: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  });
}
