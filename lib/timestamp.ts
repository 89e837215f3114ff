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

// google.protobuf.Timestamp's documented range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
const MIN_SECONDS = -62_135_596_800;
const MAX_SECONDS = 253_402_300_799;

/** A request's timestamp as a Date, or null when unset; one outside the Timestamp range is an Error naming `field`. */
export function checkedTimestamp(ts: { seconds: number | string; nanos: number } | null | undefined, field: string): Date | null {
  if (ts === null || ts === undefined) return null;
  const seconds = Number(ts.seconds);
  if (!Number.isSafeInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS || !Number.isInteger(ts.nanos) || ts.nanos < 0 || ts.nanos > 999_999_999) {
    throw new RangeError(`${field} is not a valid timestamp (seconds ${String(ts.seconds)}, nanos ${ts.nanos}): it must lie between years 1 and 9999`);
  }
  return fromTimestamp(ts);
}
