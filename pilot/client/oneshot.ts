// A Nexus connection for one CLI invocation's unary calls (ADR 0029): one HTTP/2 session over node:tls, requests
// and responses encoded from proto/descriptor.json, no grpc-js or protobufjs loaded. It has the shape of
// NexusConnection, so commands call it as they call grpc-js clients; a streaming method throws, because the
// commands that stream ask withNexus for grpc-js. Nexus is checked exactly as grpc-js's credentials check it
// (spiffe/tls.ts): OpenSSL verifies the chain against our trust domains' bundles, then serverIdentityCheck wants a
// valid SVID whose ID is Nexus's.
import type * as grpc from "@grpc/grpc-js";
import http2 from "node:http2";
import tls from "node:tls";
import { serverOfRole } from "../../lib/roles.js";
import { CallError, grpcCall, Status, unreachable } from "../../lib/wire/grpc-call.js";
import { decodeMessage, encodeMessage, type Message } from "../../lib/wire/protobuf.js";
import { wireSchema } from "../../lib/wire/schema.js";
import type { SpiffeId } from "../../spiffe/id.js";
import { serverIdentityCheck } from "../../spiffe/server-check.js";
import { bundlesToPem } from "../../spiffe/x509-svid.js";
import type { X509Source } from "../../spiffe/x509-source.js";
import type { NexusConnection } from "./connect.js";

const SERVICES = {
  health: "grpc.health.v1.Health",
  operator: "spike.v1.Operator",
  secrets: "spike.v1.Secrets",
  policies: "spike.v1.Policies",
  cipher: "spike.v1.Cipher",
  adminTokens: "spike.v1.AdminTokens",
  audit: "spike.v1.Audit",
  backup: "spike.v1.Backup",
} as const;

type UnaryMethod = (request: Message, md: unknown, opts: grpc.CallOptions, cb: (err: CallError | null, res?: Message) => void) => { cancel(): void };

/** "host:port" or "[v6]:port" (already checked by the configuration). */
function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(":");
  return { host: address.slice(0, at).replace(/^\[|\]$/g, ""), port: Number(address.slice(at + 1)) };
}

export function connectNexusOnce(address: string, source: X509Source, trustDomains: readonly string[]): NexusConnection {
  const schema = wireSchema();
  let serverId: SpiffeId | undefined;
  let session: http2.ClientHttp2Session | undefined;
  let failure: Error | undefined;
  const checkServerIdentity = serverIdentityCheck(source, trustDomains, serverOfRole("nexus", trustDomains, (id) => {
    serverId = id;
  }));

  const open = (): http2.ClientHttp2Session => {
    if (session !== undefined && !session.destroyed) return session;
    failure = undefined;
    const { host, port } = hostPort(address);
    const svid = source.svid();
    // The same TLS settings grpc-js uses with our credentials: our trust domains' CAs, our SVID, ALPN h2, a fixed SNI.
    const secureContext = tls.createSecureContext({ ca: bundlesToPem(source.bundles(), trustDomains), key: svid.keyPem, cert: svid.certChainPem });
    const s = http2.connect(`https://${address}`, {
      createConnection: () => tls.connect({ host, port, servername: "spiffe", ALPNProtocols: ["h2"], secureContext, checkServerIdentity }),
    });
    s.on("error", (err) => {
      failure = err;
    });
    session = s;
    return s;
  };

  const service = (name: string): Record<string, UnaryMethod> => {
    const methods: Record<string, UnaryMethod> = {};
    for (const method of schema.methods(name)) {
      methods[method] = (request, _md, opts, cb) => {
        const info = schema.method(name, method);
        if (info.requestStream || info.responseStream) {
          throw new Error(`${info.path} streams; a command that calls it must ask withNexus for grpc-js ({ streams: true })`);
        }
        const deadline = opts.deadline instanceof Date ? opts.deadline.getTime() : Number(opts.deadline ?? Date.now() + 10_000);
        let body: Buffer;
        try {
          body = encodeMessage(info.request, request);
        } catch (err) {
          queueMicrotask(() => cb(new CallError(Status.INTERNAL, `Request message serialization failure: ${(err as Error).message}`)));
          return { cancel: () => {} };
        }
        let s: http2.ClientHttp2Session;
        try {
          s = open();
        } catch (err) {
          queueMicrotask(() => cb(unreachable(err as Error)));
          return { cancel: () => {} };
        }
        grpcCall(s, info.path, body, { timeoutMs: Math.max(1, deadline - Date.now()), headers: { ":authority": "spiffe" } }, () => failure)
          .then((res) => {
            let decoded: Message;
            try {
              decoded = decodeMessage(info.response, res);
            } catch (err) {
              cb(new CallError(Status.INTERNAL, `Response message parsing error: ${(err as Error).message}`));
              return;
            }
            cb(null, decoded);
          }, (err: CallError) => cb(err));
        return { cancel: () => s.destroy() };
      };
    }
    return methods;
  };

  const connection = Object.fromEntries(Object.entries(SERVICES).map(([key, name]) => [key, service(name)]));
  return {
    ...connection,
    address,
    serverId: () => serverId,
    close: () => session?.destroy(),
  } as unknown as NexusConnection;
}
