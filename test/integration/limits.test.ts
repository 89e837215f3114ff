// Limits (ADR 0023) and metrics (ADR 0024) against a real Nexus: the per-SPIFFE-ID rate limit answers
// RESOURCE_EXHAUSTED with retry information and leaves other callers alone; the server's unary deadline ends a slow
// call DEADLINE_EXCEEDED; an oversize message is refused; undecodable protobuf bytes are INVALID_ARGUMENT (not
// INTERNAL); audit tail --follow streams are capped; the Prometheus endpoint counts calls by method and code and
// never names a secret path.
import * as grpc from "@grpc/grpc-js";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { unary } from "../../pilot/client/connect.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import { TD, startTestNexus, type TestNexus } from "../harness/nexus.js";
import { rawCall, rawClient } from "../harness/raw-client.js";

const SUPERUSER = `spiffe://${TD}/spike/pilot/role/superuser`;
const LIST = { path: "/spike.v1.Secrets/List", requestStream: false, responseStream: false };
const PUT = { path: "/spike.v1.Secrets/Put", requestStream: false, responseStream: false };
const TAIL = { path: "/spike.v1.Audit/Tail", requestStream: false, responseStream: true };

/** Encodes SecretsPutRequest{path, data: {k: value}} by hand (field 1 path, field 2 map entry {1 key, 2 value}). */
function putRequest(path: string, key: string, value: string): Buffer {
  const len = (n: number): Buffer => {
    const out: number[] = [];
    let v = n;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Buffer.from(out);
  };
  const field = (no: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([(no << 3) | 2]), len(body.length), body]);
  const entry = Buffer.concat([field(1, Buffer.from(key)), field(2, Buffer.from(value))]);
  return Buffer.concat([field(1, Buffer.from(path)), field(2, entry)]);
}

/** TailRequest{follow: true}: field 3 is `follow` in audit.proto. */
const FOLLOW = Buffer.from([0x18, 0x01]);

