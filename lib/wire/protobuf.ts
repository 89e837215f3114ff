// A small protobuf codec driven by proto/descriptor.json, for the CLI's one-shot calls (ADR 0029). Loading
// protobufjs and building every type with @grpc/proto-loader cost a cold `spike` ~100 ms before its first byte went
// out; this reads the same descriptor and turns bytes into exactly the objects proto-loader makes with our
// LOADER_OPTIONS (camelCase names, 64-bit integers as numbers, enums as names, bytes as Buffer, defaults for unset
// scalars, repeated and map fields, null for unset messages, unset proto3 `optional` fields left out, and the
// virtual field naming the set member of each oneof). test/unit/wire-protobuf.test.ts holds it to proto-loader on
// every message type. Requests are encoded as proto-loader's fromObject+encode would.

interface JsonField {
  readonly type: string;
  readonly id: number;
  readonly rule?: string;
  readonly keyType?: string;
}
interface JsonNode {
  readonly nested?: Record<string, JsonNode>;
  readonly fields?: Record<string, JsonField>;
  readonly oneofs?: Record<string, { readonly oneof: readonly string[] }>;
  readonly values?: Record<string, number>;
  readonly methods?: Record<string, JsonMethod>;
}
interface JsonMethod {
  readonly requestType: string;
  readonly responseType: string;
  readonly requestStream?: boolean;
  readonly responseStream?: boolean;
}

type Scalar =
  | "double" | "float" | "int32" | "uint32" | "sint32" | "fixed32" | "sfixed32"
  | "int64" | "uint64" | "sint64" | "fixed64" | "sfixed64" | "bool" | "string" | "bytes";

const SCALARS = new Set<string>(["double", "float", "int32", "uint32", "sint32", "fixed32", "sfixed32", "int64", "uint64", "sint64", "fixed64", "sfixed64", "bool", "string", "bytes"]);

/** Wire types: 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit. */
function wireTypeOf(type: Scalar | "enum"): 0 | 1 | 2 | 5 {
  switch (type) {
    case "double": case "fixed64": case "sfixed64": return 1;
    case "float": case "fixed32": case "sfixed32": return 5;
    case "string": case "bytes": return 2;
    default: return 0;
  }
}

interface EnumType {
  readonly kind: "enum";
  readonly name: string;
  readonly byName: ReadonlyMap<string, number>;
  readonly byNumber: ReadonlyMap<number, string>;
  readonly first: number;
}

interface Field {
  readonly name: string;
  readonly id: number;
  readonly repeated: boolean;
  /** A scalar type name, or the resolved enum or message. */
  readonly type: Scalar | EnumType | MessageType;
  readonly key?: Scalar;
  /** The oneof (real or a proto3 `optional`'s synthetic one) this field belongs to. */
  readonly oneof?: string;
}

export interface MessageType {
  readonly kind: "message";
  readonly name: string;
  /** Sorted by field number (protobufjs's order, for encoding and for the keys of decoded objects). */
  readonly fields: Field[];
  readonly byId: Map<number, Field>;
}

export interface MethodInfo {
  readonly path: string;
  readonly request: MessageType;
  readonly response: MessageType;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
}

export type Message = Record<string, unknown>;

/** The types and services of one descriptor, resolved once. */
export class ProtoSchema {
  private readonly nodes = new Map<string, { node: JsonNode; scope: string }>();
  private readonly types = new Map<string, MessageType | EnumType>();

  constructor(root: JsonNode) {
    const visit = (node: JsonNode, prefix: string): void => {
      for (const [name, child] of Object.entries(node.nested ?? {})) {
        const full = prefix === "" ? name : `${prefix}.${name}`;
        this.nodes.set(full, { node: child, scope: prefix });
        visit(child, full);
      }
    };
    visit(root, "");
  }

  /** A message type by its full name ("spike.v1.SecretsGetRequest"). */
  message(fullName: string): MessageType {
    const t = this.type(fullName);
    if (t.kind !== "message") throw new Error(`${fullName} is an enum, not a message`);
    return t;
  }

  /** A method of a service ("spike.v1.Secrets", "Get"). */
  method(service: string, name: string): MethodInfo {
    const entry = this.nodes.get(service);
    const m = entry?.node.methods?.[name];
    if (entry === undefined || m === undefined) throw new Error(`no method ${service}/${name} in the descriptor`);
    const scope = service.slice(0, Math.max(0, service.lastIndexOf(".")));
    return {
      path: `/${service}/${name}`,
      request: this.message(this.resolve(m.requestType, scope)),
      response: this.message(this.resolve(m.responseType, scope)),
      requestStream: m.requestStream === true,
      responseStream: m.responseStream === true,
    };
  }

  /** The methods of a service, by name. */
  methods(service: string): string[] {
    return Object.keys(this.nodes.get(service)?.node.methods ?? {});
  }

