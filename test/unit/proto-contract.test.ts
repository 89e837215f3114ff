// The gRPC contract keeps its promises: every proto loads, every service is exposed, every RPC documents its status
// codes, every field is documented, names follow one rule, health matches the standard wire format, and the
// committed generated types are what the generator makes today.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import {
  LOADER_OPTIONS,
  NEXUS_SERVICES,
  PROTO_DIR,
  PROTO_FILES,
  packageDefinition,
  serviceNames,
  services,
} from "../../lib/proto.js";
import { TYPES_DIR, generateTypes, protoFiles } from "../../proto/gen-types.js";

/** The protos this project writes itself (the Workload API follows the SPIFFE spec's own text). */
const OWN_PROTOS = PROTO_FILES.filter((file) => file.startsWith("spike/") || file.startsWith("grpc/"));

const STATUS_CODES = Object.keys(grpc.status).filter((name) => /^[A-Z_]+$/.test(name) && name !== "OK");
const MENTIONS_STATUS = new RegExp(`\\b(${STATUS_CODES.join("|")})\\b`);

function isService(definition: protoLoader.AnyDefinition): definition is protoLoader.ServiceDefinition {
  return !("format" in definition);
}

function descriptorName(definition: { type: object }): string {
  const name: unknown = (definition.type as { name?: unknown }).name;
  assert.equal(typeof name, "string");
  return name as string;
}

function protoLines(file: string): string[] {
  return readFileSync(path.join(PROTO_DIR, file), "utf8").split("\n");
}

/** The `//` comment lines directly above line `index`. */
function leadingComment(lines: readonly string[], index: number): string {
  const comment: string[] = [];
  for (let i = index - 1; i >= 0 && lines[i]?.trim().startsWith("//"); i--) comment.unshift(lines[i]?.trim() ?? "");
  return comment.join("\n");
}

test("every proto file on disk is loaded, and each loads on its own", () => {
  assert.deepEqual([...PROTO_FILES].sort(), protoFiles());
  for (const file of PROTO_FILES) {
    assert.doesNotThrow(() => protoLoader.loadSync(file, { ...LOADER_OPTIONS, includeDirs: [PROTO_DIR] }), file);
  }
});

test("every spike.v1 service, the Keeper, health and the Workload API are exposed", () => {
  const expected = [
    "spike.v1.Secrets",
    "spike.v1.Policies",
    "spike.v1.Cipher",
    "spike.v1.Operator",
    "spike.v1.AdminTokens",
    "spike.v1.Audit",
    "spike.v1.Backup",
    "spike.v1.Keeper",
    "grpc.health.v1.Health",
    "SpiffeWorkloadAPI",
  ];
  const loaded = Object.entries(packageDefinition)
    .filter(([, definition]) => isService(definition))
    .map(([name]) => name);
  assert.deepEqual(loaded.sort(), [...expected].sort());
  assert.deepEqual(Object.values(serviceNames).sort(), [...expected].sort());
  for (const [key, name] of Object.entries(serviceNames)) {
    const definition: grpc.ServiceDefinition = services[key as keyof typeof services];
    const methods = Object.values(definition);
    assert.ok(methods.length > 0, `${name} has methods`);
    for (const method of methods) assert.ok(method.path.startsWith(`/${name}/`), `${method.path} belongs to ${name}`);
  }
  for (const key of NEXUS_SERVICES) assert.ok(serviceNames[key].startsWith("spike.v1."));
});

test("every RPC has a leading comment naming who may call it and at least one gRPC status code", () => {
  for (const file of OWN_PROTOS) {
    const lines = protoLines(file);
    lines.forEach((line, index) => {
      const rpc = /^\s*rpc\s+(\w+)/.exec(line);
      if (rpc === null) return;
      const comment = leadingComment(lines, index);
      assert.match(comment, MENTIONS_STATUS, `${file}: rpc ${rpc[1]} names no status code`);
      if (file.startsWith("spike/")) assert.match(comment, /Callers:/, `${file}: rpc ${rpc[1]} names no caller`);
    });
  }
  // The text scan above must have seen every method the loader found.
  const scanned = new Set(
    OWN_PROTOS.flatMap((file) => protoLines(file).flatMap((line) => /^\s*rpc\s+(\w+)/.exec(line)?.[1] ?? [])),
  );
  for (const [name, definition] of Object.entries(packageDefinition)) {
    if (!isService(definition) || name === "SpiffeWorkloadAPI") continue;
    for (const [rpc, method] of Object.entries(definition)) {
      assert.ok(scanned.has(rpc), `${method.path} was not found by the comment scan`);
    }
  }
});

test("every field, enum value and oneof has a leading comment", () => {
  for (const file of OWN_PROTOS) {
    const lines = protoLines(file);
    lines.forEach((line, index) => {
      const trimmed = line.trim();
      const declares = (/=\s*-?\d+\s*;$/.test(trimmed) && !trimmed.startsWith("option")) || /^oneof\s/.test(trimmed);
      if (!declares) return;
      assert.notEqual(leadingComment(lines, index), "", `${file}:${index + 1} "${trimmed}" has no comment`);
    });
  }
});

test("spike.v1 messages are named <Service><Rpc>Request and <Service><Rpc>Response", () => {
  for (const [name, definition] of Object.entries(packageDefinition)) {
    if (!name.startsWith("spike.v1.") || !isService(definition)) continue;
    const service = name.slice("spike.v1.".length);
    for (const [rpc, method] of Object.entries(definition)) {
      assert.equal(descriptorName(method.requestType), `${service}${rpc}Request`, method.path);
      assert.equal(descriptorName(method.responseType), `${service}${rpc}Response`, method.path);
    }
  }
});

test("health matches the standard grpc.health.v1 wire contract", () => {
  const { Check, Watch } = services.Health;
  assert.equal(Check.path, "/grpc.health.v1.Health/Check");
  assert.equal(Check.requestStream || Check.responseStream, false);
  assert.equal(Watch.path, "/grpc.health.v1.Health/Watch");
  assert.equal(Watch.requestStream, false);
  assert.equal(Watch.responseStream, true);
  assert.deepEqual([...Check.requestSerialize({ service: "x" })], [0x0a, 0x01, 0x78]);
  const statuses = ["UNKNOWN", "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN"] as const;
  statuses.forEach((status, number) => {
    // protobufjs writes an explicitly set zero too (08 00), which every decoder reads as the default.
    assert.deepEqual([...Check.responseSerialize({ status })], [0x08, number], status);
    assert.equal(Watch.responseDeserialize(Buffer.from([0x08, number])).status, status);
  });
  assert.equal(Check.responseDeserialize(Buffer.alloc(0)).status, "UNKNOWN");
});

test("proto3 optional keeps presence: cas unset differs from cas = 0", () => {
  const { Put } = services.Secrets;
  assert.equal(Put.requestDeserialize(Put.requestSerialize({ path: "a" })).cas, undefined);
  assert.equal(Put.requestDeserialize(Put.requestSerialize({ path: "a", cas: 0 })).cas, 0);
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

test("the committed generated types are up to date (else: npm run gen:proto)", () => {
  const outDir = mkdtempSync(path.join(tmpdir(), "spike-proto-types-"));
  try {
    generateTypes(outDir);
    const fresh = listFiles(outDir);
    assert.deepEqual(listFiles(TYPES_DIR), fresh, "generated file set differs: run npm run gen:proto");
    for (const file of fresh) {
      const same = readFileSync(path.join(outDir, file)).equals(readFileSync(path.join(TYPES_DIR, file)));
      assert.ok(same, `proto/types/${file} is stale: run npm run gen:proto`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