describe("limits", () => {
  const sources: X509Source[] = [];
  const clients: grpc.Client[] = [];
  const clientOf = async (t: TestNexus, id: string): Promise<grpc.Client> => {
    const s = await t.pki.source(id);
    sources.push(s);
    const c = rawClient(`127.0.0.1:${t.nexus.port}`, s, [TD]);
    clients.push(c);
    return c;
  };
  after(() => {
    for (const c of clients) c.close();
    for (const s of sources) s.close();
  });

  describe("rate limit and unary deadline", () => {
    let t: TestNexus;
    before(async () => {
      t = await startTestNexus("postgres", { SPIKE_NEXUS_RATE_LIMIT: "2", SPIKE_NEXUS_RATE_LIMIT_BURST: "5", SPIKE_NEXUS_RPC_DEADLINE: "1ms" });
    });
    after(() => t.close());

    test("a caller over its rate gets RESOURCE_EXHAUSTED with retry-after-ms and RetryInfo; another caller does not", async () => {
      const greedy = await clientOf(t, `spiffe://${TD}/workload/greedy`);
      const other = await clientOf(t, `spiffe://${TD}/workload/other`);
      const codes: grpc.status[] = [];
      let limited: Awaited<ReturnType<typeof rawCall>> | undefined;
      for (let i = 0; i < 8; i++) {
        const r = await rawCall(greedy, LIST, [Buffer.alloc(0)]);
        codes.push(r.code);
        if (r.code === grpc.status.RESOURCE_EXHAUSTED) limited ??= r;
      }
      // The burst of 5 passes on to the guard (then PERMISSION_DENIED, or DEADLINE_EXCEEDED with this Nexus's 1 ms
      // deadline), then the bucket is empty.
      assert.ok(codes.slice(0, 5).every((c) => c !== grpc.status.RESOURCE_EXHAUSTED), codes.join(","));
      assert.ok(limited !== undefined, `expected RESOURCE_EXHAUSTED among ${codes.join(",")}`);
      assert.match(limited.details, /spiffe:\/\/spike\.ist\/workload\/greedy is over its rate limit/);
      const after = Number(limited.metadata.get("retry-after-ms")[0]);
      assert.ok(after >= 1 && after <= 500, `retry-after-ms ${after}`);
      const details = limited.metadata.get("grpc-status-details-bin")[0];
      assert.ok(Buffer.isBuffer(details), "google.rpc.Status in grpc-status-details-bin");
      assert.ok(details.includes(Buffer.from("type.googleapis.com/google.rpc.RetryInfo")));
      assert.equal(details[0], 0x08); // Status.code ...
      assert.equal(details[1], grpc.status.RESOURCE_EXHAUSTED); // ... = 8
      // Someone else is not affected.
      assert.notEqual((await rawCall(other, LIST, [Buffer.alloc(0)])).code, grpc.status.RESOURCE_EXHAUSTED);
      // After the advised wait, the greedy caller gets through again.
      await sleep(after + 50);
      assert.notEqual((await rawCall(greedy, LIST, [Buffer.alloc(0)])).code, grpc.status.RESOURCE_EXHAUSTED);
    });

    test("a unary call slower than SPIKE_NEXUS_RPC_DEADLINE ends DEADLINE_EXCEEDED", async () => {
      const su = await clientOf(t, SUPERUSER);
      const r = await rawCall(su, PUT, [putRequest("limits/slow", "v", "x".repeat(400_000))]);
      assert.equal(r.code, grpc.status.DEADLINE_EXCEEDED, r.details);
      assert.match(r.details, /server's deadline of 1 ms \(SPIKE_NEXUS_RPC_DEADLINE\)/);
      assert.equal(r.timedOut, false, "the server's deadline, not the client's");
    });
  });

  describe("message size, malformed bytes, follow streams and metrics", () => {
    let t: TestNexus;
    before(async () => {
      t = await startTestNexus("postgres", {
        SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE: String(1024 * 1024),
        SPIKE_NEXUS_MAX_FOLLOW_STREAMS: "1",
        SPIKE_NEXUS_METRICS_ADDRESS: "127.0.0.1:0",
      });
    });
    after(() => t.close());

    test("a message over SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE is RESOURCE_EXHAUSTED and stores nothing", async () => {
      const su = await clientOf(t, SUPERUSER);
      const r = await rawCall(su, PUT, [putRequest("limits/huge", "v", "x".repeat(1024 * 1024 + 10))]);
      assert.equal(r.code, grpc.status.RESOURCE_EXHAUSTED, r.details);
      const n = await t.db.db.one<{ c: string }>("SELECT count(*) AS c FROM secret_metadata WHERE path = 'limits/huge'");
      assert.equal(Number(n.c), 0);
    });

    test("bytes that are not a protobuf message are INVALID_ARGUMENT for unary and stream RPCs, after the guard", async () => {
      const su = await clientOf(t, SUPERUSER);
      const garbage = Buffer.from([0xff, 0xff, 0xff]); // field 31 with wire type 7, which does not exist
      for (const method of [PUT, TAIL, { path: "/spike.v1.Cipher/EncryptStream", requestStream: true, responseStream: true }]) {
        const r = await rawCall(su, method, [garbage]);
        assert.equal(r.code, grpc.status.INVALID_ARGUMENT, `${method.path}: ${r.details}`);
        assert.match(r.details, /is not a valid .* message/);
      }
      const stranger = await clientOf(t, `spiffe://${TD}/workload/stranger`);
      assert.equal((await rawCall(stranger, PUT, [garbage])).code, grpc.status.PERMISSION_DENIED);
    });

    test("audit tail --follow streams beyond SPIKE_NEXUS_MAX_FOLLOW_STREAMS are refused until one closes", async () => {
      const su = t.superuser;
      const first = su.audit.Tail({ follow: true, last: 1, sinceSequence: 0 });
      first.on("error", () => undefined);
      await new Promise<void>((resolve) => first.once("data", () => resolve()));
      const second = await rawCall(await clientOf(t, SUPERUSER), TAIL, [FOLLOW], 3000);
      assert.equal(second.code, grpc.status.RESOURCE_EXHAUSTED, second.details);
      assert.match(second.details, /SPIKE_NEXUS_MAX_FOLLOW_STREAMS/);
      first.cancel();
      await sleep(400); // the follower notices the cancel at its next poll
      const third = await rawCall(await clientOf(t, SUPERUSER), TAIL, [FOLLOW], 700);
      assert.equal(third.timedOut, true, `the third follower is served until its deadline (${grpc.status[third.code]} ${third.details})`);
    });

    test("metrics: requests by method and code, latency, readiness, keepers, pool; no secret path as a label", async () => {
      const su = t.superuser;
      await unary((md, o, cb) => su.secrets.Put({ path: "apps/metrics/very-secret-path", data: { k: "metrics-value" } }, md, o, cb));
      await unary((md, o, cb) => su.secrets.Get({ path: "apps/metrics/very-secret-path", version: 0 }, md, o, cb));
      await assert.rejects(unary((md, o, cb) => su.secrets.Get({ path: "apps/metrics/missing", version: 0 }, md, o, cb)));
      const port = t.nexus.metricsPort;
      assert.ok(port !== undefined && port > 0);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      const value = (line: RegExp): number => Number(text.match(line)?.[1] ?? NaN);
      assert.ok(value(/^spike_nexus_rpc_requests_total\{method="\/spike\.v1\.Secrets\/Put",code="OK"\} (\d+)$/m) >= 1, text.slice(0, 2000));
      assert.ok(value(/^spike_nexus_rpc_requests_total\{method="\/spike\.v1\.Secrets\/Get",code="NOT_FOUND"\} (\d+)$/m) >= 1);
      assert.ok(value(/^spike_nexus_rpc_duration_seconds_count\{method="\/spike\.v1\.Secrets\/Get"\} (\d+)$/m) >= 2);
      assert.match(text, /^spike_nexus_rpc_duration_seconds_bucket\{le="0\.001",method="\/spike\.v1\.Secrets\/Get"\} \d+$/m);
      assert.equal(value(/^spike_nexus_ready (\d+)$/m), 1);
      assert.match(text, /^spike_nexus_keeper_reachable\{share_id="1"\} [01]$/m);
      assert.ok(value(/^spike_nexus_db_pool_connections\{state="total"\} (\d+)$/m) >= 1);
      assert.equal(value(/^spike_nexus_db_pool_connections\{state="max"\} (\d+)$/m), 10);
      assert.match(text, /^# TYPE spike_nexus_audit_write_failures_total counter$/m);
      assert.match(text, /^# TYPE spike_nexus_rate_limited_total counter$/m);
      assert.match(text, /^spike_nexus_process_resident_memory_bytes \d+/m);
      assert.doesNotMatch(text, /very-secret-path|metrics-value|apps\/metrics/);
      assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
    });
  });
});
