// How a Nexus RPC is written and registered: guard -> validate -> act (-> audit, with the audit log).
//
// A handler can only be made by `unary`, `serverStream` or `notYet`, and each of them demands a guard, so an RPC
// without a guard cannot be registered. `serviceHandlers` demands one entry per method of the proto service, so
// no method can be forgotten either (it would answer UNIMPLEMENTED without a guard having run).
import * as grpc from "@grpc/grpc-js";
import type { MethodDefinition } from "@grpc/proto-loader";
import { randomUUID } from "node:crypto";
import type { SpiffeId } from "../../spiffe/id.js";
import type { HasAuthContext, PeerIdentities } from "../../spiffe/tls.js";
import { SpikeError, permissionDenied, unimplemented } from "../../lib/errors.js";
import type { Log } from "../../lib/log.js";
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
}

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

// Guards are written once per service for any request type; NoInfer lets the request type come from the proto
// method the RPC is registered under, not from the guard.
export interface UnaryRpc<Req, Res, Input> {
  readonly guard: Guard<NoInfer<Req>>;
  readonly validate: (request: Req) => Input;
  readonly act: (input: Input, ctx: CallContext) => Promise<Res>;
}

export function unary<Req, Res, Input>(def: UnaryRpc<Req, Res, Input>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleUnaryCall<Req, Res> = (call, callback) => {
        admit(def.guard, call, call.request, deps)
          .then((ctx) => def.act(def.validate(call.request), ctx))
          .then((res) => callback(null, res), (err: unknown) => callback(report(err, method, deps)));
      };
      return handler;
    },
  };
}

export interface ServerStreamRpc<Req, Res, Input> {
  readonly guard: Guard<NoInfer<Req>>;
  readonly validate: (request: Req) => Input;
  readonly act: (input: Input, ctx: CallContext, send: (message: Res) => void, signal: AbortSignal) => Promise<void>;
}

export function serverStream<Req, Res, Input>(def: ServerStreamRpc<Req, Res, Input>): Rpc<Req, Res> {
  return {
    who: def.guard.who,
    bind: (method, deps) => {
      const handler: grpc.handleServerStreamingCall<Req, Res> = (call) => {
        const abort = new AbortController();
        call.on("cancelled", () => abort.abort());
        admit(def.guard, call, call.request, deps)
          .then((ctx) => def.act(def.validate(call.request), ctx, (m) => call.write(m), abort.signal))
          .then(() => call.end(), (err: unknown) => call.emit("error", report(err, method, deps)));
      };
      return handler;
    },
  };
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
        admit(guard, call, undefined, deps).then(refuse).catch((err: unknown) => {
          if (callback) callback(fail(err));
          else call.emit("error", fail(err));
        });
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
