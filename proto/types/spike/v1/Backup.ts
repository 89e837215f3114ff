// Original file: proto/spike/v1/backup.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BackupCreateRequest as _spike_v1_BackupCreateRequest, BackupCreateRequest__Output as _spike_v1_BackupCreateRequest__Output } from '../../spike/v1/BackupCreateRequest.js';
import type { BackupCreateResponse as _spike_v1_BackupCreateResponse, BackupCreateResponse__Output as _spike_v1_BackupCreateResponse__Output } from '../../spike/v1/BackupCreateResponse.js';
import type { BackupDrillRequest as _spike_v1_BackupDrillRequest, BackupDrillRequest__Output as _spike_v1_BackupDrillRequest__Output } from '../../spike/v1/BackupDrillRequest.js';
import type { BackupDrillResponse as _spike_v1_BackupDrillResponse, BackupDrillResponse__Output as _spike_v1_BackupDrillResponse__Output } from '../../spike/v1/BackupDrillResponse.js';
import type { BackupRestoreRequest as _spike_v1_BackupRestoreRequest, BackupRestoreRequest__Output as _spike_v1_BackupRestoreRequest__Output } from '../../spike/v1/BackupRestoreRequest.js';
import type { BackupRestoreResponse as _spike_v1_BackupRestoreResponse, BackupRestoreResponse__Output as _spike_v1_BackupRestoreResponse__Output } from '../../spike/v1/BackupRestoreResponse.js';
import type { BackupVerifyRequest as _spike_v1_BackupVerifyRequest, BackupVerifyRequest__Output as _spike_v1_BackupVerifyRequest__Output } from '../../spike/v1/BackupVerifyRequest.js';
import type { BackupVerifyResponse as _spike_v1_BackupVerifyResponse, BackupVerifyResponse__Output as _spike_v1_BackupVerifyResponse__Output } from '../../spike/v1/BackupVerifyResponse.js';

