// The CLI's one-shot codec (lib/wire/protobuf.ts, ADR 0029) must read and write exactly what @grpc/proto-loader
// does with our loader options, for every request and response of every service: same objects out of the same
// bytes (defaults, null messages, oneof names, absent proto3 optionals, 64-bit numbers, enum names, Buffers), and
// bytes that proto-loader reads back into the same object.
import assert from "node:assert/strict";
import { test } from "node:test";
import type * as protoLoader from "@grpc/proto-loader";
import * as loader from "@grpc/proto-loader";
import { LOADER_OPTIONS, packageDefinition } from "../../lib/proto.js";
import { decodeMessage, encodeMessage, ProtoSchema, type Message, type MessageType } from "../../lib/wire/protobuf.js";
import { wireSchema } from "../../lib/wire/schema.js";

type Variant = "full" | "alternate" | "zeros";

const SCALAR_SAMPLES: Record<string, [unknown, unknown, unknown]> = {
  int32: [-5, 2147483647, 0], uint32: [4000000000, 1, 0], sint32: [-70000, 3, 0], fixed32: [4000000001, 2, 0], sfixed32: [-9, 9, 0],
  int64: [-1234567890123, 2 ** 40, 0], uint64: [2 ** 50, 1, 0], sint64: [-(2 ** 45), 5, 0], fixed64: [2 ** 52, 7, 0], sfixed64: [-(2 ** 33), 8, 0],
  double: [1.5, -2.25, 0], float: [0.5, -4, 0], bool: [true, false, false], string: ["héllo ✓", "x", ""], bytes: [Buffer.from([0, 1, 255]), Buffer.from("ab"), Buffer.alloc(0)],
};

/** A request or response object exercising every field of `type` (nested messages up to a depth). */
function sample(type: MessageType, variant: Variant, depth = 0): Message {
  const out: Message = {};
  const oneofSeen = new Map<string, number>();
  const pick = variant === "full" ? 0 : variant === "alternate" ? 1 : 2;
  for (const f of type.fields) {
    if (f.oneof !== undefined) {
      // One member per oneof: the first ("full", "zeros") or the second ("alternate"); a proto3 optional is set
      // in "full" and "zeros" (with its zero value: presence must survive) and left out in "alternate".
      const seen = oneofSeen.get(f.oneof) ?? 0;
      oneofSeen.set(f.oneof, seen + 1);
      const members = type.fields.filter((o) => o.oneof === f.oneof).length;
      const want = variant === "alternate" ? (members > 1 ? 1 : -1) : 0;
      if (seen !== want) continue;
    }
    const one = (i: number): unknown => {
      if (typeof f.type === "string") return (SCALAR_SAMPLES[f.type] as unknown[])[i];
      if (f.type.kind === "enum") {
        const names = [...f.type.byName.keys()];
        return names[Math.min(i === 2 ? 0 : i + 1, names.length - 1)];
      }
      return depth >= 3 ? {} : sample(f.type, variant, depth + 1);
    };
    if (f.key !== undefined) out[f.name] = variant === "zeros" ? {} : { k1: one(pick), "k 2": one(pick === 0 ? 1 : 0) };
    else if (f.repeated) out[f.name] = variant === "zeros" ? [] : [one(pick), one(pick === 0 ? 1 : 0)];
    else out[f.name] = one(pick);
  }
  return out;
}

function methodsOf(def: protoLoader.PackageDefinition): Array<[string, protoLoader.MethodDefinition<object, object>]> {
  const out: Array<[string, protoLoader.MethodDefinition<object, object>]> = [];
  for (const [service, d] of Object.entries(def)) {
    if ("format" in d) continue;
    for (const [name, m] of Object.entries(d as protoLoader.ServiceDefinition)) out.push([`${service}/${name}`, m as protoLoader.MethodDefinition<object, object>]);
  }
  return out;
}

