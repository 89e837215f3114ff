// A SPIFFE Workload API server for one identity on one Unix socket (the dev issuer runs one per registration).
// It serves FetchX509SVID and FetchX509Bundles with full-state streams and a fresh message on every rotation;
// the JWT calls answer UNIMPLEMENTED. Requests without the `workload.spiffe.io: true` header get INVALID_ARGUMENT.
import * as grpc from "@grpc/grpc-js";
import type { CaMaterial, IssuedSvid } from "./ca.js";
import { workloadApiService } from "../lib/proto.js";
import type { SpiffeWorkloadAPIHandlers } from "../proto/types/SpiffeWorkloadAPI.js";
import type { X509SVIDResponse } from "../proto/types/X509SVIDResponse.js";
import type { X509BundlesResponse } from "../proto/types/X509BundlesResponse.js";

import { WORKLOAD_HEADER } from "./workload-messages.js";

export { WORKLOAD_HEADER };

export interface WorkloadIdentityState {
  readonly svid: IssuedSvid;
  readonly ca: CaMaterial;
}

export interface WorkloadApiServer {
  /** Sends the current state to every open stream (after a rotation). */
  publish(): void;
  close(): Promise<void>;
}

function hasSecurityHeader(metadata: grpc.Metadata): boolean {
  const values = metadata.get(WORKLOAD_HEADER);
  return values.length === 1 && values[0] === "true";
}

const missingHeader = {
  code: grpc.status.INVALID_ARGUMENT,
  details: `security header missing from request: send metadata "${WORKLOAD_HEADER}: true"`,
};

export async function serveWorkloadApi(socketPath: string, current: () => WorkloadIdentityState): Promise<WorkloadApiServer> {
  const svidStreams = new Set<grpc.ServerWritableStream<unknown, X509SVIDResponse>>();
  const bundleStreams = new Set<grpc.ServerWritableStream<unknown, X509BundlesResponse>>();

  const svidMessage = (): X509SVIDResponse => {
    const { svid, ca } = current();
    return {
      svids: [{ spiffeId: svid.spiffeId, x509Svid: svid.certDer, x509SvidKey: svid.keyDer, bundle: ca.cert.raw, hint: "" }],
      federatedBundles: {},
    };
  };
  const bundlesMessage = (): X509BundlesResponse => {
    const { ca } = current();
    return { bundles: { [`spiffe://${ca.trustDomain}`]: ca.cert.raw } };
  };

  function stream<T>(set: Set<grpc.ServerWritableStream<unknown, T>>, message: () => T) {
    return (call: grpc.ServerWritableStream<unknown, T>): void => {
      if (!hasSecurityHeader(call.metadata)) {
        call.emit("error", missingHeader);
        return;
      }
      set.add(call);
      const drop = (): void => {
        set.delete(call);
      };
      call.on("cancelled", drop);
      call.on("close", drop);
      call.on("error", drop);
      call.write(message());
    };
  }

  const unimplemented = (_call: unknown, callback?: grpc.sendUnaryData<never>): void => {
    callback?.({ code: grpc.status.UNIMPLEMENTED, details: "the Spike dev issuer serves X.509-SVIDs only" });
  };
  const unimplementedStream = (call: grpc.ServerWritableStream<unknown, unknown>): void => {
    call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "the Spike dev issuer serves X.509-SVIDs only" });
  };

  const handlers: SpiffeWorkloadAPIHandlers = {
    FetchX509SVID: stream(svidStreams, svidMessage),
    FetchX509Bundles: stream(bundleStreams, bundlesMessage),
    FetchJWTSVID: unimplemented,
    ValidateJWTSVID: unimplemented,
    FetchJWTBundles: unimplementedStream,
  };

  const server = new grpc.Server();
  server.addService(workloadApiService(), handlers);
  await new Promise<void>((resolve, reject) => {
    server.bindAsync(`unix://${socketPath}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve()));
  });

  return {
    publish() {
      for (const call of svidStreams) call.write(svidMessage());
      for (const call of bundleStreams) call.write(bundlesMessage());
    },
    close() {
      for (const call of [...svidStreams, ...bundleStreams]) call.end();
      server.forceShutdown();
      return Promise.resolve();
    },
  };
}
