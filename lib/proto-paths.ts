// Where the gRPC contract lives on disk: the .proto files and the generated descriptor (proto/descriptor.json).
// Apart from lib/proto.ts so that code reading the descriptor by itself (the CLI's one-shot calls, ADR 0029) does
// not load grpc-js and protobufjs.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The proto files, relative to PROTO_DIR. */
export const PROTO_FILES = [
  "spike/v1/common.proto",
  "spike/v1/secrets.proto",
  "spike/v1/policies.proto",
  "spike/v1/cipher.proto",
  "spike/v1/operator.proto",
  "spike/v1/admin_tokens.proto",
  "spike/v1/audit.proto",
  "spike/v1/backup.proto",
  "spike/v1/keeper.proto",
  "grpc/health/v1/health.proto",
  "spiffe/workload.proto",
] as const;

/** proto/ at the package root: one level up from lib/ (sources, run by tsx), two from dist/lib/ (compiled). */
export const PROTO_DIR: string = (() => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, "..", "proto"), path.resolve(here, "..", "..", "proto")];
  const found = candidates.find((dir) => existsSync(path.join(dir, PROTO_FILES[0])));
  if (found === undefined) throw new Error(`proto files not found in ${candidates.join(" or ")}`);
  return found;
})();

/** The generated descriptor; without it (a checkout that deleted it), the .proto files are parsed as before. */
export const DESCRIPTOR_PATH: string = path.join(PROTO_DIR, "descriptor.json");

