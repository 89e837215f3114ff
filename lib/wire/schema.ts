// The gRPC contract as the one-shot wire code reads it: proto/descriptor.json, parsed once, on first use.
import { existsSync, readFileSync } from "node:fs";
import { DESCRIPTOR_PATH } from "../proto-paths.js";
import { ProtoSchema } from "./protobuf.js";

let schema: ProtoSchema | undefined;

/** Whether the descriptor is there (a checkout that deleted it falls back to grpc-js, which parses the .proto). */
export const haveDescriptor = (): boolean => existsSync(DESCRIPTOR_PATH);

export function wireSchema(): ProtoSchema {
  schema ??= new ProtoSchema(JSON.parse(readFileSync(DESCRIPTOR_PATH, "utf8")) as ConstructorParameters<typeof ProtoSchema>[0]);
  return schema;
}
