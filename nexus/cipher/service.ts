// Encryption as a service: single-shot encrypt/decrypt/rewrap and the segmented stream, on the keyring's data keys.
// Formats and bindings: format.ts. Nothing here does I/O beyond what the keyring does (reserving use blocks).
import { randomBytes } from "node:crypto";
import { SpikeError, invalidArgument, notFound } from "../../lib/errors.js";
import type { SealPermit } from "../secrets/cipher.js";
import type { Binding } from "../crypto/aad.js";
import {
  FORMAT_SINGLE,
  FORMAT_STREAM,
  MAX_STREAM_PLAINTEXT_BYTES,
  SEGMENT_BYTES,
  SINGLE_OVERHEAD,
  STREAM_HEADER_BYTES,
  STREAM_ID_BYTES,
  associatedDataDigest,
  decodeStreamHeader,
  encodeStreamHeader,
  segmentBinding,
  singleBinding,
  type StreamHeader,
} from "./format.js";

/** What the cipher service needs from the keyring (KeyringCipher provides it). */
export interface CipherKeys {
  reserve(): Promise<SealPermit>;
  open(envelope: Buffer, binding: Binding): Promise<Buffer>;
  activeKeyId(): Promise<number>;
}

const MAX_SEGMENT_INDEX = 0xffff_ffff;

const resourceExhausted = (message: string): SpikeError => new SpikeError("resource_exhausted", message);
const dataLoss = (message: string): SpikeError => new SpikeError("data_loss", message);

export class CipherService {
  constructor(
    private readonly keys: CipherKeys,
    /** Plaintext bytes per unary call (SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE). */
    readonly maxPlaintextBytes: number,
  ) {}

  /** Ciphertext bytes per unary call: the plaintext limit plus the envelope. */
  get maxCiphertextBytes(): number {
    return this.maxPlaintextBytes + SINGLE_OVERHEAD;
  }

  checkPlaintextSize(bytes: number, rpc: string): void {
    if (bytes > this.maxPlaintextBytes) {
      throw resourceExhausted(
        `plaintext is ${bytes} bytes; ${rpc} takes at most ${this.maxPlaintextBytes} bytes per call ` +
          `(SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE); use EncryptStream for larger payloads`,
      );
    }
  }

  checkCiphertextSize(bytes: number, rpc: string): void {
    if (bytes > this.maxCiphertextBytes) {
      throw resourceExhausted(
        `ciphertext is ${bytes} bytes; ${rpc} takes at most ${this.maxCiphertextBytes} bytes per call ` +
          `(${this.maxPlaintextBytes} bytes of plaintext, SPIKE_NEXUS_CRYPTO_MAX_PLAINTEXT_SIZE); use DecryptStream for larger payloads`,
      );
    }
  }

  async encrypt(plaintext: Buffer, associatedData: Buffer): Promise<{ ciphertext: Buffer; keyId: number }> {
    this.checkPlaintextSize(plaintext.length, "Encrypt");
    const permit = await this.keys.reserve();
    return { ciphertext: permit.seal(plaintext, singleBinding(associatedDataDigest(associatedData))), keyId: permit.keyId };
  }

  /** The plaintext of a single-shot ciphertext; the caller owns it. */
  async decrypt(ciphertext: Buffer, associatedData: Buffer, rpc = "Decrypt"): Promise<{ plaintext: Buffer; keyId: number }> {
    this.checkCiphertextSize(ciphertext.length, rpc);
    const keyId = await this.#checkSingle(ciphertext);
    try {
      return { plaintext: await this.keys.open(ciphertext, singleBinding(associatedDataDigest(associatedData))), keyId };
    } catch (e) {
      if (e instanceof SpikeError && e.code === "data_loss") {
        throw dataLoss(
          `ciphertext fails authentication under data key ${keyId}: it was altered, the associated data differs, ` +
            `or it is not a single-shot ciphertext of the cipher service`,
        );
      }
      throw e;
    }
  }

  /** Re-encrypts under the active data key; the plaintext never leaves this method (and is zeroed). */
  async rewrap(ciphertext: Buffer, associatedData: Buffer): Promise<{ ciphertext: Buffer; keyId: number }> {
    const { plaintext } = await this.decrypt(ciphertext, associatedData, "Rewrap");
    try {
      const permit = await this.keys.reserve();
      return { ciphertext: permit.seal(plaintext, singleBinding(associatedDataDigest(associatedData))), keyId: permit.keyId };
    } finally {
      plaintext.fill(0);
    }
  }

