// Nexus's Prometheus metrics (ADR 0024). Labels are the RPC method path ("/spike.v1.Secrets/Get") and the gRPC
// status code name only: never a secret path, a policy name or a SPIFFE ID (cardinality, and they can leak).
// Per-call cost: one Map lookup and a few additions into plain arrays; prom-client reads them only when scraped
// (its own labelled observe hashes the label set on every call, several µs: too much for a ~100 µs read).
import * as grpc from "@grpc/grpc-js";
import { performance } from "node:perf_hooks";
import { Counter, Gauge, Registry, collectDefaultMetrics, type Metric } from "prom-client";
import type { CallObserver } from "../rpc/define.js";

/** What the gauges read when Prometheus scrapes (nothing is polled in between). */
export interface MetricsProbe {
  /** Database open and migrated, and a root key held: the secrets service can answer. */
  readonly ready: () => boolean;
  /** Each Keeper by share id: whether it answered the last time Nexus asked. */
  readonly keepers: () => ReadonlyArray<{ readonly shareId: number; readonly reachable: boolean }>;
  /** The database pool, or undefined while the database is not open. */
  readonly pool: () => { readonly total: number; readonly idle: number; readonly waiting: number; readonly max: number } | undefined;
  /** Open audit tail --follow streams. */
  readonly followStreams: () => number;
}

/** One RPC method's tallies since start: calls by status code, and latency bucket counts (not cumulative). */
interface MethodStats {
  readonly codes: Float64Array;
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

// Buckets for calls from ~100 µs (a cached read) to the default 30 s deadline.
const BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class NexusMetrics implements CallObserver {
  readonly registry = new Registry();
  private readonly auditFailures: Counter<"method">;
  private readonly rateLimited: Counter;
  private readonly byMethod = new Map<string, MethodStats>();

  constructor(probe: MetricsProbe, opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    const byMethod = this.byMethod;
    new Counter({
      name: "spike_nexus_rpc_requests_total",
      help: "RPCs handled, by method and gRPC status code",
      labelNames: ["method", "code"],
      registers,
      collect() {
        this.reset();
        for (const [method, m] of byMethod) {
          m.codes.forEach((n, code) => {
            if (n > 0) this.inc({ method, code: grpc.status[code] ?? String(code) }, n);
          });
        }
      },
    });
    this.registry.registerMetric(latencyHistogram(byMethod) as unknown as Metric);
    this.auditFailures = new Counter({ name: "spike_nexus_audit_write_failures_total", help: "Audit records that could not be written (the call was refused, or logged if it had failed anyway)", labelNames: ["method"], registers });
    this.rateLimited = new Counter({ name: "spike_nexus_rate_limited_total", help: "Calls refused RESOURCE_EXHAUSTED by the per-SPIFFE-ID rate limit", registers });
    new Gauge({
      name: "spike_nexus_ready",
      help: "1 when the secrets service can answer (database open and migrated, root key held), else 0",
      registers,
      collect() {
        this.set(probe.ready() ? 1 : 0);
      },
    });
    new Gauge({
      name: "spike_nexus_keeper_reachable",
      help: "1 when the Keeper holding this share answered the last time Nexus asked, else 0",
      labelNames: ["share_id"],
      registers,
      collect() {
        this.reset();
        for (const k of probe.keepers()) this.set({ share_id: String(k.shareId) }, k.reachable ? 1 : 0);
      },
    });
    new Gauge({
      name: "spike_nexus_db_pool_connections",
      help: "Database pool connections by state (total, idle, waiting clients, max); absent while the database is not open",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        const p = probe.pool();
        if (p === undefined) return;
        this.set({ state: "total" }, p.total);
        this.set({ state: "idle" }, p.idle);
        this.set({ state: "waiting" }, p.waiting);
        this.set({ state: "max" }, p.max);
      },
    });
    new Gauge({
      name: "spike_nexus_follow_streams_open",
      help: "Open audit tail --follow streams (bounded by SPIKE_NEXUS_MAX_FOLLOW_STREAMS)",
      registers,
      collect() {
        this.set(probe.followStreams());
      },
    });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: "spike_nexus_" });
  }

  ended(method: string, code: grpc.status, startedMs: number): void {
    let m = this.byMethod.get(method);
    if (m === undefined) {
      m = { codes: new Float64Array(17), buckets: new Float64Array(BUCKETS.length + 1), sum: 0, count: 0 };
      this.byMethod.set(method, m);
    }
    const seconds = (performance.now() - startedMs) / 1000;
    let i = 0;
    while (i < BUCKETS.length && seconds > (BUCKETS[i] as number)) i++;
    m.buckets[i] = (m.buckets[i] ?? 0) + 1;
    m.sum += seconds;
    m.count += 1;
    if (code >= 0 && code < 17) m.codes[code] = (m.codes[code] ?? 0) + 1;
  }

  auditFailed(method: string): void {
    this.auditFailures.labels(method).inc();
  }

  rateLimitedCall(): void {
    this.rateLimited.inc();
  }
}

/** The latency histogram as prom-client's registry reads a metric: name, help, type and its values when scraped. */
function latencyHistogram(byMethod: ReadonlyMap<string, MethodStats>) {
  const name = "spike_nexus_rpc_duration_seconds";
  const describe = () => {
    const values: Array<{ metricName: string; labels: Record<string, string | number>; value: number }> = [];
    for (const [method, m] of byMethod) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += m.buckets[i] ?? 0;
        values.push({ metricName: `${name}_bucket`, labels: { le, method }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: "+Inf", method }, value: m.count });
      values.push({ metricName: `${name}_sum`, labels: { method }, value: m.sum });
      values.push({ metricName: `${name}_count`, labels: { method }, value: m.count });
    }
    return { name, help: "RPC latency from arrival to final status, by method", type: "histogram", aggregator: "sum", values };
  };
  return {
    name,
    help: "RPC latency from arrival to final status, by method",
    type: "histogram",
    aggregator: "sum",
    get: () => Promise.resolve(describe()),
    reset: () => undefined,
  };
}