  /** Protobuf name lookup: absolute with a leading dot, else from the innermost scope outwards. */
  private resolve(ref: string, scope: string): string {
    if (ref.startsWith(".")) return ref.slice(1);
    const head = ref.split(".")[0] as string;
    for (let s = scope; ; s = s.slice(0, Math.max(0, s.lastIndexOf(".")))) {
      const candidate = s === "" ? head : `${s}.${head}`;
      if (this.nodes.has(candidate)) {
        const full = s === "" ? ref : `${s}.${ref}`;
        if (this.nodes.has(full)) return full;
      }
      if (s === "") break;
    }
    throw new Error(`type ${ref} not found from ${scope || "the root"}`);
  }

  private type(fullName: string): MessageType | EnumType {
    const known = this.types.get(fullName);
    if (known !== undefined) return known;
    const entry = this.nodes.get(fullName);
    if (entry === undefined) throw new Error(`no type ${fullName} in the descriptor`);
    const { node } = entry;
    if (node.values !== undefined) {
      const byName = new Map(Object.entries(node.values));
      const byNumber = new Map<number, string>();
      for (const [n, v] of byName) byNumber.set(v, n);
      const e: EnumType = { kind: "enum", name: fullName, byName, byNumber, first: Object.values(node.values)[0] ?? 0 };
      this.types.set(fullName, e);
      return e;
    }
    if (node.fields === undefined) throw new Error(`${fullName} is not a message or an enum`);
    // Registered before its fields resolve, so recursive types (Struct/Value) terminate.
    const msg: MessageType = { kind: "message", name: fullName, fields: [], byId: new Map() };
    this.types.set(fullName, msg);
    const oneofOf = new Map<string, string>();
    for (const [name, o] of Object.entries(node.oneofs ?? {})) for (const member of o.oneof) oneofOf.set(member, name);
    for (const [name, f] of Object.entries(node.fields)) {
      const type = SCALARS.has(f.type) ? (f.type as Scalar) : this.type(this.resolve(f.type, fullName));
      if (f.keyType !== undefined && isLong(f.keyType as Scalar)) {
        throw new Error(`${fullName}.${name}: 64-bit map keys are not supported (protobufjs reads them as hash strings)`);
      }
      const oneof = oneofOf.get(name);
      const field: Field = {
        name,
        id: f.id,
        repeated: f.rule === "repeated",
        type,
        ...(f.keyType !== undefined ? { key: f.keyType as Scalar } : {}),
        ...(oneof !== undefined ? { oneof } : {}),
      };
      msg.fields.push(field);
      msg.byId.set(f.id, field);
    }
    msg.fields.sort((a, b) => a.id - b.id);
    return msg;
  }
}

const isLong = (t: Scalar): boolean => t === "int64" || t === "uint64" || t === "sint64" || t === "fixed64" || t === "sfixed64";

// ---- encoding ----

