// `spike cipher ...`: encryption as a service. Bytes in, bytes out: files or stdin/stdout, binary-safe. Nothing but
// the ciphertext or plaintext is written to stdout; what `encrypt` writes, `decrypt` reads back byte for byte.
import type * as grpc from "@grpc/grpc-js";
import { Option, type Command } from "commander";
import { createReadStream, createWriteStream, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname, basename, join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { once } from "node:events";
import { writeWithBackpressure } from "../../lib/stream-write.js";
import { unary } from "../client/unary.js";
import type { NexusConnection } from "../client/connect.js";
import type { PilotConfig } from "../config.js";
import { withNexus } from "../session.js";
import { CliError } from "../failure.js";
import { EXIT } from "../exit-codes.js";

/** Inputs up to this size go through the unary Encrypt (a single-shot 0x01 ciphertext, which Rewrap accepts). */
export const UNARY_PLAINTEXT_BYTES = 64 * 1024;
/** The server takes at most 1 MiB per stream message. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Rewrap reads its whole input; single-shot ciphertexts are small. */
const MAX_REWRAP_INPUT_BYTES = 4 * 1024 * 1024;
const RESOURCE_EXHAUSTED = 8;

type Bytes = AsyncIterator<Buffer>;

/** Splits pieces larger than the per-message limit. */
function* pieces(buf: Buffer): Generator<Buffer> {
  for (let at = 0; at < buf.length; at += MAX_MESSAGE_BYTES) yield buf.subarray(at, at + MAX_MESSAGE_BYTES);
}

/** Reads from `input` until more than `limit` bytes or the end; says which. */
async function readPrefix(input: Bytes, limit: number): Promise<{ prefix: Buffer[]; bytes: number; ended: boolean }> {
  const prefix: Buffer[] = [];
  let bytes = 0;
  while (bytes <= limit) {
    const next = await input.next();
    if (next.done === true) return { prefix, bytes, ended: true };
    prefix.push(next.value);
    bytes += next.value.length;
  }
  return { prefix, bytes, ended: false };
}

async function* messages<M>(prefix: readonly Buffer[], rest: Bytes | undefined, make: (piece: Buffer, first: boolean) => M): AsyncGenerator<M> {
  let first = true;
  const one = function* (buf: Buffer): Generator<M> {
    for (const piece of pieces(buf)) {
      yield make(piece, first);
      first = false;
    }
  };
  for (const buf of prefix) yield* one(buf);
  if (rest !== undefined) {
    for (let next = await rest.next(); next.done !== true; next = await rest.next()) yield* one(next.value);
  }
  if (first) yield make(Buffer.alloc(0), true); // the associated data still has to travel
}

/**
 * Streams `source` through a bidi call and the responses, in order, into `sink`, with backpressure both ways: the
 * call is written only as fast as Nexus reads, and responses are read only as fast as `sink` takes them. A failure
 * on either side cancels the call and is thrown.
 */
export async function throughStream<Req, Res>(
  call: grpc.ClientDuplexStream<Req, Res>,
  source: AsyncIterable<Req>,
  out: (res: Res) => Buffer,
  sink: Writable,
): Promise<void> {
  const writing = (async () => {
    for await (const message of source) {
      await writeWithBackpressure(call, message); // rejects if the call fails or ends meanwhile
    }
    call.end();
  })();
  const reading = (async () => {
    for await (const res of call as AsyncIterable<Res>) {
      const piece = out(res);
      if (piece.length > 0) await writeWithBackpressure(sink, piece);
    }
  })();
  try {
    await Promise.all([writing, reading]);
  } catch (err) {
    call.cancel();
    await Promise.allSettled([writing, reading]);
    throw err;
  }
  await finish(sink);
}

/** Ends a file sink and waits until it is on disk; stdout is left open (the process may still write to it). */
async function finish(sink: Writable): Promise<void> {
  if (sink === process.stdout) return;
  sink.end();
  await once(sink, "finish");
}

export async function encryptStream(nexus: NexusConnection, input: AsyncIterable<Buffer>, sink: Writable, associatedData = Buffer.alloc(0)): Promise<void> {
  const it = input[Symbol.asyncIterator]();
  await encryptFrom(nexus, [], it, sink, associatedData);
}

async function encryptFrom(nexus: NexusConnection, prefix: readonly Buffer[], rest: Bytes | undefined, sink: Writable, associatedData: Buffer): Promise<void> {
  await throughStream(
    nexus.cipher.EncryptStream(),
    messages(prefix, rest, (plaintext, first) => ({ plaintext, ...(first ? { associatedData } : {}) })),
    (res: { ciphertext: Buffer }) => res.ciphertext,
    sink,
  );
}

export async function decryptStream(nexus: NexusConnection, input: AsyncIterable<Buffer>, sink: Writable, associatedData = Buffer.alloc(0)): Promise<void> {
  await throughStream(
    nexus.cipher.DecryptStream(),
    messages([], input[Symbol.asyncIterator](), (ciphertext, first) => ({ ciphertext, ...(first ? { associatedData } : {}) })),
    (res: { plaintext: Buffer }) => res.plaintext,
    sink,
  );
}

function isResourceExhausted(err: unknown): boolean {
  return err instanceof Error && (err as Partial<grpc.ServiceError>).code === RESOURCE_EXHAUSTED;
}

/** Small inputs: one unary Encrypt (0x01); anything larger, or refused as too large, goes through EncryptStream (0x02). */
async function encrypt(nexus: NexusConnection, input: Readable, sink: Writable, associatedData: Buffer): Promise<void> {
  const it = input[Symbol.asyncIterator]() as Bytes;
  const head = await readPrefix(it, UNARY_PLAINTEXT_BYTES);
  if (head.ended) {
    const plaintext = Buffer.concat(head.prefix);
    try {
      const res = await unary<{ ciphertext: Buffer }>((md, o, cb) => nexus.cipher.Encrypt({ plaintext, associatedData }, md, o, cb), 30_000);
      sink.write(res.ciphertext);
      await finish(sink);
      return;
    } catch (err) {
      if (!isResourceExhausted(err)) throw err;
      // This Nexus takes less per call than we assumed: stream it.
    }
    await encryptFrom(nexus, head.prefix, undefined, sink, associatedData);
    return;
  }
  await encryptFrom(nexus, head.prefix, it, sink, associatedData);
}

async function readAll(input: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of input) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > limit) throw new CliError(`the input is over ${limit} bytes; rewrap takes single-shot ciphertexts (64 KiB of plaintext by default)`, EXIT.usage);
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

