// Calls any RPC of a service definition with an empty request, whatever its streaming kind, and returns the final
// status. The every-RPC authorization tests walk the proto with it.
import * as grpc from "@grpc/grpc-js";

type AnyMethod = grpc.MethodDefinition<object, object>;

export function callAny(client: grpc.Client, method: AnyMethod, timeoutMs = 5000): Promise<grpc.StatusObject> {
  const md = new grpc.Metadata();
  const opts: grpc.CallOptions = { deadline: Date.now() + timeoutMs };
  const ser = method.requestSerialize;
  const de = method.responseDeserialize;
  return new Promise((resolve) => {
    const settle = (call: { on(event: "status", l: (s: grpc.StatusObject) => void): unknown; on(event: "error" | "data", l: () => void): unknown }): void => {
      call.on("error", () => {});
      call.on("data", () => {});
      call.on("status", (s) => resolve(s));
    };
    if (!method.requestStream && !method.responseStream) {
      settle(client.makeUnaryRequest(method.path, ser, de, {}, md, opts, () => {}));
    } else if (!method.requestStream) {
      settle(client.makeServerStreamRequest(method.path, ser, de, {}, md, opts));
    } else if (!method.responseStream) {
      const call = client.makeClientStreamRequest(method.path, ser, de, md, opts, () => {});
      settle(call);
      call.end();
    } else {
      const call = client.makeBidiStreamRequest(method.path, ser, de, md, opts);
      settle(call);
      call.end();
    }
  });
}