/** Runs every method's request and response, in each variant, through both codecs; returns how many it checked. */
function compare(schema: ProtoSchema, methods: Array<[string, protoLoader.MethodDefinition<object, object>]>): number {
  let checked = 0;
  for (const [path, m] of methods) {
    const [service, name] = path.split("/") as [string, string];
    const info = schema.method(service, name);
    assert.equal(info.path, m.path);
    assert.equal(info.requestStream, m.requestStream, path);
    assert.equal(info.responseStream, m.responseStream, path);
    const sides: Array<[MessageType, (v: object) => Buffer, (b: Buffer) => object]> = [
      [info.request, m.requestSerialize, m.requestDeserialize],
      [info.response, m.responseSerialize, m.responseDeserialize],
    ];
    for (const [type, serialize, deserialize] of sides) {
      for (const variant of ["full", "alternate", "zeros"] as const) {
        const obj = sample(type, variant);
        const theirs = serialize(obj);
        // Same object out of proto-loader's bytes (and an empty message decodes to the same defaults).
        assert.deepStrictEqual(decodeMessage(type, theirs), deserialize(theirs), `${path} ${type.name} ${variant}: decoding`);
        assert.deepStrictEqual(decodeMessage(type, Buffer.alloc(0)), deserialize(Buffer.alloc(0)), `${path} ${type.name}: empty`);
        // Our bytes read back by proto-loader: the same object as its own bytes give.
        assert.deepStrictEqual(deserialize(encodeMessage(type, obj)), deserialize(theirs), `${path} ${type.name} ${variant}: encoding`);
        checked++;
      }
    }
  }
  return checked;
}

test("the one-shot codec reads and writes every message of our services exactly as proto-loader does", () => {
  const methods = methodsOf(packageDefinition);
  assert.ok(methods.length > 40, `only ${methods.length} methods found`);
  assert.ok(compare(wireSchema(), methods) > 200);
});

test("...and every scalar type protobuf has, including those our services do not use yet", () => {
  const fields = Object.fromEntries(Object.keys(SCALAR_SAMPLES).flatMap((t, i) => [
    [`one${t}`, { type: t, id: 2 * i + 1 }],
    [`many${t}`, { type: t, id: 2 * i + 2, rule: "repeated" }],
  ]));
  const descriptor = {
    nested: {
      t: {
        nested: {
          AllScalars: { fields: { ...fields, byNumber: { keyType: "int32", type: "sint32", id: 100 }, byFlag: { keyType: "bool", type: "string", id: 101 } } },
          Scalars: { methods: { Echo: { requestType: "AllScalars", responseType: ".t.AllScalars" } } },
        },
      },
    },
  };
  const def = loader.fromJSON(descriptor as Parameters<typeof loader.fromJSON>[0], LOADER_OPTIONS);
  assert.equal(compare(new ProtoSchema(descriptor), methodsOf(def)), 6);
  // protobufjs turns 64-bit map keys into 8-byte hash strings; rather than copy that, the codec refuses them.
  const longKeys = { nested: { M: { fields: { m: { keyType: "uint64", type: "string", id: 1 } } } } };
  assert.throws(() => new ProtoSchema(longKeys).message("M"), /64-bit map keys/);
});

test("decoding refuses truncated input instead of inventing fields, and skips unknown fields", () => {
  const type = wireSchema().method("spike.v1.Secrets", "Get").response;
  const full = encodeMessage(type, sample(type, "full"));
  for (const cut of [1, 5, full.length - 1]) assert.throws(() => decodeMessage(type, full.subarray(0, cut)), RangeError);
  // Field 99 (varint) and field 98 (bytes) are not in the message: skipped, the rest as before.
  const unknown = Buffer.concat([Buffer.from([0x98, 0x06, 0x2a, 0x92, 0x06, 0x02, 0x61, 0x62]), full]);
  assert.deepStrictEqual(decodeMessage(type, unknown), decodeMessage(type, full));
});

test("a map key named __proto__ stays a key", () => {
  const type = wireSchema().method("spike.v1.Secrets", "Get").response;
  const decoded = decodeMessage(type, encodeMessage(type, { data: JSON.parse('{"__proto__": "x", "a": "b"}') as Record<string, string> }));
  const data = decoded.data as Record<string, string>;
  assert.deepEqual(Object.keys(data).sort(), ["__proto__", "a"]);
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
});
