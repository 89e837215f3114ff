// A unary call as a promise with a deadline: `unary((md, o, cb) => client.Check(req, md, o, cb))`. It works with
// grpc-js clients and with the CLI's one-shot connection alike (ADR 0029). Only grpc-js's small Metadata module is
// imported (grpc-js's own clients check `instanceof` against that very class), not grpc-js itself.
import type * as grpc from "@grpc/grpc-js";
import { Metadata } from "@grpc/grpc-js/build/src/metadata.js";

export function unary<Res>(
  start: (md: grpc.Metadata, opts: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => grpc.ClientUnaryCall,
  timeoutMs = 10_000,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    start(new Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => {
      if (err) reject(err);
      else resolve(res as Res);
    });
  });
}
