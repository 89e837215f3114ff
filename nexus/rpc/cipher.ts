// spike.v1.Cipher: encryption as a service on the keyring's data keys (nexus/cipher). Every RPC is guarded first.
// Guard: the Pilot superuser, or a workload with `execute` on the reserved path spike/system/cipher/exec.
import type { CipherDefinition } from "../../proto/types/spike/v1/Cipher.js";
import type { CipherDecryptStreamRequest__Output } from "../../proto/types/spike/v1/CipherDecryptStreamRequest.js";
import type { CipherEncryptStreamRequest__Output } from "../../proto/types/spike/v1/CipherEncryptStreamRequest.js";
import type { CipherEncryptStreamResponse } from "../../proto/types/spike/v1/CipherEncryptStreamResponse.js";
import type { CipherDecryptStreamResponse } from "../../proto/types/spike/v1/CipherDecryptStreamResponse.js";
import { invalidArgument } from "../../lib/errors.js";
import { CipherService } from "../cipher/service.js";
import { MAX_ASSOCIATED_DATA_BYTES, MAX_STREAM_CHUNK_BYTES } from "../cipher/format.js";
import { bidiStream, unary, type ServiceRpcs } from "./define.js";
import { policyOn } from "./guards.js";
import { RESERVED_PATHS } from "../authz/policy.js";
import type { NexusRpcContext } from "./context.js";

function associatedData(ad: Buffer): Buffer {
  if (ad.length > MAX_ASSOCIATED_DATA_BYTES) {
    throw invalidArgument(`associated_data is ${ad.length} bytes; at most ${MAX_ASSOCIATED_DATA_BYTES} are allowed`);
  }
  return ad;
}

function chunk(piece: Buffer, field: string): Buffer {
  if (piece.length > MAX_STREAM_CHUNK_BYTES) {
    throw invalidArgument(`a stream message's ${field} is ${piece.length} bytes; at most ${MAX_STREAM_CHUNK_BYTES} per message`);
  }
  return piece;
}

/** The first message's associated_data; any later message that carries some is refused. */
function laterAssociatedData(index: number, ad: Buffer): void {
  if (index > 0 && ad.length > 0) throw invalidArgument(`associated_data is allowed only in the first message of a stream (message ${index + 1} has some)`);
}

export function cipherRpcs(ctx: NexusRpcContext): ServiceRpcs<CipherDefinition> {
  // The superuser, or a workload with `execute` on the reserved path spike/system/cipher/exec.
  const guard = policyOn(ctx, "execute", RESERVED_PATHS.cipher);
  const service = (): CipherService => new CipherService(ctx.keyring(), ctx.cipherMaxPlaintextBytes);
  return {
    Encrypt: unary({
      guard,
      validate: (req) => ({ plaintext: req.plaintext, ad: associatedData(req.associatedData) }),
      act: ({ plaintext, ad }) => service().encrypt(plaintext, ad),
    }),
    Decrypt: unary({
      guard,
      validate: (req) => ({ ciphertext: req.ciphertext, ad: associatedData(req.associatedData) }),
      act: ({ ciphertext, ad }) => service().decrypt(ciphertext, ad),
    }),
    Rewrap: unary({
      guard,
      validate: (req) => ({ ciphertext: req.ciphertext, ad: associatedData(req.associatedData) }),
      act: ({ ciphertext, ad }) => service().rewrap(ciphertext, ad),
    }),
    EncryptStream: bidiStream<CipherEncryptStreamRequest__Output, CipherEncryptStreamResponse>({
      guard,
      act: async (requests, _call, send, signal) => {
        const svc = service();
        let encryptor: ReturnType<CipherService["encryptStream"]> | undefined;
        let index = 0;
        let sentHeader = false;
        const emit = async (pieces: Buffer[]): Promise<void> => {
          for (const ciphertext of pieces) {
            // The first piece is the header; its message carries the key id.
            await send({ ciphertext, keyId: sentHeader ? 0 : (encryptor?.keyId ?? 0) });
            sentHeader = true;
          }
        };
        try {
          for await (const req of requests) {
            if (signal.aborted) return;
            laterAssociatedData(index, req.associatedData);
            encryptor ??= svc.encryptStream(associatedData(req.associatedData));
            index++;
            await emit(await encryptor.push(chunk(req.plaintext, "plaintext")));
          }
          if (signal.aborted) return;
          encryptor ??= svc.encryptStream(Buffer.alloc(0));
          await emit(await encryptor.finish());
        } finally {
          encryptor?.abort();
        }
      },
    }),
    DecryptStream: bidiStream<CipherDecryptStreamRequest__Output, CipherDecryptStreamResponse>({
      guard,
      act: async (requests, _call, send, signal) => {
        const svc = service();
        let decryptor: ReturnType<CipherService["decryptStream"]> | undefined;
        let index = 0;
        for await (const req of requests) {
          if (signal.aborted) return;
          laterAssociatedData(index, req.associatedData);
          decryptor ??= svc.decryptStream(associatedData(req.associatedData));
          index++;
          for (const plaintext of await decryptor.push(chunk(req.ciphertext, "ciphertext"))) await send({ plaintext });
        }
        if (signal.aborted) return;
        decryptor ??= svc.decryptStream(Buffer.alloc(0));
        for (const plaintext of await decryptor.finish()) await send({ plaintext });
      },
    }),
  };
}
