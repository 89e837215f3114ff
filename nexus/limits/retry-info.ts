// RESOURCE_EXHAUSTED with retry information: a plain `retry-after-ms` trailer (easy for any client) and the
// standard google.rpc.Status with a google.rpc.RetryInfo detail in `grpc-status-details-bin` (what gRPC's rich
// error model clients read). The few bytes are encoded by hand: three tiny messages, no extra dependency.
import * as grpc from "@grpc/grpc-js";

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const field = (no: number, wire: number): number[] => varint((no << 3) | wire);
const lengthDelimited = (no: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([...field(no, 2), ...varint(body.length)]), body]);

/** google.rpc.Status{code, message, details: [Any(google.rpc.RetryInfo{retry_delay: Duration})]} as bytes. */
export function retryInfoStatus(code: grpc.status, message: string, retryAfterMs: number): Buffer {
  const seconds = Math.floor(retryAfterMs / 1000);
  const nanos = (retryAfterMs % 1000) * 1_000_000;
  const duration = Buffer.from([...(seconds > 0 ? [...field(1, 0), ...varint(seconds)] : []), ...(nanos > 0 ? [...field(2, 0), ...varint(nanos)] : [])]);
  const retryInfo = lengthDelimited(1, duration);
  const any = Buffer.concat([lengthDelimited(1, Buffer.from("type.googleapis.com/google.rpc.RetryInfo")), lengthDelimited(2, retryInfo)]);
  return Buffer.concat([Buffer.from([...field(1, 0), ...varint(code)]), lengthDelimited(2, Buffer.from(message, "utf8")), lengthDelimited(3, any)]);
}

/** The status a rate-limited call ends with. */
export function rateLimitedStatus(caller: string, retryAfterMs: number, limit: string): grpc.StatusObject {
  const details = `${caller} is over its rate limit (${limit}); retry after ${retryAfterMs} ms`;
  const metadata = new grpc.Metadata();
  metadata.set("retry-after-ms", String(retryAfterMs));
  metadata.set("grpc-status-details-bin", retryInfoStatus(grpc.status.RESOURCE_EXHAUSTED, details, retryAfterMs));
  return { code: grpc.status.RESOURCE_EXHAUSTED, details, metadata };
}