  encryptStream(associatedData: Buffer, segmentBytes = SEGMENT_BYTES): StreamEncryptor {
    return new StreamEncryptor(this.keys, associatedDataDigest(associatedData), segmentBytes);
  }

  decryptStream(associatedData: Buffer): StreamDecryptor {
    return new StreamDecryptor(this, this.keys, associatedData);
  }

  /** Checks a single-shot ciphertext's framing and key id before any decryption; returns the key id. */
  async #checkSingle(ciphertext: Buffer): Promise<number> {
    const format = ciphertext[0];
    if (format === FORMAT_STREAM) throw invalidArgument("this is a streamed (0x02) ciphertext: decrypt it with DecryptStream");
    if (format !== FORMAT_SINGLE) {
      throw invalidArgument(
        ciphertext.length === 0 ? "ciphertext is empty" : `ciphertext has unknown format version 0x${format?.toString(16).padStart(2, "0") ?? ""}`,
      );
    }
    if (ciphertext.length < SINGLE_OVERHEAD) {
      throw invalidArgument(`ciphertext is ${ciphertext.length} bytes, shorter than the ${SINGLE_OVERHEAD}-byte minimum`);
    }
    return checkKeyId(ciphertext.readUInt32BE(1), await this.keys.activeKeyId());
  }
}

/** Key ids are assigned 1, 2, 3...; the active one is the newest, so anything above it is not in the keyring. */
function checkKeyId(keyId: number, activeKeyId: number): number {
  if (keyId === 0) throw invalidArgument("ciphertext names data key 0, which is never assigned");
  if (keyId > activeKeyId) throw notFound(`ciphertext names data key ${keyId}, which the keyring does not hold (newest is ${activeKeyId})`);
  return keyId;
}

/** Bytes arriving in pieces, taken off the front in exact amounts without copying more than needed. */
class ByteQueue {
  #pieces: Buffer[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** The first byte queued, if any. */
  first(): number | undefined {
    return this.#pieces[0]?.[0];
  }

  push(piece: Buffer): void {
    if (piece.length === 0) return;
    this.#pieces.push(piece);
    this.#length += piece.length;
  }

  /** The first `n` bytes (n <= length), in a buffer of their own. */
  take(n: number): Buffer {
    const out = Buffer.alloc(n);
    let at = 0;
    while (at < n) {
      const head = this.#pieces[0] as Buffer;
      const want = n - at;
      if (head.length <= want) {
        head.copy(out, at);
        at += head.length;
        this.#pieces.shift();
      } else {
        head.copy(out, at, 0, want);
        this.#pieces[0] = head.subarray(want);
        at += want;
      }
    }
    this.#length -= n;
    return out;
  }

  /** Zeroes what is still queued (plaintext must not linger) and empties the queue. */
  wipe(): void {
    for (const p of this.#pieces) p.fill(0);
    this.#pieces = [];
    this.#length = 0;
  }
}

/**
 * Turns plaintext pieces into a 0x02 ciphertext. A segment is sealed once more plaintext follows it (it is then
 * known not to be the last), so at most one segment plus one piece is held at a time.
 */
export class StreamEncryptor {
  readonly #queue = new ByteQueue();
  #header: Buffer | undefined;
  #permit: SealPermit | undefined;
  #index = 0;
  #total = 0;

  constructor(
    private readonly keys: CipherKeys,
    private readonly adDigest: string,
    private readonly segmentBytes: number,
  ) {}

  /** The key id in the header; known once the first output has been produced. */
  get keyId(): number | undefined {
    return this.#header?.readUInt32BE(1);
  }

