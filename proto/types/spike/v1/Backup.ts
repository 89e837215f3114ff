// Original file: proto/spike/v1/backup.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackupCreateRequest as _spike_v1_BackupCreateRequest, BackupCreateRequest__Output as _spike_v1_BackupCreateRequest__Output } from '../../spike/v1/BackupCreateRequest.js';
import type { BackupCreateResponse as _spike_v1_BackupCreateResponse, BackupCreateResponse__Output as _spike_v1_BackupCreateResponse__Output } from '../../spike/v1/BackupCreateResponse.js';
import type { BackupDrillRequest as _spike_v1_BackupDrillRequest, BackupDrillRequest__Output as _spike_v1_BackupDrillRequest__Output } from '../../spike/v1/BackupDrillRequest.js';
import type { BackupDrillResponse as _spike_v1_BackupDrillResponse, BackupDrillResponse__Output as _spike_v1_BackupDrillResponse__Output } from '../../spike/v1/BackupDrillResponse.js';
import type { BackupVerifyRequest as _spike_v1_BackupVerifyRequest, BackupVerifyRequest__Output as _spike_v1_BackupVerifyRequest__Output } from '../../spike/v1/BackupVerifyRequest.js';
import type { BackupVerifyResponse as _spike_v1_BackupVerifyResponse, BackupVerifyResponse__Output as _spike_v1_BackupVerifyResponse__Output } from '../../spike/v1/BackupVerifyResponse.js';

export interface BackupClient extends grpc.Client {
  /**
   * Dumps the database: streams progress, the archive in chunks (in order, each at most 1 MiB), and finally the
   * manifest.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (the dump tool is missing or too old for the server; the message says which);
   * PERMISSION_DENIED; UNAVAILABLE (database down); INTERNAL (the dump failed).
   */
  Create(argument: _spike_v1_BackupCreateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  Create(argument: _spike_v1_BackupCreateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  /**
   * Dumps the database: streams progress, the archive in chunks (in order, each at most 1 MiB), and finally the
   * manifest.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (the dump tool is missing or too old for the server; the message says which);
   * PERMISSION_DENIED; UNAVAILABLE (database down); INTERNAL (the dump failed).
   */
  create(argument: _spike_v1_BackupCreateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  create(argument: _spike_v1_BackupCreateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  
  /**
   * The restore drill: restores an uploaded backup into a throwaway database (never the live one; dropped
   * afterwards), obtains the root key (the live one, or from the shares given), decrypts every secret version,
   * verifies the audit chain and the schema version, and reports the recovery point and time. Streams progress
   * while the upload and each stage run, then the result. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a start, bad shares, a chunk over 1 MiB); FAILED_PRECONDITION
   * (the drill database would be the live one, no root key and no shares given, or a drill is already running);
   * RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Drill(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  Drill(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  /**
   * The restore drill: restores an uploaded backup into a throwaway database (never the live one; dropped
   * afterwards), obtains the root key (the live one, or from the shares given), decrypts every secret version,
   * verifies the audit chain and the schema version, and reports the recovery point and time. Streams progress
   * while the upload and each stage run, then the result. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a start, bad shares, a chunk over 1 MiB); FAILED_PRECONDITION
   * (the drill database would be the live one, no root key and no shares given, or a drill is already running);
   * RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  drill(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  drill(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's table of contents, and that its
   * schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, or a chunk exceeds 1 MiB); RESOURCE_EXHAUSTED
   * (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's table of contents, and that its
   * schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, or a chunk exceeds 1 MiB); RESOURCE_EXHAUSTED
   * (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  verify(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  verify(metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  verify(options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  verify(callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  
}

export interface BackupHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Dumps the database: streams progress, the archive in chunks (in order, each at most 1 MiB), and finally the
   * manifest.
   * Callers: superuser.
   * Errors: FAILED_PRECONDITION (the dump tool is missing or too old for the server; the message says which);
   * PERMISSION_DENIED; UNAVAILABLE (database down); INTERNAL (the dump failed).
   */
  Create: grpc.handleServerStreamingCall<_spike_v1_BackupCreateRequest__Output, _spike_v1_BackupCreateResponse>;
  
  /**
   * The restore drill: restores an uploaded backup into a throwaway database (never the live one; dropped
   * afterwards), obtains the root key (the live one, or from the shares given), decrypts every secret version,
   * verifies the audit chain and the schema version, and reports the recovery point and time. Streams progress
   * while the upload and each stage run, then the result. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a start, bad shares, a chunk over 1 MiB); FAILED_PRECONDITION
   * (the drill database would be the live one, no root key and no shares given, or a drill is already running);
   * RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Drill: grpc.handleBidiStreamingCall<_spike_v1_BackupDrillRequest__Output, _spike_v1_BackupDrillResponse>;
  
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's table of contents, and that its
   * schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, or a chunk exceeds 1 MiB); RESOURCE_EXHAUSTED
   * (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify: grpc.handleClientStreamingCall<_spike_v1_BackupVerifyRequest__Output, _spike_v1_BackupVerifyResponse>;
  
}

export interface BackupDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_spike_v1_BackupCreateRequest, _spike_v1_BackupCreateResponse, _spike_v1_BackupCreateRequest__Output, _spike_v1_BackupCreateResponse__Output>
  Drill: MethodDefinition<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse, _spike_v1_BackupDrillRequest__Output, _spike_v1_BackupDrillResponse__Output>
  Verify: MethodDefinition<_spike_v1_BackupVerifyRequest, _spike_v1_BackupVerifyResponse, _spike_v1_BackupVerifyRequest__Output, _spike_v1_BackupVerifyResponse__Output>
}
