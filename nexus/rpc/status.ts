// The one place typed error codes become gRPC status codes. Anything that is not a SpikeError is an internal error
// and its message is not sent to the caller (it might hold something it should not).
import * as grpc from "@grpc/grpc-js";
import { SpikeError, type ErrorCode } from "../../lib/errors.js";

const STATUS: Record<ErrorCode, grpc.status> = {
  invalid_argument: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  already_exists: grpc.status.ALREADY_EXISTS,
  failed_precondition: grpc.status.FAILED_PRECONDITION,
  permission_denied: grpc.status.PERMISSION_DENIED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  unavailable: grpc.status.UNAVAILABLE,
  data_loss: grpc.status.DATA_LOSS,
  resource_exhausted: grpc.status.RESOURCE_EXHAUSTED,
  unimplemented: grpc.status.UNIMPLEMENTED,
  deadline_exceeded: grpc.status.DEADLINE_EXCEEDED,
  internal: grpc.status.INTERNAL,
};

export function toStatus(err: unknown): grpc.StatusObject {
  if (err instanceof SpikeError) {
    return { code: STATUS[err.code], details: err.message, metadata: new grpc.Metadata() };
  }
  return { code: grpc.status.INTERNAL, details: "internal error", metadata: new grpc.Metadata() };
}