export interface BackupClient extends grpc.Client {
  /**
   * Dumps the database: streams progress, the archive in chunks (in order, each at most 1 MiB), and finally the
   * manifest.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (an unknown format); FAILED_PRECONDITION (pg_dump-custom on the embedded PGlite, or
   * no pg_dump at least as new as the server beside Nexus: the message names what to install); PERMISSION_DENIED;
   * UNAVAILABLE (database down); INTERNAL (the dump failed).
   */
  Create(argument: _spike_v1_BackupCreateRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  Create(argument: _spike_v1_BackupCreateRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_BackupCreateResponse__Output>;
  /**
   * Dumps the database: streams progress, the archive in chunks (in order, each at most 1 MiB), and finally the
   * manifest.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (an unknown format); FAILED_PRECONDITION (pg_dump-custom on the embedded PGlite, or
   * no pg_dump at least as new as the server beside Nexus: the message names what to install); PERMISSION_DENIED;
   * UNAVAILABLE (database down); INTERNAL (the dump failed).
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
   * (the drill database would be the live one, no root key and no shares given, a drill is already running, or a
   * pg_dump-custom archive and no SPIKE_NEXUS_BACKUP_DRILL_DB_URI);
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
   * (the drill database would be the live one, no root key and no shares given, a drill is already running, or a
   * pg_dump-custom archive and no SPIKE_NEXUS_BACKUP_DRILL_DB_URI);
   * RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  drill(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  drill(options?: grpc.CallOptions): grpc.ClientDuplexStream<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse__Output>;
  
  /**
   * Loads an uploaded backup into this Nexus's own database, which must be empty (migrated, never bootstrapped, no
   * keyring, secrets, policies or admin tokens), in one transaction. The archive must pass Verify's checks and be at
   * this Nexus's schema version, in format spike-logical-v1 (a pg_dump-custom archive is restored with pg_restore:
   * docs/backup.md). The audit records of calls made to the empty instance are replaced by the
   * archive's audit log; this call's own record follows it. Afterwards restart Nexus and give it the backup's root
   * key (its Keepers, or `spike operator restore` with the share files).
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, a chunk over 1 MiB); FAILED_PRECONDITION (the
   * database is not empty, the schema versions differ, or the archive fails a check: the message lists the
   * problems); RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Restore(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  Restore(metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  Restore(options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  Restore(callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  /**
   * Loads an uploaded backup into this Nexus's own database, which must be empty (migrated, never bootstrapped, no
   * keyring, secrets, policies or admin tokens), in one transaction. The archive must pass Verify's checks and be at
   * this Nexus's schema version, in format spike-logical-v1 (a pg_dump-custom archive is restored with pg_restore:
   * docs/backup.md). The audit records of calls made to the empty instance are replaced by the
   * archive's audit log; this call's own record follows it. Afterwards restart Nexus and give it the backup's root
   * key (its Keepers, or `spike operator restore` with the share files).
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, a chunk over 1 MiB); FAILED_PRECONDITION (the
   * database is not empty, the schema versions differ, or the archive fails a check: the message lists the
   * problems); RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  restore(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  restore(metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  restore(options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  restore(callback: grpc.requestCallback<_spike_v1_BackupRestoreResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupRestoreRequest>;
  
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's structure (spike-logical-v1:
   * tables, rows, end marker; pg_dump-custom: `pg_restore --list` and every data block read to the end, no
   * database), the manifest's MAC, and that its schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, or a chunk exceeds 1 MiB); RESOURCE_EXHAUSTED
   * (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  Verify(callback: grpc.requestCallback<_spike_v1_BackupVerifyResponse__Output>): grpc.ClientWritableStream<_spike_v1_BackupVerifyRequest>;
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's structure (spike-logical-v1:
   * tables, rows, end marker; pg_dump-custom: `pg_restore --list` and every data block read to the end, no
   * database), the manifest's MAC, and that its schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
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
   * Errors: INVALID_ARGUMENT (an unknown format); FAILED_PRECONDITION (pg_dump-custom on the embedded PGlite, or
   * no pg_dump at least as new as the server beside Nexus: the message names what to install); PERMISSION_DENIED;
   * UNAVAILABLE (database down); INTERNAL (the dump failed).
   */
  Create: grpc.handleServerStreamingCall<_spike_v1_BackupCreateRequest__Output, _spike_v1_BackupCreateResponse>;
  
  /**
   * The restore drill: restores an uploaded backup into a throwaway database (never the live one; dropped
   * afterwards), obtains the root key (the live one, or from the shares given), decrypts every secret version,
   * verifies the audit chain and the schema version, and reports the recovery point and time. Streams progress
   * while the upload and each stage run, then the result. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a start, bad shares, a chunk over 1 MiB); FAILED_PRECONDITION
   * (the drill database would be the live one, no root key and no shares given, a drill is already running, or a
   * pg_dump-custom archive and no SPIKE_NEXUS_BACKUP_DRILL_DB_URI);
   * RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Drill: grpc.handleBidiStreamingCall<_spike_v1_BackupDrillRequest__Output, _spike_v1_BackupDrillResponse>;
  
  /**
   * Loads an uploaded backup into this Nexus's own database, which must be empty (migrated, never bootstrapped, no
   * keyring, secrets, policies or admin tokens), in one transaction. The archive must pass Verify's checks and be at
   * this Nexus's schema version, in format spike-logical-v1 (a pg_dump-custom archive is restored with pg_restore:
   * docs/backup.md). The audit records of calls made to the empty instance are replaced by the
   * archive's audit log; this call's own record follows it. Afterwards restart Nexus and give it the backup's root
   * key (its Keepers, or `spike operator restore` with the share files).
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, a chunk over 1 MiB); FAILED_PRECONDITION (the
   * database is not empty, the schema versions differ, or the archive fails a check: the message lists the
   * problems); RESOURCE_EXHAUSTED (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Restore: grpc.handleClientStreamingCall<_spike_v1_BackupRestoreRequest__Output, _spike_v1_BackupRestoreResponse>;
  
  /**
   * Checks an uploaded backup without restoring it: the checksum, the archive's structure (spike-logical-v1:
   * tables, rows, end marker; pg_dump-custom: `pg_restore --list` and every data block read to the end, no
   * database), the manifest's MAC, and that its schema is not newer than this Nexus. Problems found are a result (ok false), not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (the first message is not a manifest, or a chunk exceeds 1 MiB); RESOURCE_EXHAUSTED
   * (archive over the upload limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify: grpc.handleClientStreamingCall<_spike_v1_BackupVerifyRequest__Output, _spike_v1_BackupVerifyResponse>;
  
}

export interface BackupDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_spike_v1_BackupCreateRequest, _spike_v1_BackupCreateResponse, _spike_v1_BackupCreateRequest__Output, _spike_v1_BackupCreateResponse__Output>
  Drill: MethodDefinition<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillResponse, _spike_v1_BackupDrillRequest__Output, _spike_v1_BackupDrillResponse__Output>
  Restore: MethodDefinition<_spike_v1_BackupRestoreRequest, _spike_v1_BackupRestoreResponse, _spike_v1_BackupRestoreRequest__Output, _spike_v1_BackupRestoreResponse__Output>
  Verify: MethodDefinition<_spike_v1_BackupVerifyRequest, _spike_v1_BackupVerifyResponse, _spike_v1_BackupVerifyRequest__Output, _spike_v1_BackupVerifyResponse__Output>
}
