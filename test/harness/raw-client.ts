// A grpc-js client that sends and receives raw bytes (identity serializers), so a test can put any bytes on the
// wire for any method: the fuzz and limits suites use it. Streams send each message in turn, then half-close.
import * as grpc from "@grpc/grpc-js";
import { channelOptions, clientCredentials } from "../../spiffe/tls.js";
import type { X509Source } from "../../spiffe/x509-source.js";

export interface RawMethod {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

export interface RawResult {
  readonly code: grpc.status;
  readonly details: string;
  readonly metadata: grpc.Metadata;
  /** Response messages received before the status. */
  readonly received: number;
  /** True when the status came from the client's own deadline (the server never answered in time). */
  readonly timedOut: boolean;
}

const identity = (b: Buffer): Buffer => b;

export function rawClient(address: string, source: X509Source, trustDomains: readonly string[]): grpc.Client {
  const creds = clientCredentials(source, trustDomains, { expected: "any server of the trust domain", allows: () => true });
  return new grpc.Client(address, creds, channelOptions({ "grpc.max_send_message_length": -1, "grpc.max_receive_message_length": -1 }));
}

export function rawCall(client: grpc.Client, method: RawMethod, messages: readonly Buffer[], timeoutMs = 5000): Promise<RawResult> {
  const deadline = Date.now() + timeoutMs;
  const md = new grpc.Metadata();
  return new Promise((resolve) => {
    let received = 0;
    const settle = (call: grpc.ClientReadableStream<Buffer> | grpc.ClientDuplexStream<Buffer, Buffer>): void => {
      call.on("data", () => {
        received += 1;
      });
      call.on("error", () => undefined);
      call.on("status", (s: grpc.StatusObject) =>
        resolve({ code: s.code, details: s.details, metadata: s.metadata, received, timedOut: s.code === grpc.status.DEADLINE_EXCEEDED && Date.now() >= deadline - 5 }));
    };
    const first = messages[0] ?? Buffer.alloc(0);
    if (!method.requestStream && !method.responseStream) {
      const call = client.makeUnaryRequest(method.path, identity, identity, first, md, { deadline }, (_err, res) => {
        if (res !== undefined) received += 1;
      });
      call.on("status", (s: grpc.StatusObject) =>
        resolve({ code: s.code, details: s.details, metadata: s.metadata, received, timedOut: s.code === grpc.status.DEADLINE_EXCEEDED && Date.now() >= deadline - 5 }));
    } else if (!method.requestStream) {
      settle(client.makeServerStreamRequest(method.path, identity, identity, first, md, { deadline }));
    } else if (!method.responseStream) {
      const call = client.makeClientStreamRequest(method.path, identity, identity, md, { deadline }, (_err, res) => {
        if (res !== undefined) received += 1;
      });
      call.on("status", (s: grpc.StatusObject) =>
        resolve({ code: s.code, details: s.details, metadata: s.metadata, received, timedOut: s.code === grpc.status.DEADLINE_EXCEEDED && Date.now() >= deadline - 5 }));
      call.on("error", () => undefined);
      for (const m of messages) call.write(m);
      call.end();
    } else {
      const call = client.makeBidiStreamRequest(method.path, identity, identity, md, { deadline });
      settle(call);
      for (const m of messages) call.write(m);
      call.end();
    }
  });
}
