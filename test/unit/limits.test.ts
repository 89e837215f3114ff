// The limit settings and their parts: every new variable refuses a bad value naming itself; the token bucket
// allows its burst, refuses beyond it with the wait until the next token, refills, and keeps callers apart; the
// RetryInfo status decodes as google.rpc.Status.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { ConfigError } from "../../lib/env.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { RateLimiter, Slots } from "../../nexus/limits/rate-limit.js";
import { retryInfoStatus } from "../../nexus/limits/retry-info.js";

const base = { SPIKE_TRUST_ROOT: "spike.ist" };

function failsNaming(env: Record<string, string>, name: string): void {
  assert.throws(() => loadNexusConfig({ ...base, ...env }), (e: unknown) => e instanceof ConfigError && new RegExp(`^  ${name}: `, "m").test(e.message));
}

describe("limit configuration", () => {
  test("defaults: gRPC's 4 MiB messages, a 30 s unary deadline, a rate limit far above one caller's reach, metrics on loopback", () => {
    const cfg = loadNexusConfig(base);
    assert.equal(cfg.SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE, 4 * 1024 * 1024);
    assert.equal(cfg.SPIKE_NEXUS_MAX_SEND_MESSAGE_SIZE, 4 * 1024 * 1024);
    assert.equal(cfg.SPIKE_NEXUS_RPC_DEADLINE, 30_000);
    assert.equal(cfg.SPIKE_NEXUS_KEEPALIVE_TIME, 7_200_000);
    assert.equal(cfg.SPIKE_NEXUS_KEEPALIVE_TIMEOUT, 20_000);
    assert.equal(cfg.SPIKE_NEXUS_MAX_CONCURRENT_STREAMS, 1000);
    assert.equal(cfg.SPIKE_NEXUS_MAX_FOLLOW_STREAMS, 64);
    assert.equal(cfg.SPIKE_NEXUS_RATE_LIMIT, 50_000);
    assert.deepEqual(cfg.SPIKE_NEXUS_METRICS_ADDRESS, { host: "127.0.0.1", port: 9553 });
  });

  test("0 turns the rate limit off; off turns metrics off; [::1]:0 is any port on IPv6 loopback", () => {
    const cfg = loadNexusConfig({ ...base, SPIKE_NEXUS_RATE_LIMIT: "0", SPIKE_NEXUS_METRICS_ADDRESS: "off" });
    assert.equal(cfg.SPIKE_NEXUS_RATE_LIMIT, 0);
    assert.equal(cfg.SPIKE_NEXUS_METRICS_ADDRESS, undefined);
    assert.deepEqual(loadNexusConfig({ ...base, SPIKE_NEXUS_METRICS_ADDRESS: "[::1]:0" }).SPIKE_NEXUS_METRICS_ADDRESS, { host: "::1", port: 0 });
  });

  test("bad values stop the start and name the variable", () => {
    failsNaming({ SPIKE_NEXUS_RATE_LIMIT: "-1" }, "SPIKE_NEXUS_RATE_LIMIT");
    failsNaming({ SPIKE_NEXUS_RATE_LIMIT_BURST: "0" }, "SPIKE_NEXUS_RATE_LIMIT_BURST");
    failsNaming({ SPIKE_NEXUS_RPC_DEADLINE: "soon" }, "SPIKE_NEXUS_RPC_DEADLINE");
    failsNaming({ SPIKE_NEXUS_KEEPALIVE_TIME: "0s" }, "SPIKE_NEXUS_KEEPALIVE_TIME");
    failsNaming({ SPIKE_NEXUS_MAX_CONCURRENT_STREAMS: "many" }, "SPIKE_NEXUS_MAX_CONCURRENT_STREAMS");
    failsNaming({ SPIKE_NEXUS_MAX_FOLLOW_STREAMS: "0" }, "SPIKE_NEXUS_MAX_FOLLOW_STREAMS");
    failsNaming({ SPIKE_NEXUS_METRICS_ADDRESS: "localhost" }, "SPIKE_NEXUS_METRICS_ADDRESS");
    failsNaming({ SPIKE_NEXUS_METRICS_ADDRESS: "127.0.0.1:99999" }, "SPIKE_NEXUS_METRICS_ADDRESS");
    // A message must be able to carry the largest secret.
    failsNaming({ SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE: "100000" }, "SPIKE_NEXUS_MAX_RECV_MESSAGE_SIZE");
    failsNaming({ SPIKE_NEXUS_MAX_SECRET_BYTES: String(8 * 1024 * 1024) }, "SPIKE_NEXUS_MAX_SEND_MESSAGE_SIZE");
  });
});

describe("token bucket", () => {
  test("the burst passes, the next call waits about 1/rate, a token comes back, and callers are separate", async () => {
    const limiter = new RateLimiter(20, 3); // one token every 50 ms
    try {
      assert.deepEqual([limiter.take("a"), limiter.take("a"), limiter.take("a")], [0, 0, 0]);
      const wait = limiter.take("a");
      assert.ok(wait > 0 && wait <= 50, `wait ${wait}`);
      assert.equal(limiter.take("b"), 0, "another caller has its own bucket");
      await sleep(wait + 20);
      assert.equal(limiter.take("a"), 0);
      assert.ok(limiter.take("a") > 0);
    } finally {
      limiter.close();
    }
  });

  test("idle callers are forgotten once their bucket has refilled", async () => {
    const limiter = new RateLimiter(1000, 2, 20);
    try {
      limiter.take("x");
      assert.equal(limiter.size, 1);
      await sleep(80);
      assert.equal(limiter.size, 0);
    } finally {
      limiter.close();
    }
  });

  test("slots: capacity holders, then refusals until one is released", () => {
    const s = new Slots(2);
    assert.equal(s.acquire(), true);
    assert.equal(s.acquire(), true);
    assert.equal(s.acquire(), false);
    s.release();
    assert.equal(s.inUse, 1);
    assert.equal(s.acquire(), true);
  });
});

describe("retry information", () => {
  test("google.rpc.Status{code 8, message, details: [Any(RetryInfo{retry_delay: 1.25 s})]}", () => {
    const b = retryInfoStatus(8, "slow down", 1250);
    const any = Buffer.concat([Buffer.from([0x0a, 40]), Buffer.from("type.googleapis.com/google.rpc.RetryInfo")]);
    // Duration{seconds: 1, nanos: 250_000_000} inside RetryInfo{retry_delay = 1}
    const duration = Buffer.from([0x08, 0x01, 0x10, 0x80, 0xe5, 0x9a, 0x77]);
    const retryInfo = Buffer.concat([Buffer.from([0x0a, duration.length]), duration]);
    const anyMessage = Buffer.concat([any, Buffer.from([0x12, retryInfo.length]), retryInfo]);
    const expected = Buffer.concat([Buffer.from([0x08, 0x08, 0x12, 9]), Buffer.from("slow down"), Buffer.from([0x1a, anyMessage.length]), anyMessage]);
    assert.deepEqual(b, expected);
  });
});
