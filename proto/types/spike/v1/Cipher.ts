// Original file: proto/spike/v1/cipher.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CipherDecryptRequest as _spike_v1_CipherDecryptRequest, CipherDecryptRequest__Output as _spike_v1_CipherDecryptRequest__Output } from '../../spike/v1/CipherDecryptRequest.js';
import type { CipherDecryptResponse as _spike_v1_CipherDecryptResponse, CipherDecryptResponse__Output as _spike_v1_CipherDecryptResponse__Output } from '../../spike/v1/CipherDecryptResponse.js';
import type { CipherDecryptStreamRequest as _spike_v1_CipherDecryptStreamRequest, CipherDecryptStreamRequest__Output as _spike_v1_CipherDecryptStreamRequest__Output } from '../../spike/v1/CipherDecryptStreamRequest.js';
import type { CipherDecryptStreamResponse as _spike_v1_CipherDecryptStreamResponse, CipherDecryptStreamResponse__Output as _spike_v1_CipherDecryptStreamResponse__Output } from '../../spike/v1/CipherDecryptStreamResponse.js';
import type { CipherEncryptRequest as _spike_v1_CipherEncryptRequest, CipherEncryptRequest__Output as _spike_v1_CipherEncryptRequest__Output } from '../../spike/v1/CipherEncryptRequest.js';
import type { CipherEncryptResponse as _spike_v1_CipherEncryptResponse, CipherEncryptResponse__Output as _spike_v1_CipherEncryptResponse__Output } from '../../spike/v1/CipherEncryptResponse.js';
import type { CipherEncryptStreamRequest as _spike_v1_CipherEncryptStreamRequest, CipherEncryptStreamRequest__Output as _spike_v1_CipherEncryptStreamRequest__Output } from '../../spike/v1/CipherEncryptStreamRequest.js';
import type { CipherEncryptStreamResponse as _spike_v1_CipherEncryptStreamResponse, CipherEncryptStreamResponse__Output as _spike_v1_CipherEncryptStreamResponse__Output } from '../../spike/v1/CipherEncryptStreamResponse.js';
import type { CipherRewrapRequest as _spike_v1_CipherRewrapRequest, CipherRewrapRequest__Output as _spike_v1_CipherRewrapRequest__Output } from '../../spike/v1/CipherRewrapRequest.js';
import type { CipherRewrapResponse as _spike_v1_CipherRewrapResponse, CipherRewrapResponse__Output as _spike_v1_CipherRewrapResponse__Output } from '../../spike/v1/CipherRewrapResponse.js';

