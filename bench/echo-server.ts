// The transport baseline: a one-method echo service over plain grpc-js mTLS (no SPIFFE code on either side), defined
// inline through proto-loader. Imported for the definition and the client; run as a forked child it is the server,
// configured by its first IPC message (an EchoServerInit).
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { firstMessage, runChild } from "./child.js";

export interface EchoMessage {
  payload: Buffer;
}

export interface EchoServerInit {
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** grpc-js server options (the lean echo passes the transport options Nexus runs with). */
  readonly serverOptions?: grpc.ServerOptions;
}

const definition = protoLoader.fromJSON(
  {
    nested: {
      bench: {
        nested: {
          EchoMessage: { fields: { payload: { type: "bytes", id: 1 } } },
          Echo: { methods: { Call: { requestType: "EchoMessage", responseType: "EchoMessage", comment: "" } } },
        },
      },
    },
  },
  { defaults: true },
);

const service = definition["bench.Echo"] as grpc.ServiceDefinition;
const callMethod = service.Call as grpc.MethodDefinition<EchoMessage, EchoMessage>;

/** A client for the echo service: one channel, one unary call with a deadline, like the Nexus client's. */
export function echoClient(address: string, creds: grpc.ChannelCredentials, options: grpc.ChannelOptions) {
  const client = new grpc.Client(address, creds, options);
  return {
    call: (payload: Buffer, timeoutMs = 5000): Promise<EchoMessage> =>
      new Promise((resolveCall, reject) => {
        client.makeUnaryRequest(
          callMethod.path,
          callMethod.requestSerialize,
          callMethod.responseDeserialize,
          { payload },
          new grpc.Metadata(),
          { deadline: Date.now() + timeoutMs },
          (err, res) => (err || res === undefined ? reject(err ?? new Error("empty response")) : resolveCall(res)),
        );
      }),
    close: (): void => client.close(),
  };
}

function isInit(m: unknown): m is EchoServerInit {
  return typeof m === "object" && m !== null && ["caPem", "certPem", "keyPem"].every((k) => typeof (m as Record<string, unknown>)[k] === "string");
}

async function serve(): Promise<{ port: number; stop: () => Promise<void> }> {
  const init = await firstMessage();
  if (!isInit(init)) throw new Error("the first IPC message must be { caPem, certPem, keyPem }");
  const server = new grpc.Server(init.serverOptions ?? {});
  const echo: grpc.handleUnaryCall<EchoMessage, EchoMessage> = (call, callback) => callback(null, call.request);
  server.addService(service, { Call: echo });
  const creds = grpc.ServerCredentials.createSsl(
    Buffer.from(init.caPem),
    [{ cert_chain: Buffer.from(init.certPem), private_key: Buffer.from(init.keyPem) }],
    true,
  );
  const port = await new Promise<number>((ok, fail) => server.bindAsync("127.0.0.1:0", creds, (err, p) => (err ? fail(err) : ok(p))));
  return { port, stop: () => new Promise((done) => server.tryShutdown(() => done())) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runChild(serve);