/**
 * The output: stdout, or a file written under a temporary name and renamed into place only when everything
 * arrived and authenticated (a failed decryption leaves no partial plaintext behind).
 */
async function withOutput(out: string | undefined, write: (sink: Writable) => Promise<void>): Promise<void> {
  if (out === undefined || out === "-") {
    await write(process.stdout);
    return;
  }
  const temp = join(dirname(out), `.${basename(out)}.${randomBytes(6).toString("hex")}.partial`);
  try {
    await write(createWriteStream(temp, { mode: 0o600 }));
    renameSync(temp, out);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

function openInput(file: string | undefined): Readable {
  return file === undefined || file === "-" ? process.stdin : createReadStream(file);
}

interface IoOptions {
  in?: string;
  out?: string;
  associatedData?: string;
}

function ioOptions(command: Command): Command {
  return command
    .addOption(new Option("--in <file>", "read from this file (default: stdin)"))
    .addOption(new Option("--out <file>", "write to this file (default: stdout); written only once complete"))
    .addOption(new Option("--associated-data <text>", "context bound to the ciphertext, not stored in it; decrypt must give the same"));
}

export function registerCipher(program: Command, config: () => PilotConfig): void {
  const cipher = program.command("cipher").description("encrypt and decrypt data with Nexus's keys (no key ever leaves Nexus)");

  ioOptions(cipher.command("encrypt").description("encrypt bytes; large inputs are streamed"))
    .addHelpText("after", "\nExamples:\n  spike cipher encrypt --in backup.tar --out backup.tar.spike\n  tar c data | spike cipher encrypt > data.tar.spike")
    .action(async (opts: IoOptions) => {
      const ad = Buffer.from(opts.associatedData ?? "", "utf8");
      await withNexus(config(), (nexus) => withOutput(opts.out, (sink) => encrypt(nexus, openInput(opts.in), sink, ad)), { streams: true });
    });

  ioOptions(cipher.command("decrypt").description("decrypt what `spike cipher encrypt` wrote (either format)"))
    .addHelpText("after", "\nExamples:\n  spike cipher decrypt --in backup.tar.spike --out backup.tar\n  spike cipher decrypt < data.tar.spike | tar x")
    .action(async (opts: IoOptions) => {
      const ad = Buffer.from(opts.associatedData ?? "", "utf8");
      await withNexus(config(), (nexus) => withOutput(opts.out, (sink) => decryptStream(nexus, openInput(opts.in) as AsyncIterable<Buffer>, sink, ad)), { streams: true });
    });

  ioOptions(cipher.command("rewrap").description("re-encrypt a single-shot ciphertext under the active data key, without revealing it"))
    .addHelpText("after", "\nExamples:\n  spike cipher rewrap --in token.spike --out token.spike")
    .action(async (opts: IoOptions) => {
      const ad = Buffer.from(opts.associatedData ?? "", "utf8");
      const ciphertext = await readAll(openInput(opts.in), MAX_REWRAP_INPUT_BYTES);
      await withNexus(config(), async (nexus) => {
        const res = await unary<{ ciphertext: Buffer; keyId: number }>((md, o, cb) => nexus.cipher.Rewrap({ ciphertext, associatedData: ad }, md, o, cb), 30_000);
        await withOutput(opts.out, async (sink) => {
          sink.write(res.ciphertext);
          await finish(sink);
        });
        process.stderr.write(`Rewrapped under data key ${res.keyId}\n`);
      });
    });
}
