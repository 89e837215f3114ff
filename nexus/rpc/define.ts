// How a Nexus RPC is written and registered: guard -> validate -> act (-> audit, with the audit log).
//
// A handler can only be made by `unary`, `serverStream`, `clientStream`, `bidiStream` or `notYet`, and each of them demands a guard, so an RPC
// without a guard cannot be registered. `serviceHandlers` demands one entry per method of the proto service, so
// no method can be forgotten either (it would answer UNIMPLEMENTED without a guard having run).
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import type { SpiffeId } from "../../spiffe/id.js";
import type { HasAuthContext, PeerIdentities } from "../../spiffe/tls.js";
import { SpikeError, invalidArgument, permissionDenied, unavailable, unimplemented } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
import { AuditWriteError, type AuditEntry, type AuditSink } from "../audit/log.js";
import { auditIsBestEffort, auditIsCeremony, auditSubject, auditWithChange, defaultAction, type AuditSubject } from "../audit/resources.js";
import { MalformedRequest } from "./malformed.js";
import { toStatus } from "./status.js";

export interface CallContext {
  readonly peer: SpiffeId;
  readonly requestId: string;
  readonly method: string;
}

/** Who may call. `resource` picks what the decision is about from the request (a path, a policy name...). */
export interface Guard<Req> {
  /** Says who is allowed, for denial messages ("the Pilot superuser"). */
  readonly who: string;
  readonly allows: (peer: SpiffeId, request: Req | undefined) => boolean | Promise<boolean>;
}

export interface RpcDeps {
  readonly peers: PeerIdentities;
  readonly log: Log;
  /** Where every call's audit record goes (the audit step); a failing write fails the call. */
  readonly audit: AuditSink;
  /**
   * Runs before a change's transaction opens: work that must not happen inside it (the keyring reserving data-key
   * uses or creating a key, which must persist whether or not the change commits).
   */
  readonly prepareChange?: () => Promise<void>;
  /** Limits checked on every call before anything else (nexus/limits); none in tests that do not set them. */
  readonly limits?: CallLimits;
  /** Told how each call ended (metrics); must be cheap, it runs on every call. */
  readonly observer?: CallObserver;
}

export interface CallLimits {
  /** A status to refuse the call with before the guard runs (the caller's rate limit), else undefined. */
  readonly refuse: (call: HasAuthContext) => grpc.StatusObject | undefined;
  /** A unary call that has not answered after `deadline.ms` ends DEADLINE_EXCEEDED (nexus/limits/deadlines.ts). */
  readonly deadline: { readonly ms: number; add(expire: () => void): { settle(): void } };
}

export interface CallObserver {
  /** A call ended with `code`; it started at `startedMs` (performance.now()). */
  ended(method: string, code: grpc.status, startedMs: number): void;
  /** A call's audit record could not be written. */
  auditFailed(method: string): void;
}

/** The request the guard and audit subject see: none when its bytes did not decode. */
const decoded = <Req>(request: Req): Req | undefined => (request instanceof MalformedRequest ? undefined : request);

/** The validate step, which also refuses a request whose bytes did not decode. */
function validated<Req, Input>(validate: (request: Req) => Input, request: Req): Input {
  if (request instanceof MalformedRequest) throw invalidArgument(request.reason);
  return validate(request);
}

/** Ends a stream with `status` (an error status carries its trailers through the error object). */
const endStream = (call: { emit(event: "error", status: grpc.StatusObject): unknown }, status: grpc.StatusObject): void => {
  call.emit("error", status);
};

/** A registered RPC: its guard's description (for tests and docs) and how to make its grpc-js handler. */
export interface Rpc<Req, Res> {
  readonly who: string;
  readonly bind: (method: string, deps: RpcDeps) => grpc.UntypedHandleCall;
  /** Phantom: ties the RPC to its request and response types. */
  readonly types?: (req: Req) => Res;
}