  /** Takes the next plaintext piece (the encryptor keeps it); returns the ciphertext pieces now ready. */
  async push(plaintext: Buffer): Promise<Buffer[]> {
    this.#total += plaintext.length;
    if (this.#total > MAX_STREAM_PLAINTEXT_BYTES) {
      this.#queue.wipe();
      throw resourceExhausted(`a stream takes at most ${MAX_STREAM_PLAINTEXT_BYTES} bytes of plaintext`);
    }
    this.#queue.push(plaintext);
    const out = await this.#start();
    while (this.#queue.length > this.segmentBytes) out.push(await this.#segment(this.segmentBytes, false));
    return out;
  }

  /** Seals what is left as the last segment (possibly empty); returns the final ciphertext pieces. */
  async finish(): Promise<Buffer[]> {
    const out = await this.#start();
    out.push(await this.#segment(this.#queue.length, true));
    return out;
  }

  abort(): void {
    this.#queue.wipe();
  }

  async #start(): Promise<Buffer[]> {
    if (this.#header !== undefined) return [];
    this.#permit = await this.keys.reserve();
    this.#header = encodeStreamHeader(this.#permit.keyId, this.segmentBytes, randomBytes(STREAM_ID_BYTES));
    return [this.#header];
  }

  async #segment(bytes: number, last: boolean): Promise<Buffer> {
    const header = this.#header as Buffer;
    if (this.#index > MAX_SEGMENT_INDEX) throw resourceExhausted("a stream holds at most 2^32 segments");
    const permit = this.#permit ?? (await this.keys.reserve());
    this.#permit = undefined;
    const plaintext = this.#queue.take(bytes);
    try {
      return permit.seal(plaintext, segmentBinding(header, this.adDigest, this.#index++, last));
    } finally {
      plaintext.fill(0);
    }
  }
}

/**
 * Turns ciphertext pieces (split anywhere) back into plaintext. A segment's plaintext is returned only after it
 * authenticates; a segment is opened as "not the last" only once bytes beyond it have arrived, and whatever remains
 * at the end must open as the last one. Accepts a single-shot (0x01) ciphertext too, up to the unary limit.
 */
export class StreamDecryptor {
  readonly #queue = new ByteQueue();
  #mode: "unknown" | "single" | "stream" = "unknown";
  #header: StreamHeader | undefined;
  #index = 0;
  readonly #adDigest: string;

  constructor(
    private readonly service: CipherService,
    private readonly keys: CipherKeys,
    private readonly associatedData: Buffer,
  ) {
    this.#adDigest = associatedDataDigest(associatedData);
  }

  async push(ciphertext: Buffer): Promise<Buffer[]> {
    this.#queue.push(ciphertext);
    const format = this.#queue.first();
    if (this.#mode === "unknown" && format !== undefined) {
      this.#mode = format === FORMAT_SINGLE ? "single" : format === FORMAT_STREAM ? "stream" : "unknown";
      if (this.#mode === "unknown") throw invalidArgument(`ciphertext has unknown format version 0x${format.toString(16).padStart(2, "0")}`);
    }
    if (this.#mode === "single") {
      this.service.checkCiphertextSize(this.#queue.length, "DecryptStream (for a single-shot ciphertext)");
      return [];
    }
    if (this.#mode !== "stream") return [];
    if (this.#header === undefined) {
      if (this.#queue.length < STREAM_HEADER_BYTES) return [];
      const header = decodeStreamHeader(this.#queue.take(STREAM_HEADER_BYTES));
      if (header === undefined) throw dataLoss("stream header names a segment size out of range: the ciphertext was altered");
      this.#header = header;
    }
    const sealedBytes = this.#header.segmentBytes + SINGLE_OVERHEAD;
    const out: Buffer[] = [];
    while (this.#queue.length > sealedBytes) out.push(await this.#open(this.#queue.take(sealedBytes), false));
    return out;
  }

  async finish(): Promise<Buffer[]> {
    if (this.#mode === "unknown") throw invalidArgument("ciphertext is empty");
    if (this.#mode === "single") {
      const { plaintext } = await this.service.decrypt(this.#queue.take(this.#queue.length), this.associatedData, "DecryptStream");
      return [plaintext];
    }
    if (this.#header === undefined) throw dataLoss("stream ends inside its header: the ciphertext was truncated");
    if (this.#queue.length < SINGLE_OVERHEAD) {
      throw dataLoss(`stream ends after segment ${this.#index - 1} without a complete last segment: the ciphertext was truncated`);
    }
    return [await this.#open(this.#queue.take(this.#queue.length), true)];
  }

  async #open(segment: Buffer, last: boolean): Promise<Buffer> {
    const header = this.#header as StreamHeader;
    const index = this.#index++;
    if (index > MAX_SEGMENT_INDEX) throw dataLoss("stream has more than 2^32 segments: the ciphertext was extended");
    if (segment[0] !== FORMAT_SINGLE) throw dataLoss(`segment ${index} of the stream is malformed: the ciphertext was altered`);
    const keyId = checkKeyId(segment.readUInt32BE(1), await this.keys.activeKeyId());
    try {
      return await this.keys.open(segment, segmentBinding(header.bytes, this.#adDigest, index, last));
    } catch (e) {
      if (e instanceof SpikeError && e.code === "data_loss") {
        throw dataLoss(
          `segment ${index} of the stream fails authentication under data key ${keyId}: the ciphertext was altered, truncated, ` +
            `reordered or extended, or the associated data differs; discard any plaintext already received`,
        );
      }
      throw e;
    }
  }
}
