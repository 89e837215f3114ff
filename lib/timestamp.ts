// google.protobuf.Timestamp <-> Date.
export interface Timestamp {
  seconds: number;
  nanos: number;
}

export function toTimestamp(date: Date): Timestamp;
export function toTimestamp(date: Date | null | undefined): Timestamp | null;
export function toTimestamp(date: Date | null | undefined): Timestamp | null {
  if (date === null || date === undefined) return null;
  const ms = date.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
}

export function fromTimestamp(ts: { seconds: number | string; nanos: number } | null | undefined): Date | null {
  if (ts === null || ts === undefined) return null;
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000));
}
