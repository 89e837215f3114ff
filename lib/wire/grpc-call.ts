// One gRPC call over a node:http2 session, for short-lived clients that make one or two calls and exit (the CLI,
// ADR 0029): gRPC's HTTP/2 framing by hand (a 5-byte prefix per message, status in the trailers), with no
// compression, no retries and no channel machinery. Failures are errors shaped like grpc-js's ServiceError
// (`code`, `details`, `metadata`), so code that explains grpc-js errors explains these unchanged.
import http2 from "node:http2";
import { Status } from "./status.js";

export { Status };

const NAMES = Object.fromEntries(Object.entries(Status).map(([k, v]) => [v, k])) as Record<number, string>;

/** grpc-js's default limit on a received message; the CLI's calls stay far below it. */
export const MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

/** The response trailers (or headers) of a failed call, read like grpc-js's Metadata. */
export class CallMetadata {
  constructor(private readonly headers: http2.IncomingHttpHeaders = {}) {}

  get(key: string): string[] {
    const v = this.headers[key.toLowerCase()];
    return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
  }
}

export class CallError extends Error {
  constructor(readonly code: number, readonly details: string, readonly metadata: CallMetadata = new CallMetadata()) {
    super(`${code} ${NAMES[code] ?? "UNKNOWN"}: ${details}`);
  }
}

/** How an HTTP status without a grpc-status maps to a gRPC code (the gRPC HTTP/2 mapping, as grpc-js has it). */
function fromHttpStatus(status: number): number {
  switch (status) {
    case 400: return Status.INTERNAL;
    case 401: return Status.UNAUTHENTICATED;
    case 403: return Status.PERMISSION_DENIED;
    case 404: return Status.UNIMPLEMENTED;
    case 429: case 502: case 503: case 504: return Status.UNAVAILABLE;
    default: return Status.UNKNOWN;
  }
}

/** grpc-message is percent-encoded; decoded as grpc-js decodes it (servers encode with encodeURI). */
function decodeGrpcMessage(text: string): string {
  try {
    return decodeURI(text);
  } catch {
    return text;
  }
}

/** The error for a session that never carried the call: connection refused, TLS refused, peer not who we want. */
export function unreachable(err: Error): CallError {
  return new CallError(Status.UNAVAILABLE, `No connection established. Last error: ${err.message}`);
}

export interface CallOptions {
  readonly timeoutMs: number;
  /** Request headers besides gRPC's own (the Workload API wants `workload.spiffe.io: true`). */
  readonly headers?: Record<string, string>;
  /**
   * Told each message as it arrives; returning true ends the call there (a caller that needs only the first message
   * of a server stream). Without it, the call wants exactly one message (unary).
   */
  readonly onMessage?: (message: Buffer) => boolean;
}

/**
 * Runs one call with `request` as the only request message. Resolves with the response message (unary), or with
 * the message `onMessage` stopped at; rejects with a CallError otherwise. `failure` is the session's own error,
 * if it has one (TLS refusal, connection refused), checked when the stream ends without a status.
 */
export function grpcCall(session: http2.ClientHttp2Session, path: string, request: Buffer, opts: CallOptions, failure: () => Error | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: CallError | undefined, message?: Buffer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err !== undefined) reject(err);
      else resolve(message as Buffer);
    };
    const stream = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": "application/grpc",
      te: "trailers",
      "grpc-timeout": `${Math.max(1, Math.ceil(opts.timeoutMs))}m`,
      "user-agent": "spike-cli",
      ...opts.headers,
    });
    const timer = setTimeout(() => {
      finish(new CallError(Status.DEADLINE_EXCEEDED, "Deadline exceeded"));
      stream.close(http2.constants.NGHTTP2_CANCEL);
    }, opts.timeoutMs);

    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders | undefined;
    let pending: Buffer = Buffer.alloc(0);
    const messages: Buffer[] = [];
    stream.on("response", (h) => {
      headers = h;
    });
    stream.on("trailers", (t) => {
      trailers = t;
    });
    stream.on("data", (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 5) {
        if (pending[0] !== 0) {
          finish(new CallError(Status.INTERNAL, "a compressed message arrived, but none was asked for"));
          stream.close(http2.constants.NGHTTP2_CANCEL);
          return;
        }
        const length = pending.readUInt32BE(1);
        if (length > MAX_RECEIVE_BYTES) {
          finish(new CallError(Status.RESOURCE_EXHAUSTED, `Received message larger than max (${length} vs. ${MAX_RECEIVE_BYTES})`));
          stream.close(http2.constants.NGHTTP2_CANCEL);
          return;
        }
        if (pending.length < 5 + length) break;
        const message = pending.subarray(5, 5 + length);
        pending = pending.subarray(5 + length);
        if (opts.onMessage?.(message) === true) {
          finish(undefined, message);
          stream.close(http2.constants.NGHTTP2_CANCEL);
          return;
        }
        messages.push(message);
      }
    });
    // A stream cancelled because its session failed carries that failure as its cause.
    let streamError: (Error & { cause?: unknown }) | undefined;
    stream.on("error", (err) => {
      streamError = err;
    });
    stream.on("close", () => {
      if (settled) return;
      const status = trailers?.["grpc-status"] ?? headers["grpc-status"];
      const where = trailers ?? headers;
      if (status === undefined) {
        const httpStatus = Number(headers[":status"] ?? 0);
        if (httpStatus !== 0 && httpStatus !== 200) {
          finish(new CallError(fromHttpStatus(httpStatus), `Received HTTP status code ${httpStatus}`, new CallMetadata(headers)));
          return;
        }
        // The session reports why it failed (TLS refusal, connection refused) just after its streams close.
        setImmediate(() => {
          const cause = failure() ?? (streamError?.cause instanceof Error ? streamError.cause : undefined);
          if (cause !== undefined) finish(unreachable(cause));
          else finish(new CallError(Status.UNAVAILABLE, `Connection dropped (stream closed with code ${stream.rstCode ?? "none"})`));
        });
        return;
      }
      const code = Number(status);
      if (code !== Status.OK) {
        finish(new CallError(code, decodeGrpcMessage(String(where["grpc-message"] ?? "")), new CallMetadata(where)));
        return;
      }
      if (opts.onMessage !== undefined) {
        finish(new CallError(Status.UNAVAILABLE, "the server ended the stream before sending a message"));
      } else if (messages.length !== 1) {
        finish(new CallError(Status.UNIMPLEMENTED, `${messages.length === 0 ? "No" : "Too many"} message${messages.length === 0 ? "" : "s"} received for unary call`));
      } else {
        finish(undefined, messages[0]);
      }
    });

    const frame = Buffer.alloc(5 + request.length);
    frame.writeUInt32BE(request.length, 1);
    request.copy(frame, 5);
    stream.end(frame);
  });
}