async function admit<Req>(guard: Guard<Req>, call: HasAuthContext & { getPath(): string }, request: Req | undefined, deps: RpcDeps): Promise<CallContext> {
  let peer: SpiffeId;
  try {
    peer = deps.peers.of(call);
  } catch (err) {
    throw permissionDenied(err instanceof Error ? err.message : String(err));
  }
  if (!(await guard.allows(peer, request))) {
    throw permissionDenied(`${peer.text} may not call ${call.getPath()}: only ${guard.who} may`);
  }
  return { peer, requestId: randomUUID(), method: call.getPath() };
}

function report(err: unknown, method: string, deps: RpcDeps): grpc.StatusObject {
  if (!(err instanceof SpikeError)) deps.log.error("unexpected error in RPC", { method, error: String(err) });
  return toStatus(err);
}

/** How a call ended, as its audit row says: "ok", "denied", or the gRPC status code name the caller gets. */
function outcomeOf(err: unknown): string {
  const code = toStatus(err).code;
  return code === grpc.status.PERMISSION_DENIED ? "denied" : (grpc.status[code] ?? "UNKNOWN");
}

function callerOf(call: HasAuthContext, deps: RpcDeps): string {
  try {
    return deps.peers.of(call).text;
  } catch {
    return ""; // no valid SVID: the row still records the attempt
  }
}

/**
 * The audit step (ADR 0016). Runs the call (`work`: admit -> validate -> act) and writes its one audit record
 * (caller, action, resource, outcome) before the answer leaves. Allowed, denied and failed calls are all recorded.
 * A change made only in the database (auditWithChange) runs in one transaction with its record, so the two commit
 * together or not at all; any other call's record is appended once it has run (grouped with concurrent records
 * into one commit). If the record cannot be written, a call that succeeded fails instead (UNAVAILABLE, or
 * INTERNAL), so no answer, and no secret, leaves unaudited; a call that failed keeps its own error.
 */
async function audited<T>(
  method: string,
  deps: RpcDeps,
  call: HasAuthContext,
  subject: () => AuditSubject,
  admitCall: () => Promise<CallContext>,
  /** Validates the request (throwing INVALID_ARGUMENT) and returns the work; nothing is prepared before it. */
  act: (ctx: CallContext) => () => Promise<T>,
): Promise<T> {
  const started = process.hrtime.bigint();
  let ctx: CallContext | undefined;
  const entry = (outcome: string): AuditEntry => {
    let what: AuditSubject;
    try {
      what = subject();
    } catch {
      what = { action: defaultAction(method), resource: "" };
    }
    return {
      caller: ctx?.peer.text ?? callerOf(call, deps),
      action: what.action,
      resource: what.resource,
      outcome,
      requestId: ctx?.requestId ?? randomUUID(),
      durationMicros: Number((process.hrtime.bigint() - started) / 1000n),
    };
  };
  const refuse = (err: unknown): never => {
    const cause = err instanceof AuditWriteError ? err.cause : err;
    const reason = cause instanceof SpikeError ? cause.message : "the audit record could not be written";
    deps.observer?.auditFailed(method);
    deps.log.error("audit record not written", { method, requestId: ctx?.requestId, reason, error: String(cause) });
    if (cause instanceof SpikeError && cause.code === "unavailable") throw unavailable(`the audit log cannot record this call, so it is refused: ${cause.message}`);
    if (cause instanceof SpikeError && cause.code === "resource_exhausted") {
      throw new SpikeError("resource_exhausted", `the audit log cannot record this call, so it is refused: ${cause.message}`);
    }
    throw new SpikeError("internal", "the audit log cannot record this call, so it is refused");
  };

  let ended: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    // The guard runs before any transaction opens: a denied call holds no connection, and no lock.
    const admitted = (ctx = await admitCall());
    // Validation comes before preparing a change: a rejected request must not reserve data-key uses either.
    const work = act(admitted);
    if (auditWithChange(method)) {
      await deps.prepareChange?.();
      const value = await deps.audit.withChange(work, () => entry("ok"));
      return value; // its record committed with it
    }
    ended = { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof AuditWriteError) refuse(error); // the change was rolled back with its record
    ended = { ok: false, error };
  }
  try {
    await deps.audit.record(entry(ended.ok ? "ok" : outcomeOf(ended.error)), auditIsCeremony(method) ? "ceremony" : "read");
  } catch (err) {
    if (ended.ok && !auditIsBestEffort(method)) refuse(err);
    if (!(ended.ok)) {
      deps.observer?.auditFailed(method);
      deps.log.error("audit record not written", { method, requestId: ctx?.requestId, error: String(err) });
    }
  }
  if (!ended.ok) throw ended.error;
  return ended.value;
}

