// Original file: proto/spike/v1/audit.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AuditExportRequest as _spike_v1_AuditExportRequest, AuditExportRequest__Output as _spike_v1_AuditExportRequest__Output } from '../../spike/v1/AuditExportRequest.js';
import type { AuditExportResponse as _spike_v1_AuditExportResponse, AuditExportResponse__Output as _spike_v1_AuditExportResponse__Output } from '../../spike/v1/AuditExportResponse.js';
import type { AuditPruneRequest as _spike_v1_AuditPruneRequest, AuditPruneRequest__Output as _spike_v1_AuditPruneRequest__Output } from '../../spike/v1/AuditPruneRequest.js';
import type { AuditPruneResponse as _spike_v1_AuditPruneResponse, AuditPruneResponse__Output as _spike_v1_AuditPruneResponse__Output } from '../../spike/v1/AuditPruneResponse.js';
import type { AuditTailRequest as _spike_v1_AuditTailRequest, AuditTailRequest__Output as _spike_v1_AuditTailRequest__Output } from '../../spike/v1/AuditTailRequest.js';
import type { AuditTailResponse as _spike_v1_AuditTailResponse, AuditTailResponse__Output as _spike_v1_AuditTailResponse__Output } from '../../spike/v1/AuditTailResponse.js';
import type { AuditVerifyRequest as _spike_v1_AuditVerifyRequest, AuditVerifyRequest__Output as _spike_v1_AuditVerifyRequest__Output } from '../../spike/v1/AuditVerifyRequest.js';
import type { AuditVerifyResponse as _spike_v1_AuditVerifyResponse, AuditVerifyResponse__Output as _spike_v1_AuditVerifyResponse__Output } from '../../spike/v1/AuditVerifyResponse.js';

export interface AuditClient extends grpc.Client {
  /**
   * Streams the records in a range, oldest first, for export; with the anchor they can be verified offline.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (range ends before it starts); PERMISSION_DENIED; UNAVAILABLE.
   */
  Export(argument: _spike_v1_AuditExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditExportResponse__Output>;
  Export(argument: _spike_v1_AuditExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditExportResponse__Output>;
  /**
   * Streams the records in a range, oldest first, for export; with the anchor they can be verified offline.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (range ends before it starts); PERMISSION_DENIED; UNAVAILABLE.
   */
  export(argument: _spike_v1_AuditExportRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditExportResponse__Output>;
  export(argument: _spike_v1_AuditExportRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditExportResponse__Output>;
  
  /**
   * Deletes the records older than a time, and records an anchor (the last deleted record's sequence and hash) so
   * the remaining chain still verifies. The prune itself is audited.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (before unset or in the future); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  Prune(argument: _spike_v1_AuditPruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  Prune(argument: _spike_v1_AuditPruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  Prune(argument: _spike_v1_AuditPruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  Prune(argument: _spike_v1_AuditPruneRequest, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes the records older than a time, and records an anchor (the last deleted record's sequence and hash) so
   * the remaining chain still verifies. The prune itself is audited.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (before unset or in the future); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  prune(argument: _spike_v1_AuditPruneRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  prune(argument: _spike_v1_AuditPruneRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  prune(argument: _spike_v1_AuditPruneRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  prune(argument: _spike_v1_AuditPruneRequest, callback: grpc.requestCallback<_spike_v1_AuditPruneResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams the newest records, then (with follow) each new record as it is committed.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (last above 10000); OUT_OF_RANGE (since_sequence is beyond the newest record);
   * PERMISSION_DENIED; UNAVAILABLE (not ready, or the database went away during follow: resume with the last
   * sequence seen).
   */
  Tail(argument: _spike_v1_AuditTailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditTailResponse__Output>;
  Tail(argument: _spike_v1_AuditTailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditTailResponse__Output>;
  /**
   * Streams the newest records, then (with follow) each new record as it is committed.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (last above 10000); OUT_OF_RANGE (since_sequence is beyond the newest record);
   * PERMISSION_DENIED; UNAVAILABLE (not ready, or the database went away during follow: resume with the last
   * sequence seen).
   */
  tail(argument: _spike_v1_AuditTailRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditTailResponse__Output>;
  tail(argument: _spike_v1_AuditTailRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditTailResponse__Output>;
  
  /**
   * Checks the hash chain over a range, streaming progress, then the result. A broken chain is a result (ok false),
   * not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (from_sequence above to_sequence); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify(argument: _spike_v1_AuditVerifyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditVerifyResponse__Output>;
  Verify(argument: _spike_v1_AuditVerifyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditVerifyResponse__Output>;
  /**
   * Checks the hash chain over a range, streaming progress, then the result. A broken chain is a result (ok false),
   * not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (from_sequence above to_sequence); PERMISSION_DENIED; UNAVAILABLE.
   */
  verify(argument: _spike_v1_AuditVerifyRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditVerifyResponse__Output>;
  verify(argument: _spike_v1_AuditVerifyRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_spike_v1_AuditVerifyResponse__Output>;
  
}

export interface AuditHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Streams the records in a range, oldest first, for export; with the anchor they can be verified offline.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (range ends before it starts); PERMISSION_DENIED; UNAVAILABLE.
   */
  Export: grpc.handleServerStreamingCall<_spike_v1_AuditExportRequest__Output, _spike_v1_AuditExportResponse>;
  
  /**
   * Deletes the records older than a time, and records an anchor (the last deleted record's sequence and hash) so
   * the remaining chain still verifies. The prune itself is audited.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (before unset or in the future); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  Prune: grpc.handleUnaryCall<_spike_v1_AuditPruneRequest__Output, _spike_v1_AuditPruneResponse>;
  
  /**
   * Streams the newest records, then (with follow) each new record as it is committed.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (last above 10000); OUT_OF_RANGE (since_sequence is beyond the newest record);
   * PERMISSION_DENIED; UNAVAILABLE (not ready, or the database went away during follow: resume with the last
   * sequence seen).
   */
  Tail: grpc.handleServerStreamingCall<_spike_v1_AuditTailRequest__Output, _spike_v1_AuditTailResponse>;
  
  /**
   * Checks the hash chain over a range, streaming progress, then the result. A broken chain is a result (ok false),
   * not an error.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (from_sequence above to_sequence); PERMISSION_DENIED; UNAVAILABLE.
   */
  Verify: grpc.handleServerStreamingCall<_spike_v1_AuditVerifyRequest__Output, _spike_v1_AuditVerifyResponse>;
  
}

export interface AuditDefinition extends grpc.ServiceDefinition {
  Export: MethodDefinition<_spike_v1_AuditExportRequest, _spike_v1_AuditExportResponse, _spike_v1_AuditExportRequest__Output, _spike_v1_AuditExportResponse__Output>
  Prune: MethodDefinition<_spike_v1_AuditPruneRequest, _spike_v1_AuditPruneResponse, _spike_v1_AuditPruneRequest__Output, _spike_v1_AuditPruneResponse__Output>
  Tail: MethodDefinition<_spike_v1_AuditTailRequest, _spike_v1_AuditTailResponse, _spike_v1_AuditTailRequest__Output, _spike_v1_AuditTailResponse__Output>
  Verify: MethodDefinition<_spike_v1_AuditVerifyRequest, _spike_v1_AuditVerifyResponse, _spike_v1_AuditVerifyRequest__Output, _spike_v1_AuditVerifyResponse__Output>
}