class Writer {
  private readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(256);
  private pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(256, n));
    this.pos = 0;
  }

  varint(v: bigint | number): void {
    let x = typeof v === "bigint" ? BigInt.asUintN(64, v) : v;
    this.room(10);
    if (typeof x === "number") {
      while (x > 0x7f) {
        this.buf[this.pos++] = (x % 128) | 0x80;
        x = Math.floor(x / 128);
      }
      this.buf[this.pos++] = x;
      return;
    }
    while (x > 0x7fn) {
      this.buf[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.pos++] = Number(x);
  }

  tag(id: number, wire: number): void {
    this.varint(id * 8 + wire);
  }

  fixed(bytes: number, write: (b: Buffer, at: number) => void): void {
    this.room(bytes);
    write(this.buf, this.pos);
    this.pos += bytes;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  finish(): Buffer {
    return Buffer.concat([...this.chunks, this.buf.subarray(0, this.pos)]);
  }
}

function toBigInt(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(Math.trunc(v));
  if (typeof v === "string") return BigInt(v);
  if (typeof v === "object" && v !== null && "low" in v && "high" in v) {
    const { low, high } = v as { low: number; high: number };
    return (BigInt(high >>> 0) << 32n) | BigInt(low >>> 0);
  }
  return 0n;
}

function writeScalar(w: Writer, type: Scalar, v: unknown): void {
  switch (type) {
    case "int32": w.varint(BigInt(Number(v) | 0)); return;
    case "uint32": w.varint(Number(v) >>> 0); return;
    case "sint32": { const n = Number(v) | 0; w.varint(((n << 1) ^ (n >> 31)) >>> 0); return; }
    case "int64": case "uint64": w.varint(toBigInt(v)); return;
    case "sint64": { const n = BigInt.asIntN(64, toBigInt(v)); w.varint((n << 1n) ^ (n >> 63n)); return; }
    case "bool": w.varint(v ? 1 : 0); return;
    case "fixed32": w.fixed(4, (b, at) => b.writeUInt32LE(Number(v) >>> 0, at)); return;
    case "sfixed32": w.fixed(4, (b, at) => b.writeInt32LE(Number(v) | 0, at)); return;
    case "float": w.fixed(4, (b, at) => b.writeFloatLE(Number(v), at)); return;
    case "double": w.fixed(8, (b, at) => b.writeDoubleLE(Number(v), at)); return;
    case "fixed64": w.fixed(8, (b, at) => b.writeBigUInt64LE(BigInt.asUintN(64, toBigInt(v)), at)); return;
    case "sfixed64": w.fixed(8, (b, at) => b.writeBigInt64LE(BigInt.asIntN(64, toBigInt(v)), at)); return;
    case "string": w.bytes(Buffer.from(String(v), "utf8")); return;
    case "bytes": w.bytes(typeof v === "string" ? Buffer.from(v, "base64") : (v as Uint8Array)); return;
  }
}

function enumNumber(e: EnumType, v: unknown): number | undefined {
  if (typeof v === "number") return v;
  return typeof v === "string" ? e.byName.get(v) : undefined;
}

function writeValue(w: Writer, field: Field, type: Field["type"], id: number, v: unknown): void {
  if (typeof type === "string") {
    w.tag(id, wireTypeOf(type));
    writeScalar(w, type, v);
  } else if (type.kind === "enum") {
    const n = enumNumber(type, v);
    if (n === undefined) return;
    w.tag(id, 0);
    w.varint(BigInt(n));
  } else {
    if (typeof v !== "object") throw new TypeError(`.${type.name}: object expected for ${field.name}`);
    w.tag(id, 2);
    w.bytes(encodeMessage(type, v as Message));
  }
}

/** Encodes a plain object as proto-loader's serializer would (fields in number order; null and undefined left out). */
export function encodeMessage(type: MessageType, obj: Message): Buffer {
  const w = new Writer();
  for (const f of type.fields) {
    const v = obj[f.name];
    if (v === null || v === undefined) continue;
    if (f.key !== undefined) {
      if (typeof v !== "object") throw new TypeError(`.${type.name}.${f.name}: object expected`);
      for (const [k, value] of Object.entries(v as Record<string, unknown>)) {
        const entry = new Writer();
        entry.tag(1, wireTypeOf(f.key));
        // Object keys are strings; protobufjs writes a bool key as the string's truthiness, and so do we.
        writeScalar(entry, f.key, f.key === "bool" ? k !== "" : k);
        writeValue(entry, f, f.type, 2, value);
        w.tag(f.id, 2);
        w.bytes(entry.finish());
      }
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`.${type.name}.${f.name}: array expected`);
      const packable = typeof f.type === "string" ? wireTypeOf(f.type) !== 2 : f.type.kind === "enum";
      if (packable && v.length > 0) {
        const inner = new Writer();
        for (const item of v) {
          if (typeof f.type === "string") writeScalar(inner, f.type, item);
          else inner.varint(BigInt(enumNumber(f.type as EnumType, item) ?? 0));
        }
        w.tag(f.id, 2);
        w.bytes(inner.finish());
      } else {
        for (const item of v) writeValue(w, f, f.type, f.id, item);
      }
    } else {
      writeValue(w, f, f.type, f.id, v);
    }
  }
  return w.finish();
}

// ---- decoding ----

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new RangeError("protobuf: truncated varint");
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new RangeError("protobuf: varint too long");
    }
  }

  /** A varint that fits 32 bits (tags, lengths), without BigInt. */
  uint32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (this.pos >= this.end) throw new RangeError("protobuf: truncated varint");
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result >>> 0;
    }
    // Longer varints (negative int32s) still end within ten bytes; their low 32 bits are what counts.
    this.pos -= 5;
    return Number(BigInt.asUintN(32, this.varint()));
  }

  take(n: number): Buffer {
    if (this.pos + n > this.end) throw new RangeError("protobuf: truncated field");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  skip(wire: number): void {
    switch (wire) {
      case 0: this.varint(); return;
      case 1: this.take(8); return;
      case 2: this.take(this.uint32()); return;
      case 5: this.take(4); return;
      default: throw new RangeError(`protobuf: wire type ${wire} not supported`);
    }
  }
}

