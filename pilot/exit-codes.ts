// The spike CLI's exit codes: one per failure class, stable across releases (documented in the README).
// The numbers come from lib/wire/status.ts rather than grpc-js, which a one-shot CLI call never loads (ADR 0029).
import { Status } from "../lib/wire/status.js";

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

export function exitCodeForStatus(code: number): ExitCode {
  switch (code) {
    case Status.NOT_FOUND: return EXIT.notFound;
    case Status.PERMISSION_DENIED:
    case Status.UNAUTHENTICATED: return EXIT.denied;
    case Status.INVALID_ARGUMENT:
    case Status.OUT_OF_RANGE: return EXIT.invalid;
    case Status.UNAVAILABLE:
    case Status.DEADLINE_EXCEEDED: return EXIT.unavailable;
    case Status.ALREADY_EXISTS:
    case Status.FAILED_PRECONDITION:
    case Status.ABORTED: return EXIT.conflict;
    case Status.DATA_LOSS: return EXIT.dataLoss;
    case Status.RESOURCE_EXHAUSTED: return EXIT.exhausted;
    case Status.UNIMPLEMENTED: return EXIT.unimplemented;
    default: return EXIT.internal;
  }
}
