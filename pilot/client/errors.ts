// The SDK's one error type. Every failure a caller can meet (a gRPC status from Nexus, a refused server identity,
// no SVID of our own, bad configuration) becomes a NexusError whose `code` is the same vocabulary Nexus throws
// (lib/errors.ts), plus "identity" for SPIFFE failures on either side of the handshake.
import * as grpc from "@grpc/grpc-js";
import { ConfigError } from "../../lib/env.js";
import type { ErrorCode } from "../../lib/errors.js";
import { IdentitySourceError } from "../../lib/identity.js";
import { EndpointError } from "../../spiffe/endpoint.js";
import { SvidFileError } from "../../spiffe/file-source.js";
import { SourceTimeoutError } from "../../spiffe/x509-source.js";

export type NexusErrorCode = ErrorCode | "identity";

export class NexusError extends Error {
  constructor(
    readonly code: NexusErrorCode,
    message: string,
    /** The gRPC status Nexus (or grpc-js) answered with; undefined for failures before any call. */
    readonly grpcCode?: grpc.status,
    /** How many times the call was sent or tried; more than 1 means it was retried. */
    readonly attempts = 1,
  ) {
    super(message);
    this.name = "NexusError";
  }
}

const BY_STATUS: Partial<Record<grpc.status, ErrorCode>> = {
  [grpc.status.INVALID_ARGUMENT]: "invalid_argument",
  [grpc.status.OUT_OF_RANGE]: "invalid_argument",
  [grpc.status.NOT_FOUND]: "not_found",
  [grpc.status.ALREADY_EXISTS]: "already_exists",
  [grpc.status.FAILED_PRECONDITION]: "failed_precondition",
  [grpc.status.ABORTED]: "failed_precondition",
  [grpc.status.PERMISSION_DENIED]: "permission_denied",
  [grpc.status.UNAUTHENTICATED]: "unauthenticated",
  [grpc.status.UNAVAILABLE]: "unavailable",
  [grpc.status.CANCELLED]: "unavailable",
  [grpc.status.DATA_LOSS]: "data_loss",
  [grpc.status.RESOURCE_EXHAUSTED]: "resource_exhausted",
  [grpc.status.UNIMPLEMENTED]: "unimplemented",
  [grpc.status.DEADLINE_EXCEEDED]: "deadline_exceeded",
};

export function isServiceError(err: unknown): err is grpc.ServiceError {
  return err instanceof Error && typeof (err as Partial<grpc.ServiceError>).code === "number" && "details" in err;
}

/** Our server-identity check refuses a handshake; grpc-js reports that as UNAVAILABLE, with our text in it. */
const SERVER_ID_REFUSED = /server SPIFFE ID|server certificate refused/;

/** grpc-js's words for a call that failed before any byte of it reached a server (no connection to pick). */
const NOT_SENT = /^No connection established/;

/** True when the call certainly never reached Nexus, so sending it again cannot apply it twice. */
export function neverSent(err: unknown): boolean {
  return isServiceError(err) && err.code === grpc.status.UNAVAILABLE && NOT_SENT.test(err.details) && !SERVER_ID_REFUSED.test(err.details);
}

/** Converts anything thrown on the way to Nexus into a NexusError. */
export function toNexusError(err: unknown, attempts = 1): NexusError {
  if (err instanceof NexusError) return err;
  if (isServiceError(err)) {
    // grpc-js appends resolver notes that say nothing to a caller.
    const details = (err.details || err.message).replace(/\.?\s*Resolution note:.*$/s, "");
    if (SERVER_ID_REFUSED.test(details)) {
      return new NexusError("identity", `Nexus is not who it should be: ${details.slice(details.search(SERVER_ID_REFUSED))}`, err.code, attempts);
    }
    return new NexusError(BY_STATUS[err.code] ?? "internal", details, err.code, attempts);
  }
  if (err instanceof IdentitySourceError || err instanceof SvidFileError || err instanceof EndpointError || err instanceof SourceTimeoutError) {
    return new NexusError("identity", `no SVID for this workload: ${err.message}`, undefined, attempts);
  }
  if (err instanceof ConfigError) return new NexusError("invalid_argument", err.message, undefined, attempts);
  return new NexusError("internal", err instanceof Error ? err.message : String(err), undefined, attempts);
}

/** An UNAVAILABLE that a later attempt may not meet: Nexus down, restarting, not ready, or its database down. */
export function transient(err: unknown): boolean {
  return isServiceError(err) && err.code === grpc.status.UNAVAILABLE && !SERVER_ID_REFUSED.test(err.details);
}