/** The audit subject of a call: the RPC's own `audit`, else the registry (nexus/audit/resources.ts). */
function subjectOf<Req>(own: ((request: Req) => AuditSubject) | undefined, method: string, request: Req | undefined): () => AuditSubject {
  return () => (own !== undefined && request !== undefined ? own(request) : auditSubject(method, request));
}

// Guards are written once per service for any request type; NoInfer lets the request type come from the proto
// method the RPC is registered under, not from the guard.
export interface UnaryRpc<Req, Res, Input> {
  readonly guard: Guard<NoInfer<Req>>;
  /** What the audit row names (never a value or token); by default from nexus/audit/resources.ts. */
  readonly audit?: (request: NoInfer<Req>) => AuditSubject;
  readonly validate: (request: Req) => Input;
  readonly act: (input: Input, ctx: CallContext) => Promise<Res>;
}

export function unary<Req, Res, Input>(def: UnaryRpc<Req, Res, Input>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleUnaryCall<Req, Res> = (call, callback) => {
        const started = performance.now();
        if (refusedByLimits(call, method, deps, started, callback)) return;
        let open = true;
        const finish = (status: grpc.StatusObject | null, res?: Res): void => {
          if (!open) return;
          open = false;
          pending?.settle();
          callback(status, res);
          deps.observer?.ended(method, status === null ? grpc.status.OK : status.code, started);
        };
        // The server's own deadline: the caller hears DEADLINE_EXCEEDED; work already started may still finish.
        const pending = deps.limits?.deadline.add(() => finish(deadlineExceeded(method, deps.limits?.deadline.ms ?? 0)));
        const request = decoded(call.request);
        audited(method, deps, call, subjectOf(def.audit, method, request), () => admit(def.guard, call, request, deps), (ctx) => {
          const input = validated(def.validate, call.request);
          return () => def.act(input, ctx);
        })
          .then((res) => finish(null, res), (err: unknown) => finish(report(err, method, deps)));
      };
      return handler;
    },
  };
}

export interface ServerStreamRpc<Req, Res, Input> {
  readonly guard: Guard<NoInfer<Req>>;
  /** What the audit row names (never a value or token); by default from nexus/audit/resources.ts. */
  readonly audit?: (request: NoInfer<Req>) => AuditSubject;
  readonly validate: (request: Req) => Input;
  /** `send`'s promise settles once the transport can take more (backpressure); callers that stream a lot await it. */
  readonly act: (input: Input, ctx: CallContext, send: (message: Res) => Promise<void>, signal: AbortSignal) => Promise<void>;
}

/** Writes to a stream call, settling once the transport can take more (or the call is gone). */
function writer<Res>(call: grpc.ServerWritableStream<unknown, Res> | grpc.ServerDuplexStream<unknown, Res>, signal: AbortSignal): (message: Res) => Promise<void> {
  return (message) =>
    new Promise((resolve) => {
      if (call.write(message) || signal.aborted) return resolve();
      const done = (): void => {
        call.off("drain", done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      call.on("drain", done);
      signal.addEventListener("abort", done);
    });
}

export function serverStream<Req, Res, Input>(def: ServerStreamRpc<Req, Res, Input>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleServerStreamingCall<Req, Res> = (call) => {
        const started = performance.now();
        if (refusedByLimits(call, method, deps, started, (status) => endStream(call, status))) return;
        const abort = new AbortController();
        call.on("cancelled", () => abort.abort());
        const request = decoded(call.request);
        // A stream's record is written when it ends, before its final status.
        audited(method, deps, call, subjectOf(def.audit, method, request), () => admit(def.guard, call, request, deps), (ctx) => {
          const input = validated(def.validate, call.request);
          return () => def.act(input, ctx, writer(call, abort.signal), abort.signal);
        })
          .then(...streamOutcome(call, method, deps, started));
      };
      return handler;
    },
  };
}

