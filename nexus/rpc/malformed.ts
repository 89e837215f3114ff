// Requests whose bytes are not a valid protobuf message of the method's type. grpc-js answers those INTERNAL
// ("Error deserializing request") before any handler runs; bad input is the caller's fault, so Nexus decodes
// through a wrapper that hands the handler a MalformedRequest instead, and the validate step refuses it with
// INVALID_ARGUMENT (after the guard, so an unauthorized peer still learns nothing).
import type * as grpc from "@grpc/grpc-js";

export class MalformedRequest {
  constructor(readonly reason: string) {}
}

/** The service definition with every request decoder made total: undecodable bytes become a MalformedRequest. */
export function tolerantDefinition<D extends grpc.ServiceDefinition>(definition: D): D {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, method] of Object.entries(definition) as Array<[string, grpc.MethodDefinition<unknown, unknown>]>) {
    const decode = method.requestDeserialize;
    out[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return decode(bytes);
        } catch (err) {
          return new MalformedRequest(`the request is not a valid ${method.path} message: ${err instanceof Error ? err.message : String(err)}`);
        }
      },
    };
  }
  return out as unknown as D;
}
