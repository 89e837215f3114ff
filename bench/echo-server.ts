// The transport baseline: a one-method echo service over plain grpc-js mTLS (no SPIFFE code on either side), defined
// inline through proto-loader. Imported for the definition and the client; run as a forked child it is the server,
// configured by its first IPC message (an EchoServerInit).
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomUUID } from "node:crypto";
import { GroupCommit } from "../lib/group-commit.js";
import { createLogger } from "../lib/log.js";
import { createPool } from "../nexus/store/database.js";
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
  /**
   * A PostgreSQL database: every answer then waits for a record of its call, inserted the way Nexus inserts its
   * read records (ADR 0016, 0031): calls handed in together share one INSERT, committed without waiting for its WAL
   * flush, two groups in flight. The least a server that records each read before answering can do.
   */
  readonly recordUri?: string;
}

/** Records calls in groups, as Nexus's audit log groups read records (nexus/audit/log.ts). */
async function callRecorder(uri: string): Promise<{ record: (requestId: string) => Promise<void>; close: () => Promise<void> }> {
  const db = createPool({ connectionString: uri, max: 4 }, "echo-records", createLogger("echo", { level: 5 }));
  await db.none(`CREATE TABLE IF NOT EXISTS echo_records (id bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL, request_id text NOT NULL)`);
  const groups = new GroupCommit<string, void>(
    async (ids) => {
      await db.none({
        name: "echo-record",
        text: `WITH sc AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS v)
               INSERT INTO echo_records (recorded_at, request_id) SELECT $1::timestamptz, u.id FROM sc, unnest($2::text[]) AS u(id) WHERE sc.v = 'off'`,
        values: [new Date(), ids],
      });
      return [];
    },
    { max: 256, inFlight: 2 },
  );
  return { record: (id) => groups.add(id), close: () => db.$pool.end() };
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
  const recorder = init.recordUri === undefined ? undefined : await callRecorder(init.recordUri);
  const echo: grpc.handleUnaryCall<EchoMessage, EchoMessage> = recorder === undefined
    ? (call, callback) => callback(null, call.request)
    : (call, callback) => {
        recorder.record(randomUUID()).then(
          () => callback(null, call.request),
          (err: unknown) => callback({ code: grpc.status.UNAVAILABLE, details: String(err) }),
        );
      };
  server.addService(service, { Call: echo });
  const creds = grpc.ServerCredentials.createSsl(
    Buffer.from(init.caPem),
    [{ cert_chain: Buffer.from(init.certPem), private_key: Buffer.from(init.keyPem) }],
    true,
  );
  const port = await new Promise<number>((ok, fail) => server.bindAsync("127.0.0.1:0", creds, (err, p) => (err ? fail(err) : ok(p))));
  return { port, stop: () => new Promise<void>((done) => server.tryShutdown(() => done())).then(() => recorder?.close()) };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) runChild(serve);