function readScalar(r: Reader, type: Scalar): unknown {
  switch (type) {
    case "int32": return Number(BigInt.asIntN(32, r.varint()));
    case "uint32": return Number(BigInt.asUintN(32, r.varint()));
    case "sint32": { const n = r.uint32(); return (n >>> 1) ^ -(n & 1); }
    case "int64": return Number(BigInt.asIntN(64, r.varint()));
    case "uint64": return Number(BigInt.asUintN(64, r.varint()));
    case "sint64": { const n = r.varint(); return Number((n >> 1n) ^ -(n & 1n)); }
    case "bool": return r.varint() !== 0n;
    case "fixed32": return r.take(4).readUInt32LE(0);
    case "sfixed32": return r.take(4).readInt32LE(0);
    case "float": return r.take(4).readFloatLE(0);
    case "double": return r.take(8).readDoubleLE(0);
    case "fixed64": return Number(r.take(8).readBigUInt64LE(0));
    case "sfixed64": return Number(r.take(8).readBigInt64LE(0));
    case "string": return r.take(r.uint32()).toString("utf8");
    case "bytes": return Buffer.from(r.take(r.uint32()));
  }
}

function readValue(r: Reader, type: Field["type"]): unknown {
  if (typeof type === "string") return readScalar(r, type);
  if (type.kind === "enum") {
    const n = Number(BigInt.asIntN(32, r.varint()));
    return type.byNumber.get(n) ?? n;
  }
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.end) throw new RangeError("protobuf: truncated message");
  const value = decodeFrom(type, new Reader(r.buf, end), r.pos);
  r.pos = end;
  return value;
}

function defaultOf(f: Field): unknown {
  if (typeof f.type !== "string") return f.type.kind === "enum" ? (f.type.byNumber.get(f.type.first) ?? f.type.first) : null;
  if (f.type === "string") return "";
  if (f.type === "bool") return false;
  if (f.type === "bytes") return Buffer.alloc(0);
  return 0;
}

function decodeFrom(type: MessageType, r: Reader, start: number): Message {
  r.pos = start;
  const set = new Map<string, unknown>();
  while (r.pos < r.end) {
    const tag = r.uint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    const f = type.byId.get(id);
    if (f === undefined) {
      r.skip(wire);
      continue;
    }
    if (f.key !== undefined) {
      const len = r.uint32();
      const end = r.pos + len;
      if (end > r.end) throw new RangeError("protobuf: truncated map entry");
      const entry = new Reader(r.buf, end);
      entry.pos = r.pos;
      let key: unknown = f.key === "string" ? "" : f.key === "bool" ? false : 0;
      let value: unknown = defaultOf(f);
      while (entry.pos < end) {
        const t = entry.uint32();
        if (t >>> 3 === 1) key = readScalar(entry, f.key);
        else if (t >>> 3 === 2) value = readValue(entry, f.type);
        else entry.skip(t & 7);
      }
      r.pos = end;
      const map = (set.get(f.name) as Record<string, unknown> | undefined) ?? {};
      // A key "__proto__" must be a key, never the object's prototype.
      Object.defineProperty(map, String(key), { value, enumerable: true, writable: true, configurable: true });
      set.set(f.name, map);
    } else if (f.repeated) {
      const list = (set.get(f.name) as unknown[] | undefined) ?? [];
      const packable = typeof f.type === "string" ? wireTypeOf(f.type) !== 2 : f.type.kind === "enum";
      if (packable && wire === 2) {
        const len = r.uint32();
        const end = r.pos + len;
        if (end > r.end) throw new RangeError("protobuf: truncated packed field");
        const inner = new Reader(r.buf, end);
        inner.pos = r.pos;
        while (inner.pos < end) list.push(readValue(inner, f.type));
        r.pos = end;
      } else {
        list.push(readValue(r, f.type));
      }
      set.set(f.name, list);
    } else {
      set.set(f.name, readValue(r, f.type));
      // A later member of the same oneof replaces an earlier one.
      if (f.oneof !== undefined) for (const other of type.fields) if (other !== f && other.oneof === f.oneof) set.delete(other.name);
    }
  }
  // proto-loader's key order: repeated defaults, map defaults, scalar and message defaults, then what was set.
  const out: Message = {};
  for (const f of type.fields) if (f.oneof === undefined && f.repeated && f.key === undefined) out[f.name] = [];
  for (const f of type.fields) if (f.oneof === undefined && f.key !== undefined) out[f.name] = {};
  for (const f of type.fields) if (f.oneof === undefined && !f.repeated && f.key === undefined) out[f.name] = defaultOf(f);
  for (const f of type.fields) {
    const v = set.get(f.name);
    if (v === undefined) continue;
    if (f.key !== undefined && Object.keys(v as object).length === 0) continue;
    if (f.repeated && f.key === undefined && (v as unknown[]).length === 0) continue;
    out[f.name] = v;
    if (f.oneof !== undefined) out[f.oneof] = f.name;
  }
  return out;
}

/** Decodes bytes into the object proto-loader's deserializer would make. */
export function decodeMessage(type: MessageType, buf: Buffer): Message {
  return decodeFrom(type, new Reader(buf), 0);
}