export interface CipherClient extends grpc.Client {
  /**
   * Decrypts a single-shot (0x01) ciphertext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (too short, unknown format version, or a streamed ciphertext: use DecryptStream);
   * RESOURCE_EXHAUSTED (ciphertext over the per-call limit); NOT_FOUND (the key id is not in the keyring);
   * DATA_LOSS (authentication failed: tampered ciphertext or different associated_data); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Decrypt(argument: _spike_v1_CipherDecryptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  Decrypt(argument: _spike_v1_CipherDecryptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  Decrypt(argument: _spike_v1_CipherDecryptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  Decrypt(argument: _spike_v1_CipherDecryptRequest, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Decrypts a single-shot (0x01) ciphertext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (too short, unknown format version, or a streamed ciphertext: use DecryptStream);
   * RESOURCE_EXHAUSTED (ciphertext over the per-call limit); NOT_FOUND (the key id is not in the keyring);
   * DATA_LOSS (authentication failed: tampered ciphertext or different associated_data); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  decrypt(argument: _spike_v1_CipherDecryptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  decrypt(argument: _spike_v1_CipherDecryptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  decrypt(argument: _spike_v1_CipherDecryptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  decrypt(argument: _spike_v1_CipherDecryptRequest, callback: grpc.requestCallback<_spike_v1_CipherDecryptResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Decrypts a ciphertext sent as a stream of chunks (split anywhere); plaintext comes back as a stream of chunks.
   * Each segment's plaintext is sent only after that segment authenticates, but truncation is detected only at the
   * end: a caller that gets an error must discard everything it received. Accepts single-shot (0x01) ciphertexts
   * too.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (unknown format version, associated_data after the first message, a chunk over
   * 1 MiB); NOT_FOUND (the key id is not in the keyring); DATA_LOSS (a segment fails authentication, or the stream
   * is truncated, reordered or extended); RESOURCE_EXHAUSTED (over the stream limit); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  DecryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamResponse__Output>;
  DecryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamResponse__Output>;
  /**
   * Decrypts a ciphertext sent as a stream of chunks (split anywhere); plaintext comes back as a stream of chunks.
   * Each segment's plaintext is sent only after that segment authenticates, but truncation is detected only at the
   * end: a caller that gets an error must discard everything it received. Accepts single-shot (0x01) ciphertexts
   * too.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (unknown format version, associated_data after the first message, a chunk over
   * 1 MiB); NOT_FOUND (the key id is not in the keyring); DATA_LOSS (a segment fails authentication, or the stream
   * is truncated, reordered or extended); RESOURCE_EXHAUSTED (over the stream limit); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  decryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamResponse__Output>;
  decryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamResponse__Output>;
  
  /**
   * Encrypts a payload under the active data key.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: RESOURCE_EXHAUSTED (plaintext over the per-call limit; the message names it); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Encrypt(argument: _spike_v1_CipherEncryptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  Encrypt(argument: _spike_v1_CipherEncryptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  Encrypt(argument: _spike_v1_CipherEncryptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  Encrypt(argument: _spike_v1_CipherEncryptRequest, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Encrypts a payload under the active data key.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: RESOURCE_EXHAUSTED (plaintext over the per-call limit; the message names it); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  encrypt(argument: _spike_v1_CipherEncryptRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  encrypt(argument: _spike_v1_CipherEncryptRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  encrypt(argument: _spike_v1_CipherEncryptRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  encrypt(argument: _spike_v1_CipherEncryptRequest, callback: grpc.requestCallback<_spike_v1_CipherEncryptResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Encrypts a payload of any size sent as a stream of chunks; the ciphertext comes back as a stream of chunks
   * whose concatenation, in order, is one streamed (0x02) ciphertext. The server answers as input arrives, so
   * neither side holds the whole payload. The client half-closes to mark the end of the plaintext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (associated_data after the first message, a chunk over 1 MiB); RESOURCE_EXHAUSTED
   * (total plaintext over the stream limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  EncryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamResponse__Output>;
  EncryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamResponse__Output>;
  /**
   * Encrypts a payload of any size sent as a stream of chunks; the ciphertext comes back as a stream of chunks
   * whose concatenation, in order, is one streamed (0x02) ciphertext. The server answers as input arrives, so
   * neither side holds the whole payload. The client half-closes to mark the end of the plaintext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (associated_data after the first message, a chunk over 1 MiB); RESOURCE_EXHAUSTED
   * (total plaintext over the stream limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  encryptStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamResponse__Output>;
  encryptStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamResponse__Output>;
  
  /**
   * Re-encrypts a single-shot ciphertext under the active data key, without returning the plaintext. The
   * associated_data stays the same.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (as Decrypt); RESOURCE_EXHAUSTED (over the per-call limit); NOT_FOUND (the key id is
   * not in the keyring); DATA_LOSS (authentication failed); PERMISSION_DENIED; UNAVAILABLE.
   */
  Rewrap(argument: _spike_v1_CipherRewrapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  Rewrap(argument: _spike_v1_CipherRewrapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  Rewrap(argument: _spike_v1_CipherRewrapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  Rewrap(argument: _spike_v1_CipherRewrapRequest, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Re-encrypts a single-shot ciphertext under the active data key, without returning the plaintext. The
   * associated_data stays the same.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (as Decrypt); RESOURCE_EXHAUSTED (over the per-call limit); NOT_FOUND (the key id is
   * not in the keyring); DATA_LOSS (authentication failed); PERMISSION_DENIED; UNAVAILABLE.
   */
  rewrap(argument: _spike_v1_CipherRewrapRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  rewrap(argument: _spike_v1_CipherRewrapRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  rewrap(argument: _spike_v1_CipherRewrapRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  rewrap(argument: _spike_v1_CipherRewrapRequest, callback: grpc.requestCallback<_spike_v1_CipherRewrapResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface CipherHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Decrypts a single-shot (0x01) ciphertext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (too short, unknown format version, or a streamed ciphertext: use DecryptStream);
   * RESOURCE_EXHAUSTED (ciphertext over the per-call limit); NOT_FOUND (the key id is not in the keyring);
   * DATA_LOSS (authentication failed: tampered ciphertext or different associated_data); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Decrypt: grpc.handleUnaryCall<_spike_v1_CipherDecryptRequest__Output, _spike_v1_CipherDecryptResponse>;
  
  /**
   * Decrypts a ciphertext sent as a stream of chunks (split anywhere); plaintext comes back as a stream of chunks.
   * Each segment's plaintext is sent only after that segment authenticates, but truncation is detected only at the
   * end: a caller that gets an error must discard everything it received. Accepts single-shot (0x01) ciphertexts
   * too.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (unknown format version, associated_data after the first message, a chunk over
   * 1 MiB); NOT_FOUND (the key id is not in the keyring); DATA_LOSS (a segment fails authentication, or the stream
   * is truncated, reordered or extended); RESOURCE_EXHAUSTED (over the stream limit); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  DecryptStream: grpc.handleBidiStreamingCall<_spike_v1_CipherDecryptStreamRequest__Output, _spike_v1_CipherDecryptStreamResponse>;
  
  /**
   * Encrypts a payload under the active data key.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: RESOURCE_EXHAUSTED (plaintext over the per-call limit; the message names it); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Encrypt: grpc.handleUnaryCall<_spike_v1_CipherEncryptRequest__Output, _spike_v1_CipherEncryptResponse>;
  
  /**
   * Encrypts a payload of any size sent as a stream of chunks; the ciphertext comes back as a stream of chunks
   * whose concatenation, in order, is one streamed (0x02) ciphertext. The server answers as input arrives, so
   * neither side holds the whole payload. The client half-closes to mark the end of the plaintext.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (associated_data after the first message, a chunk over 1 MiB); RESOURCE_EXHAUSTED
   * (total plaintext over the stream limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  EncryptStream: grpc.handleBidiStreamingCall<_spike_v1_CipherEncryptStreamRequest__Output, _spike_v1_CipherEncryptStreamResponse>;
  
  /**
   * Re-encrypts a single-shot ciphertext under the active data key, without returning the plaintext. The
   * associated_data stays the same.
   * Callers: superuser; policy: execute on spike/system/cipher/exec.
   * Errors: INVALID_ARGUMENT (as Decrypt); RESOURCE_EXHAUSTED (over the per-call limit); NOT_FOUND (the key id is
   * not in the keyring); DATA_LOSS (authentication failed); PERMISSION_DENIED; UNAVAILABLE.
   */
  Rewrap: grpc.handleUnaryCall<_spike_v1_CipherRewrapRequest__Output, _spike_v1_CipherRewrapResponse>;
  
}

export interface CipherDefinition extends grpc.ServiceDefinition {
  Decrypt: MethodDefinition<_spike_v1_CipherDecryptRequest, _spike_v1_CipherDecryptResponse, _spike_v1_CipherDecryptRequest__Output, _spike_v1_CipherDecryptResponse__Output>
  DecryptStream: MethodDefinition<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamResponse, _spike_v1_CipherDecryptStreamRequest__Output, _spike_v1_CipherDecryptStreamResponse__Output>
  Encrypt: MethodDefinition<_spike_v1_CipherEncryptRequest, _spike_v1_CipherEncryptResponse, _spike_v1_CipherEncryptRequest__Output, _spike_v1_CipherEncryptResponse__Output>
  EncryptStream: MethodDefinition<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamResponse, _spike_v1_CipherEncryptStreamRequest__Output, _spike_v1_CipherEncryptStreamResponse__Output>
  Rewrap: MethodDefinition<_spike_v1_CipherRewrapRequest, _spike_v1_CipherRewrapResponse, _spike_v1_CipherRewrapRequest__Output, _spike_v1_CipherRewrapResponse__Output>
}
