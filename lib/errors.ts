// Typed error codes, shared by Nexus, Keeper and the client library. Each maps to exactly one gRPC status
// (nexus/rpc/status.ts) and, in the CLI, to exactly one exit code (pilot/exit-codes.ts).
export type ErrorCode =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "permission_denied"
  | "unauthenticated"
  | "unavailable"
  | "data_loss"
  | "resource_exhausted"
  | "unimplemented"
  | "deadline_exceeded"
  | "internal";

export class SpikeError extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
    this.name = "SpikeError";
  }
}

export const invalidArgument = (message: string): SpikeError => new SpikeError("invalid_argument", message);
export const notFound = (message: string): SpikeError => new SpikeError("not_found", message);
export const permissionDenied = (message: string): SpikeError => new SpikeError("permission_denied", message);
export const unavailable = (message: string): SpikeError => new SpikeError("unavailable", message);
export const unimplemented = (message: string): SpikeError => new SpikeError("unimplemented", message);
