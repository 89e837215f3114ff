// The Workload API for a process that needs its SVID once and then exits (the CLI, ADR 0029): FetchX509SVID over
// node:http2, the first message taken and the stream closed. Messages are checked exactly as the streaming client
// checks them (spiffe/workload-messages.ts). A failed attempt is retried with backoff, as the streaming client
// reconnects, until the caller's X509Source.ready() gives up; INVALID_ARGUMENT and UNIMPLEMENTED are final.
import http2 from "node:http2";
import net from "node:net";
import { Backoff, type BackoffPolicy } from "../lib/backoff.js";
import { CallError, grpcCall, Status } from "../lib/wire/grpc-call.js";
import { decodeMessage } from "../lib/wire/protobuf.js";
import { wireSchema } from "../lib/wire/schema.js";
import type { X509SVIDResponse__Output } from "../proto/types/X509SVIDResponse.js";
import { parseWorkloadEndpoint } from "./endpoint.js";
import { DEFAULT_BACKOFF, parseX509SvidResponse, WORKLOAD_HEADER } from "./workload-messages.js";
import { X509Source } from "./x509-source.js";

/** Longer than any source timeout: the caller's ready() decides when to stop waiting, and close() ends the call. */
const CALL_TIMEOUT_MS = 3_600_000;

function connectTarget(target: string): net.Socket {
  if (target.startsWith("unix://")) return net.connect(target.slice("unix://".length));
  const at = target.lastIndexOf(":");
  return net.connect({ host: target.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(target.slice(at + 1)) });
}

/** An X509Source holding the SVID the Workload API at `address` hands out now; it does not watch for rotations. */
export function workloadApiOnce(address: string, opts: { backoff?: BackoffPolicy } = {}): X509Source {
  const target = parseWorkloadEndpoint(address);
  const source = new X509Source(`the Workload API at ${address}`);
  const method = wireSchema().method("SpiffeWorkloadAPI", "FetchX509SVID");
  const backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
  let stopped = false;
  let session: http2.ClientHttp2Session | undefined;
  let timer: NodeJS.Timeout | undefined;

  const attempt = (): void => {
    if (stopped) return;
    let failure: Error | undefined;
    const s = http2.connect("http://localhost", { createConnection: () => connectTarget(target) });
    session = s;
    s.on("error", (err) => {
      failure = err;
    });
    grpcCall(s, method.path, Buffer.alloc(0), { timeoutMs: CALL_TIMEOUT_MS, headers: { [WORKLOAD_HEADER]: "true" }, onMessage: () => true }, () => failure)
      .then((message) => source.update(parseX509SvidResponse(decodeMessage(method.response, message) as unknown as X509SVIDResponse__Output)))
      .catch((err: unknown) => {
        if (stopped) return;
        const final = err instanceof CallError && (err.code === Status.INVALID_ARGUMENT || err.code === Status.UNIMPLEMENTED);
        const why = err instanceof CallError ? err.details : err instanceof Error ? err.message : String(err);
        source.fail(new Error(`Workload API at ${address}: ${why}`));
        if (!final) timer = setTimeout(attempt, backoff.next());
      })
      .finally(() => s.close());
  };

  attempt();
  source.setStopper(() => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    session?.destroy();
  });
  return source;
}