/** How a server-sending stream ends: OK, or the error's status (as an error status on the stream), observed. */
function streamOutcome(call: grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>, method: string, deps: RpcDeps, started: number): [() => void, (err: unknown) => void] {
  return [
    () => {
      call.end();
      deps.observer?.ended(method, grpc.status.OK, started);
    },
    (err: unknown) => {
      const status = report(err, method, deps);
      endStream(call, status);
      deps.observer?.ended(method, status.code, started);
    },
  ];
}

/**
 * Answers a call the limits refuse (the caller's rate limit) before anything else runs, through `answer` (a unary
 * callback, or the stream's end); true if so.
 */
function refusedByLimits(call: HasAuthContext, method: string, deps: RpcDeps, started: number, answer: (status: grpc.StatusObject) => void): boolean {
  const refused = deps.limits?.refuse(call);
  if (refused === undefined) return false;
  answer(refused);
  deps.observer?.ended(method, refused.code, started);
  return true;
}

export interface BidiStreamRpc<Req, Res> {
  readonly guard: Guard<NoInfer<Req>>;
  /**
   * Reads the requests as they arrive (each one is validated here: a stream has no single request to validate up
   * front) and answers through `send`, whose promise settles once the transport can take more (backpressure).
   */
  readonly act: (requests: AsyncIterable<Req>, ctx: CallContext, send: (message: Res) => Promise<void>, signal: AbortSignal) => Promise<void>;
}

/** A bidirectional stream. The guard runs before the first request is read, so it decides on the peer alone. */
export function bidiStream<Req, Res>(def: BidiStreamRpc<Req, Res>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleBidiStreamingCall<Req, Res> = (call) => {
        const started = performance.now();
        if (refusedByLimits(call, method, deps, started, (status) => endStream(call, status))) return;
        const abort = new AbortController();
        // A cancelled call may never end its request stream: destroying it ends a read that is waiting.
        call.on("cancelled", () => {
          abort.abort();
          call.destroy();
        });
        const send = writer(call, abort.signal);
        // Leaving the loop early (an error) must not destroy the call: the error status still has to be sent.
        const requests = decodedRequests(call.iterator({ destroyOnReturn: false }) as AsyncIterable<Req>);
        // A stream's record is written when it ends, before its final status.
        audited(method, deps, call, subjectOf(undefined, method, undefined), () => admit(def.guard, call, undefined, deps), (ctx) =>
          () => def.act(requests, ctx, send, abort.signal))
          .then(...streamOutcome(call, method, deps, started));
      };
      return handler;
    },
  };
}

export interface ClientStreamRpc<Req, Res> {
  readonly guard: Guard<NoInfer<Req>>;
  /** Reads the requests as they arrive (each validated here) and returns the one answer. */
  readonly act: (requests: AsyncIterable<Req>, ctx: CallContext, signal: AbortSignal) => Promise<Res>;
}

