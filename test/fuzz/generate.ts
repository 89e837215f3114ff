// Hostile requests for any method of the proto, from a seeded PRNG: random bytes, mutated encodings, and messages
// built field by field from the method's descriptor with boundary values (invalid UTF-8, NUL, path traversal,
// absurd numbers, huge maps and repeated fields, wrong wire types, unknown fields, deeply nested groups) and,
// rarely, an oversize message. The encoder is written here so it can produce what no protobuf library would.
import { packageDefinition } from "../../lib/proto.js";

/** mulberry32: small, fast and reproducible from one 32-bit seed. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)] as T;
  }
  bytes(n: number): Buffer {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

// --- wire encoding ------------------------------------------------------------------------------------------------

function varint(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}
const tag = (field: number, wire: number): Buffer => varint(BigInt(field * 8 + wire));
const delimited = (field: number, body: Buffer): Buffer => Buffer.concat([tag(field, 2), varint(BigInt(body.length)), body]);

// --- descriptors --------------------------------------------------------------------------------------------------

interface FieldDescriptor {
  readonly name: string;
  readonly number: number;
  readonly label: string;
  readonly type: string;
  readonly typeName: string;
}
interface MessageDescriptor {
  readonly name: string;
  readonly field: readonly FieldDescriptor[];
  readonly nestedType: readonly MessageDescriptor[];
  readonly options?: { readonly mapEntry?: boolean } | null;
}
interface MethodEntry {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly requestType: { readonly type: MessageDescriptor };
}

export interface FuzzMethod {
  readonly service: string;
  readonly name: string;
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly request: MessageDescriptor;
}

/** Every method of the services Nexus serves (not Keeper's, not the Workload API). */
export function nexusMethods(services: readonly string[]): FuzzMethod[] {
  const out: FuzzMethod[] = [];
  for (const service of services) {
    const def = packageDefinition[service] as unknown as Record<string, MethodEntry>;
    for (const [name, m] of Object.entries(def)) {
      out.push({ service, name, path: m.path, requestStream: m.requestStream, responseStream: m.responseStream, request: m.requestType.type });
    }
  }
  return out;
}

function resolve(typeName: string, scope: readonly MessageDescriptor[]): MessageDescriptor | undefined {
  const bare = typeName.replace(/^\./, "");
  const nested = scope.flatMap((s) => s.nestedType).find((n) => n.name === bare);
  if (nested !== undefined) return nested;
  for (const candidate of [bare, `spike.v1.${bare}`, `google.protobuf.${bare}`]) {
    const entry = packageDefinition[candidate] as unknown as { type?: MessageDescriptor } | undefined;
    if (entry?.type?.field !== undefined) return entry.type;
  }
  return undefined;
}

// --- hostile values -----------------------------------------------------------------------------------------------

const STRINGS: ReadonlyArray<string | Buffer> = [
  "",
  "fuzz/a",
  "apps/db",
  "../../etc/passwd",
  "apps/../../spike/system/keys",
  "/abs/path",
  "a//b",
  "trailing/",
  "a\u0000b",
  "\u0000",
  "spike/system/root",
  "spike/system/anything",
  ".*",
  "^spike/.*$",
  "(a+)+$",
  "[unclosed",
  "spiffe://spike.ist/spike/pilot/role/superuser",
  "spiffe://spike.ist/spike/keeper/1/x",
  "ü/ß/漢字",
  "\u202e\ufeff",
  "x".repeat(513),
  "y/".repeat(300) + "z",
  "%2e%2e%2f",
  "..\\..\\windows",
  "a b",
  "*",
  "-1",
  "9999999999999999999999",
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc0, 0xaf]), // overlong "/"
  Buffer.from([0xed, 0xa0, 0x80]), // a UTF-16 surrogate in UTF-8
  Buffer.from([0x61, 0x2f, 0x80, 0x62]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF
];

const INTS: readonly bigint[] = [0n, 1n, 2n, -1n, 7n, 1000n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 64n - 1n, -(2n ** 63n)];

export interface GenOptions {
  /** Bytes of an oversize message (above the server's receive limit). */
  readonly oversizeBytes: number;
}

export class RequestGenerator {
  constructor(private readonly rng: Prng, private readonly opts: GenOptions) {}

  private string(): Buffer {
    const r = this.rng;
    const roll = r.next();
    if (roll < 0.7) {
      const v = r.pick(STRINGS);
      return typeof v === "string" ? Buffer.from(v, "utf8") : v;
    }
    if (roll < 0.8) return Buffer.from(`fuzz/${r.int(50)}/${r.int(50)}`);
    if (roll < 0.9) return r.bytes(r.int(40)); // random bytes: mostly invalid UTF-8
    if (roll < 0.98) return Buffer.from(Array.from({ length: r.int(30) + 1 }, () => String.fromCharCode(32 + r.int(95))).join(""));
    return Buffer.alloc(70_000 + r.int(10_000), "q"); // long, under the receive limit
  }

