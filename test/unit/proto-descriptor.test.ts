// proto/descriptor.json is what every program loads instead of parsing the .proto files (ADR 0017): it must be
// exactly what `npm run gen:proto` would write now, and must build the same contract as parsing the .proto text.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import * as protoLoader from "@grpc/proto-loader";
import { DESCRIPTOR_PATH, LOADER_OPTIONS, PROTO_DIR, PROTO_FILES, packageDefinition } from "../../lib/proto.js";
import { DESCRIPTOR_FILE, descriptorJson } from "../../proto/gen-types.js";

test("proto/descriptor.json is fresh (run `npm run gen:proto` after changing a .proto)", () => {
  assert.equal(DESCRIPTOR_PATH, DESCRIPTOR_FILE);
  assert.equal(readFileSync(DESCRIPTOR_FILE, "utf8"), descriptorJson(LOADER_OPTIONS));
});

test("the descriptor builds the same services, methods and message descriptors as parsing the .proto files", () => {
  const parsed = protoLoader.loadSync([...PROTO_FILES], { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] });
  const shape = (def: protoLoader.PackageDefinition) =>
    Object.fromEntries(
      Object.entries(def).map(([name, d]) => [
        name,
        "format" in d
          ? { type: d.type }
          : Object.fromEntries(
              Object.entries(d as protoLoader.ServiceDefinition).map(([rpc, m]) => [
                rpc,
                { path: m.path, requestStream: m.requestStream, responseStream: m.responseStream, request: m.requestType.type, response: m.responseType.type },
              ]),
            ),
      ]),
    );
  assert.deepEqual(shape(packageDefinition), shape(parsed));
  // And the wire bytes agree for a message with a map, a oneof-free nested message and a timestamp.
  const put = (def: protoLoader.PackageDefinition): protoLoader.MethodDefinition<object, object> => {
    const method = (def["spike.v1.Secrets"] as protoLoader.ServiceDefinition).Put;
    assert.ok(method !== undefined);
    return method;
  };
  const request = { path: "apps/db", data: { a: "1" }, cas: 0, customMetadata: { entries: { owner: "x" } } };
  assert.deepEqual(put(packageDefinition).requestSerialize(request), put(parsed).requestSerialize(request));
});
