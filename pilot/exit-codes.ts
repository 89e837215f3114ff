// The spike CLI's exit codes: one per failure class, stable across releases (documented in the README).
import * as grpc from "@grpc/grpc-js";

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  notFound: 3,
  denied: 4,
  invalid: 5,
  unavailable: 6,
  conflict: 7,
  dataLoss: 8,
  identity: 9,
  exhausted: 10,
  unimplemented: 11,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeForStatus(code: grpc.status): ExitCode {
  switch (code) {
    case grpc.status.NOT_FOUND: return EXIT.notFound;
    case grpc.status.PERMISSION_DENIED:
    case grpc.status.UNAUTHENTICATED: return EXIT.denied;
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.OUT_OF_RANGE: return EXIT.invalid;
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED: return EXIT.unavailable;
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.FAILED_PRECONDITION:
    case grpc.status.ABORTED: return EXIT.conflict;
    case grpc.status.DATA_LOSS: return EXIT.dataLoss;
    case grpc.status.RESOURCE_EXHAUSTED: return EXIT.exhausted;
    case grpc.status.UNIMPLEMENTED: return EXIT.unimplemented;
    default: return EXIT.internal;
  }
}
