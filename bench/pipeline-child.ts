// A real Nexus (as bench/nexus-child.ts starts it) whose Secrets handlers this child also calls itself, in-process:
// the RPC pipeline (admit -> guard -> validate -> act -> audit) with no gRPC, HTTP/2 or TLS under it. The parent
// (bench/pipeline.ts) asks for rounds of calls and reads PostgreSQL's CPU around them; this child reports its own.
//
// The handlers are the ones grpc-js would call: captured as startNexus registers them. A call object carries what
// they read (request, metadata, path, the peer's certificate); the peer is the dev issuer's SVID of the caller.
import * as grpc from "@grpc/grpc-js";
import { randomBytes } from "node:crypto";
import { createLogger } from "../lib/log.js";
import { InMemoryRootKeyProvider } from "../nexus/crypto/in-memory-root-key.js";
import { startNexus } from "../nexus/server.js";
import { workloadApiSource } from "../spiffe/workload-client.js";
import { runChild } from "./child.js";
import { benchNexusConfig } from "./nexus-config.js";

type Handler = (call: unknown, callback: (err: grpc.StatusObject | null, res?: unknown) => void) => void;

/** What the parent asks: `calls` Secrets.Get at `concurrency`, as `as` ("reader": allowed; "denied": refused). */
export interface PipelineRound {
  readonly type: "round";
  readonly as: "reader" | "denied";
  readonly calls: number;
  readonly concurrency: number;
}

export interface PipelineRoundResult {
  readonly type: "round";
  readonly cpuMicros: number;
  readonly wallMs: number;
  /** Calls that did not end as expected (a reader's with OK, a denied peer's with PERMISSION_DENIED). */
  readonly errors: number;
}

export const PIPELINE_PATHS = 1000;
export const PIPELINE_VALUE_BYTES = 1024;

// Captured before startNexus registers its services; the key is the method's full path.
const handlers = new Map<string, Handler>();
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (this: grpc.Server, service: grpc.ServiceDefinition, implementation: grpc.UntypedServiceImplementation): void {
  for (const [name, fn] of Object.entries(implementation)) {
    const method = service[name];
    if (method !== undefined) handlers.set(method.path, fn as unknown as Handler);
  }
  addService.call(this, service, implementation);
};

function handler(path: string): Handler {
  const h = handlers.get(path);
  if (h === undefined) throw new Error(`no handler registered for ${path}`);
  return h;
}

/** A call as grpc-js hands it to a unary handler, as far as Nexus's pipeline reads it. */
function callAs(certDer: Buffer, fingerprint: string, method: string, request: unknown): unknown {
  return {
    request,
    metadata: new grpc.Metadata(),
    getPath: () => method,
    getPeer: () => "127.0.0.1:0",
    getDeadline: () => Infinity,
    getAuthContext: () => ({ sslPeerCertificate: { raw: certDer, fingerprint256: fingerprint } }),
    cancelled: false,
    on: () => undefined,
  };
}

/** The call's status code (OK when it answered). */
function invoke(h: Handler, call: unknown): Promise<grpc.status> {
  return new Promise((resolve) => h(call, (err) => resolve(err === null ? grpc.status.OK : err.code)));
}

async function peerCert(socket: string): Promise<{ der: Buffer; fingerprint: string }> {
  const source = workloadApiSource(`unix://${socket}`);
  try {
    await source.ready(10_000);
    const leaf = source.svid().chain[0];
    if (leaf === undefined) throw new Error(`no SVID from ${socket}`);
    return { der: Buffer.from(leaf.raw), fingerprint: leaf.fingerprint256 };
  } finally {
    source.close();
  }
}

runChild(async () => {
  const [nexusSocket, readerSocket, deniedSocket, databaseUri] = process.argv.slice(2);
  if (nexusSocket === undefined || readerSocket === undefined || deniedSocket === undefined || databaseUri === undefined) {
    throw new Error("usage: pipeline-child.ts <nexus-socket> <reader-socket> <denied-socket> <database-uri>");
  }
  const config = benchNexusConfig(nexusSocket, databaseUri);
  const rootKeys = new InMemoryRootKeyProvider(randomBytes(32));
  const nexus = await startNexus(config, createLogger("nexus", { level: 5 }), { rootKeys });
  await nexus.storageReady;
  const peers = { reader: await peerCert(readerSocket), denied: await peerCert(deniedSocket) };

  const put = handler("/spike.v1.Secrets/Put");
  const get = handler("/spike.v1.Secrets/Get");
  const paths = Array.from({ length: PIPELINE_PATHS }, (_, i) => `bench/pipeline/${i}`);
  const value = randomBytes((PIPELINE_VALUE_BYTES * 3) / 4).toString("base64");
  for (const path of paths) {
    if ((await invoke(put, callAs(peers.reader.der, peers.reader.fingerprint, "/spike.v1.Secrets/Put", { path, data: { value }, customMetadata: null }))) !== grpc.status.OK) {
      throw new Error(`could not write ${path}`);
    }
  }

  process.on("message", (m: unknown) => {
    const round = m as Partial<PipelineRound>;
    if (round.type !== "round" || round.as === undefined || round.calls === undefined || round.concurrency === undefined) return;
    const peer = peers[round.as];
    const expected = round.as === "reader" ? grpc.status.OK : grpc.status.PERMISSION_DENIED;
    const calls = round.calls;
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const worker = async (): Promise<void> => {
      for (let i = next++; i < calls; i = next++) {
        const path = paths[i % paths.length] as string;
        if ((await invoke(get, callAs(peer.der, peer.fingerprint, "/spike.v1.Secrets/Get", { path, version: 0 }))) !== expected) errors++;
      }
    };
    void Promise.all(Array.from({ length: round.concurrency }, worker)).then(() => {
      const used = process.cpuUsage(cpu);
      const result: PipelineRoundResult = { type: "round", cpuMicros: used.user + used.system, wallMs: performance.now() - started, errors };
      process.send?.(result);
    });
  });
  return { port: nexus.port, stop: () => nexus.close() };
});