/** A client stream (an upload). The guard runs before the first request is read, so it decides on the peer alone. */
export function clientStream<Req, Res>(def: ClientStreamRpc<Req, Res>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleClientStreamingCall<Req, Res> = (call, callback) => {
        const started = performance.now();
        if (refusedByLimits(call, method, deps, started, callback)) return;
        const abort = new AbortController();
        call.on("cancelled", () => {
          abort.abort();
          call.destroy();
        });
        const requests = decodedRequests(call.iterator({ destroyOnReturn: false }) as AsyncIterable<Req>);
        audited(method, deps, call, subjectOf(undefined, method, undefined), () => admit(def.guard, call, undefined, deps), (ctx) =>
          () => def.act(requests, ctx, abort.signal))
          .then((res) => {
            callback(null, res);
            deps.observer?.ended(method, grpc.status.OK, started);
          }, (err: unknown) => {
            const status = report(err, method, deps);
            callback(status);
            deps.observer?.ended(method, status.code, started);
          });
      };
      return handler;
    },
  };
}

/** A stream's requests, refusing (INVALID_ARGUMENT) at the first one whose bytes did not decode. */
async function* decodedRequests<Req>(requests: AsyncIterable<Req>): AsyncIterable<Req> {
  try {
    for await (const request of requests) {
      if (request instanceof MalformedRequest) throw invalidArgument(request.reason);
      yield request;
    }
  } catch (err) {
    // grpc-js already ended the call (a message over the size limit, a cancelled call): not a server fault.
    if ((err as { code?: unknown }).code === "ERR_STREAM_PREMATURE_CLOSE") throw unavailable("the request stream closed before it ended");
    throw err;
  }
}

function deadlineExceeded(method: string, ms: number): grpc.StatusObject {
  return { code: grpc.status.DEADLINE_EXCEEDED, details: `${method} did not finish within the server's deadline of ${ms} ms (SPIKE_NEXUS_RPC_DEADLINE)`, metadata: new grpc.Metadata() };
}

/**
 * An RPC of the contract that a later capability implements. It still runs its guard first, so an unauthorized
 * peer learns nothing (PERMISSION_DENIED), and only then answers UNIMPLEMENTED.
 */
export function notYet<Req, Res>(guard: Guard<Req>, capability: string): Rpc<Req, Res> {
  return {
    who: guard.who,
    bind: (method, deps) => {
      const fail = (err: unknown): grpc.StatusObject => report(err, method, deps);
      const refuse = (): never => {
        throw unimplemented(`${method} is not implemented yet (${capability})`);
      };
      const handler = (
        call: (grpc.ServerUnaryCall<Req, Res> | grpc.ServerReadableStream<Req, Res> | grpc.ServerWritableStream<Req, Res> | grpc.ServerDuplexStream<Req, Res>) & { request?: Req },
        callback?: grpc.sendUnaryData<Res>,
      ): void => {
        const started = performance.now();
        const end = (status: grpc.StatusObject): void => {
          if (callback) callback(status);
          else endStream(call, status);
          deps.observer?.ended(method, status.code, started);
        };
        const refused = deps.limits?.refuse(call);
        if (refused !== undefined) return end(refused);
        audited(method, deps, call, subjectOf(undefined, method, decoded(call.request)), () => admit(guard, call, undefined, deps), refuse).catch((err: unknown) => end(fail(err)));
      };
      return handler as grpc.UntypedHandleCall;
    },
  };
}

type MethodTypes<M> = M extends MethodDefinition<infer _ReqIn, infer ResIn, infer ReqOut, infer _ResOut> ? Rpc<ReqOut, ResIn> : never;

/** One entry per method of the service definition; the compiler refuses a missing one. */
/** (grpc.ServiceDefinition's string index signature is dropped: only the named methods count.) */
export type ServiceRpcs<D extends grpc.ServiceDefinition> = {
  readonly [K in keyof D as string extends K ? never : K]: MethodTypes<D[K]>;
};

export function serviceHandlers<D extends grpc.ServiceDefinition>(definition: D, rpcs: ServiceRpcs<D>, deps: RpcDeps): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    const rpc = (rpcs as Readonly<Record<string, Rpc<unknown, unknown> | undefined>>)[name];
    if (rpc === undefined) throw new Error(`no handler for ${String(name)}`);
    const method = (definition[name] as grpc.MethodDefinition<unknown, unknown>).path;
    handlers[name] = rpc.bind(method, deps);
  }
  return handlers;
}
