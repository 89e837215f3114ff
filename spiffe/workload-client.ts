// A SPIFFE Workload API client: watches our X.509-SVIDs and bundles over the agent's socket.
// Streams carry complete state, so every message replaces what we hold. When a stream fails we reconnect with
// exponential backoff and jitter, except on INVALID_ARGUMENT and UNIMPLEMENTED, which retrying cannot fix.
import * as grpc from "@grpc/grpc-js";
import type { X509Bundles } from "./svid.js";
import { parseWorkloadEndpoint } from "./endpoint.js";
import { DEFAULT_BACKOFF, parseX509BundlesResponse, parseX509SvidResponse, WORKLOAD_HEADER } from "./workload-messages.js";
import type { X509Context } from "./x509-svid.js";
import { X509Source } from "./x509-source.js";
import { Backoff, type BackoffPolicy } from "../lib/backoff.js";
import { workloadApiClient } from "../lib/proto.js";
import type { SpiffeWorkloadAPIClient } from "../proto/types/SpiffeWorkloadAPI.js";

export { parseX509BundlesResponse, parseX509SvidResponse };

export { DEFAULT_BACKOFF };

/** Errors a retry cannot fix: the agent said our request itself is wrong, or it does not serve this call. */
function isFinal(err: grpc.ServiceError): boolean {
  return err.code === grpc.status.INVALID_ARGUMENT || err.code === grpc.status.UNIMPLEMENTED;
}

export interface WatchHandlers<T> {
  readonly onUpdate: (state: T) => void;
  readonly onError: (err: Error, final: boolean) => void;
}

export class WorkloadApiClient {
  private readonly client: SpiffeWorkloadAPIClient;
  readonly target: string;

  constructor(readonly address: string, private readonly backoff: BackoffPolicy = DEFAULT_BACKOFF) {
    this.target = parseWorkloadEndpoint(address);
    this.client = workloadApiClient(this.target);
  }

  private metadata(): grpc.Metadata {
    const md = new grpc.Metadata();
    md.set(WORKLOAD_HEADER, "true");
    return md;
  }

  /** Watches FetchX509SVID until the returned function is called. */
  watchX509Context(handlers: WatchHandlers<X509Context>): () => void {
    return this.watch((md) => this.client.FetchX509SVID({}, md), parseX509SvidResponse, handlers);
  }

  /** Watches FetchX509Bundles until the returned function is called. */
  watchX509Bundles(handlers: WatchHandlers<X509Bundles>): () => void {
    return this.watch((md) => this.client.FetchX509Bundles({}, md), parseX509BundlesResponse, handlers);
  }

  private watch<M, T>(
    open: (md: grpc.Metadata) => grpc.ClientReadableStream<M>,
    parse: (msg: M) => T,
    handlers: WatchHandlers<T>,
  ): () => void {
    let stopped = false;
    let call: grpc.ClientReadableStream<M> | undefined;
    let timer: NodeJS.Timeout | undefined;
    const backoff = new Backoff(this.backoff);

    const retryLater = (): void => {
      if (stopped) return;
      timer = setTimeout(connect, backoff.next());
    };

    const connect = (): void => {
      if (stopped) return;
      const current = open(this.metadata());
      call = current;
      let ended = false;
      const finish = (err: Error, final: boolean): void => {
        if (ended) return;
        ended = true;
        if (stopped) return;
        handlers.onError(err, final);
        if (!final) retryLater();
      };
      current.on("data", (msg: M) => {
        try {
          handlers.onUpdate(parse(msg));
          backoff.reset();
        } catch (err) {
          handlers.onError(err instanceof Error ? err : new Error(String(err)), false);
        }
      });
      current.on("error", (err: grpc.ServiceError) => {
        finish(new Error(`Workload API at ${this.address}: ${err.details || err.message}`), isFinal(err));
      });
      current.on("end", () => finish(new Error(`Workload API at ${this.address} closed the stream`), false));
    };

    connect();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      call?.cancel();
    };
  }

  close(): void {
    this.client.close();
  }
}

/** An X509Source fed by the Workload API at `address` (SPIFFE_ENDPOINT_SOCKET). */
export function workloadApiSource(
  address: string,
  opts: { backoff?: BackoffPolicy; onError?: (err: Error, final: boolean) => void } = {},
): X509Source {
  const client = new WorkloadApiClient(address, opts.backoff);
  const source = new X509Source(`the Workload API at ${address}`);
  const stop = client.watchX509Context({
    onUpdate: (ctx) => source.update(ctx),
    onError: (err, final) => {
      source.fail(err);
      opts.onError?.(err, final);
    },
  });
  source.setStopper(() => {
    stop();
    client.close();
  });
  return source;
}
