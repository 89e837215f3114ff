// Writing to a stream with backpressure, without ever waiting forever.
//
// The usual `if (!s.write(x)) await once(s, "drain")` waits forever when the stream has already failed or closed:
// a write to a destroyed stream returns false, and no "drain" (and no second "error") ever follows. A dump whose
// reader went away waited like that, holding its snapshot transaction (nexus/backup/gzip-pipe.ts).
import type { Writable } from "node:stream";

/** The stream closed (or failed) before the write could complete. */
export class StreamClosedError extends Error {
  constructor() {
    super("the stream closed before all was written");
  }
}

/** Why `stream` can take no more: its error, else a StreamClosedError. */
function closedBecause(stream: Writable): Error {
  return stream.errored ?? new StreamClosedError();
}

/**
 * Writes `chunk` and resolves once `stream` can take more. Rejects with the stream's error, or StreamClosedError,
 * if it failed or closed before the write or while waiting for room.
 */
export async function writeWithBackpressure(stream: Writable, chunk: unknown): Promise<void> {
  if (stream.destroyed || stream.writableEnded) throw closedBecause(stream);
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error): void => {
      stream.off("drain", onDrain);
      stream.off("error", onError);
      stream.off("close", onClose);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onDrain = (): void => settle();
    const onError = (err: Error): void => settle(err);
    const onClose = (): void => settle(closedBecause(stream));
    stream.on("drain", onDrain);
    stream.on("error", onError);
    stream.on("close", onClose);
  });
}
