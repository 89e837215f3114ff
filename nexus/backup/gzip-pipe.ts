// The logical archive's compression: lines go into gzip, and gzip's output goes to `send` (the caller's stream) one
// piece at a time, with backpressure both ways: a slow reader holds back the dump, and the dump's snapshot
// transaction with it.
//
// A reader that fails (the caller went away) must stop the dump wherever it is. Node leaves a write to a destroyed
// gzip waiting for a "drain" that never comes, so a dump that was fetching rows when its reader failed would wait
// forever, holding its pooled connection and its snapshot (which keeps VACUUM from removing any row dead since).
// Every write here therefore checks for a failed reader first, and a wait for room also ends at "close"
// (lib/stream-write.ts).
import { createGzip } from "node:zlib";
import { writeWithBackpressure } from "../../lib/stream-write.js";

export interface GzipPipe {
  /** Compresses `text`; resolves once gzip can take more, rejects once the reader has failed. */
  write(text: string): Promise<void>;
  /** Ends the archive; resolves once `send` has taken its last piece, rejects with the reader's failure. */
  end(): Promise<void>;
  /** Stops after a failure of the dump itself; resolves once the reader has stopped too. */
  abort(): Promise<void>;
  /** Why the reader failed, if it did: the cause to report (the dump's own error is then only its echo). */
  readonly failure: unknown;
}

class ReaderGone extends Error {
  constructor() {
    super("the archive's reader stopped before the dump ended");
  }
}

export function gzipPipe(send: (piece: Buffer) => Promise<void>, level = 6): GzipPipe {
  const gzip = createGzip({ level });
  // The reader observes gzip's errors; without a listener of its own, one emitted while gzip is destroyed after the
  // reader left (its loop's exit destroys the stream) would be an uncaught exception.
  gzip.on("error", () => undefined);
  let failure: unknown;
  let aborting = false;
  const reader = (async () => {
    for await (const piece of gzip as AsyncIterable<Buffer>) await send(piece);
  })();
  reader.catch((err: unknown) => {
    if (aborting) return; // the dump failed first: the reader's error is only the echo of its abort
    failure = err;
    gzip.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  // Once gzip is gone (the reader's handler above destroys it) the reader has stopped or is stopping, and that
  // handler records why.
  const stopped = async (): Promise<never> => {
    await reader.catch(() => undefined);
    throw failure ?? new ReaderGone();
  };

  return {
    async write(text) {
      try {
        await writeWithBackpressure(gzip, text); // rejects at once on a destroyed gzip
      } catch {
        return stopped();
      }
    },
    async end() {
      if (gzip.destroyed) return stopped();
      gzip.end();
      await reader;
    },
    async abort() {
      aborting = failure === undefined;
      gzip.destroy();
      await reader.catch(() => undefined);
    },
    get failure() {
      return failure;
    },
  };
}