  private scalar(f: FieldDescriptor): Buffer {
    const r = this.rng;
    switch (f.type) {
      case "TYPE_STRING":
        return delimited(f.number, this.string());
      case "TYPE_BYTES":
        return delimited(f.number, r.chance(0.05) ? Buffer.alloc(200_000 + r.int(1000), 7) : r.bytes(r.pick([0, 1, 12, 16, 32, 33, 64, 200])));
      case "TYPE_BOOL":
        return Buffer.concat([tag(f.number, 0), varint(r.pick([0n, 1n, 2n, 2n ** 64n - 1n]))]);
      case "TYPE_DOUBLE":
      case "TYPE_FIXED64":
      case "TYPE_SFIXED64": {
        const b = Buffer.alloc(8);
        if (r.chance(0.5)) b.writeDoubleLE(r.pick([NaN, Infinity, -Infinity, -0, 1e308, -1]));
        else r.bytes(8).copy(b);
        return Buffer.concat([tag(f.number, 1), b]);
      }
      case "TYPE_FLOAT":
      case "TYPE_FIXED32":
      case "TYPE_SFIXED32":
        return Buffer.concat([tag(f.number, 5), r.bytes(4)]);
      default: // varint kinds: ints, enums (unknown values included)
        return Buffer.concat([tag(f.number, 0), varint(r.chance(0.8) ? r.pick(INTS) : BigInt(r.int(1 << 30)))]);
    }
  }

  private field(f: FieldDescriptor, scope: readonly MessageDescriptor[], depth: number): Buffer {
    const r = this.rng;
    if (r.chance(0.03)) return Buffer.concat([tag(f.number, r.pick([0, 1, 2, 5])), r.bytes(r.int(9))]); // wrong wire type
    if (f.type !== "TYPE_MESSAGE") return this.scalar(f);
    const type = resolve(f.typeName, scope);
    if (type === undefined || depth > 6) return delimited(f.number, r.bytes(r.int(8)));
    return delimited(f.number, this.message(type, [...scope, type], depth + 1));
  }

  /** A message of `type`, field by field, each present or not, repeated ones sometimes huge. */
  message(type: MessageDescriptor, scope: readonly MessageDescriptor[] = [type], depth = 0): Buffer {
    const r = this.rng;
    const parts: Buffer[] = [];
    for (const f of type.field) {
      if (!r.chance(0.75)) continue;
      const repeated = f.label === "LABEL_REPEATED";
      const count = !repeated ? 1 : r.chance(0.04) ? 2000 + r.int(3000) : r.int(4);
      if (count > 100) {
        // huge maps / lists: one entry generated, repeated (cheap to build, as costly to decode)
        const one = this.field(f, scope, depth);
        for (let i = 0; i < count; i++) parts.push(one);
      } else {
        for (let i = 0; i < count; i++) parts.push(this.field(f, scope, depth));
      }
    }
    if (r.chance(0.05)) parts.push(Buffer.concat([tag(1000 + r.int(1000), 0), varint(BigInt(r.int(1000)))])); // unknown field
    if (r.chance(0.1)) parts.reverse(); // out-of-order fields are legal, and worth a try
    return Buffer.concat(parts);
  }

  /** One request body for `method`. */
  request(method: FuzzMethod): Buffer {
    const r = this.rng;
    const roll = r.next();
    if (roll < 0.15) return r.bytes(r.chance(0.9) ? r.int(64) : r.int(4096));
    if (roll < 0.25) {
      // a built message, then damaged: truncated, or bytes flipped
      const b = Buffer.from(this.message(method.request));
      if (b.length === 0) return Buffer.from([0x0a, 0x05, 0x61]);
      if (r.chance(0.5)) return b.subarray(0, r.int(b.length));
      for (let i = 0; i < 1 + r.int(4); i++) b[r.int(b.length)] = r.int(256);
      return b;
    }
    if (roll < 0.27) {
      // deeply nested groups in an unknown field: recursive skipping must not take the process down
      const depth = 1000 + r.int(100_000);
      return nestedGroups(depth);
    }
    if (roll < 0.272) return Buffer.alloc(this.opts.oversizeBytes, 0x0a); // above the receive limit
    return this.message(method.request);
  }
}

/** `depth` start-group tags of field 999 with no end: a parser that recurses per level must bound its depth. */
function nestedGroups(depth: number): Buffer {
  const start = tag(999, 3);
  const out = Buffer.allocUnsafe(start.length * depth);
  for (let i = 0; i < depth; i++) start.copy(out, i * start.length);
  return out;
}
