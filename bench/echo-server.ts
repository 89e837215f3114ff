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
   * Every answer waits for a record of its call in this PostgreSQL database, inserted the way Nexus groups its
   * writes: calls handed in together share one INSERT, two groups in flight. "read": a row per call committed without
   * waiting for its WAL flush, as Nexus's read records are (ADR 0016, 0031). "durable": a row per call holding the
   * call's payload, committed with its WAL flush, as a put group is (ADR 0033). The least a server that records each
   * read, or durably stores each write, before answering can do.
   */
  readonly record?: { readonly uri: string; readonly kind: "read" | "durable" };
}

/** Records calls in groups (nexus/audit/log.ts, nexus/store/put-groups.ts). */
async function callRecorder(uri: string, kind: "read" | "durable"): Promise<{ record: (payload: Buffer) => Promise<void>; close: () => Promise<void> }> {
  const db = createPool({ connectionString: uri, max: 4 }, "echo-records", createLogger("echo", { level: 5 }));
  await db.none("CREATE TABLE IF NOT EXISTS echo_records (id bigserial PRIMARY KEY, recorded_at timestamptz NOT NULL, request_id text NOT NULL, payload bytea)");
  const insert = kind === "read"
    ? `WITH sc AS MATERIALIZED (SELECT set_config('synchronous_commit', 'off', true) AS v)
       INSERT INTO echo_records (recorded_at, request_id) SELECT $1::timestamptz, u.id FROM sc, unnest($2::text[]) AS u(id) WHERE sc.v = 'off'`
    : "INSERT INTO echo_records (recorded_at, request_id, payload) SELECT $1::timestamptz, u.id, u.p FROM unnest($2::text[], $3::bytea[]) AS u(id, p)";
  const groups = new GroupCommit<Buffer, void>(
    async (payloads) => {
      const ids = payloads.map(() => randomUUID());
      await db.none({ name: `echo-record-${kind}`, text: insert, values: kind === "read" ? [new Date(), ids] : [new Date(), ids, payloads] });
      return [];
    },
    { max: kind === "read" ? 256 : 64, inFlight: 2 },
  );
  return { record: (payload) => groups.add(payload), close: () => db.$pool.end() };
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
  const recorder = init.record === undefined ? undefined : await callRecorder(init.record.uri, init.record.kind);
  const echo: grpc.handleUnaryCall<EchoMessage, EchoMessage> = recorder === undefined
    ? (call, callback) => callback(null, call.request)
    : (call, callback) => {
        recorder.record(call.request.payload).then(
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
