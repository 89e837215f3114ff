// Original file: proto/spike/v1/admin_tokens.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdminTokensCreateRequest as _spike_v1_AdminTokensCreateRequest, AdminTokensCreateRequest__Output as _spike_v1_AdminTokensCreateRequest__Output } from '../../spike/v1/AdminTokensCreateRequest.js';
import type { AdminTokensCreateResponse as _spike_v1_AdminTokensCreateResponse, AdminTokensCreateResponse__Output as _spike_v1_AdminTokensCreateResponse__Output } from '../../spike/v1/AdminTokensCreateResponse.js';
import type { AdminTokensListRequest as _spike_v1_AdminTokensListRequest, AdminTokensListRequest__Output as _spike_v1_AdminTokensListRequest__Output } from '../../spike/v1/AdminTokensListRequest.js';
import type { AdminTokensListResponse as _spike_v1_AdminTokensListResponse, AdminTokensListResponse__Output as _spike_v1_AdminTokensListResponse__Output } from '../../spike/v1/AdminTokensListResponse.js';
import type { AdminTokensRevokeRequest as _spike_v1_AdminTokensRevokeRequest, AdminTokensRevokeRequest__Output as _spike_v1_AdminTokensRevokeRequest__Output } from '../../spike/v1/AdminTokensRevokeRequest.js';
import type { AdminTokensRevokeResponse as _spike_v1_AdminTokensRevokeResponse, AdminTokensRevokeResponse__Output as _spike_v1_AdminTokensRevokeResponse__Output } from '../../spike/v1/AdminTokensRevokeResponse.js';

export interface AdminTokensClient extends grpc.Client {
  /**
   * Creates an admin token and returns it, once.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (bad name, expiry in the past); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); RESOURCE_EXHAUSTED (too many live tokens); UNAVAILABLE.
   */
  Create(argument: _spike_v1_AdminTokensCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_AdminTokensCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_AdminTokensCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_AdminTokensCreateRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates an admin token and returns it, once.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (bad name, expiry in the past); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); RESOURCE_EXHAUSTED (too many live tokens); UNAVAILABLE.
   */
  create(argument: _spike_v1_AdminTokensCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_AdminTokensCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_AdminTokensCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_AdminTokensCreateRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensCreateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists token metadata, newest first; never the tokens themselves.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List(argument: _spike_v1_AdminTokensListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_AdminTokensListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_AdminTokensListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_AdminTokensListRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists token metadata, newest first; never the tokens themselves.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  list(argument: _spike_v1_AdminTokensListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_AdminTokensListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_AdminTokensListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_AdminTokensListRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensListResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Revokes a token at once; it can never be used again. Revoking a revoked token is a no-op.
   * Callers: superuser presenting a valid admin token (it may be the one being revoked).
   * Errors: INVALID_ARGUMENT (bad id); NOT_FOUND (no such token); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  Revoke(argument: _spike_v1_AdminTokensRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  Revoke(argument: _spike_v1_AdminTokensRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  Revoke(argument: _spike_v1_AdminTokensRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  Revoke(argument: _spike_v1_AdminTokensRevokeRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Revokes a token at once; it can never be used again. Revoking a revoked token is a no-op.
   * Callers: superuser presenting a valid admin token (it may be the one being revoked).
   * Errors: INVALID_ARGUMENT (bad id); NOT_FOUND (no such token); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  revoke(argument: _spike_v1_AdminTokensRevokeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  revoke(argument: _spike_v1_AdminTokensRevokeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  revoke(argument: _spike_v1_AdminTokensRevokeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  revoke(argument: _spike_v1_AdminTokensRevokeRequest, callback: grpc.requestCallback<_spike_v1_AdminTokensRevokeResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminTokensHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates an admin token and returns it, once.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (bad name, expiry in the past); PERMISSION_DENIED (not superuser, or the admin token
   * is missing, unknown, expired or revoked); RESOURCE_EXHAUSTED (too many live tokens); UNAVAILABLE.
   */
  Create: grpc.handleUnaryCall<_spike_v1_AdminTokensCreateRequest__Output, _spike_v1_AdminTokensCreateResponse>;
  
  /**
   * Lists token metadata, newest first; never the tokens themselves.
   * Callers: superuser.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List: grpc.handleUnaryCall<_spike_v1_AdminTokensListRequest__Output, _spike_v1_AdminTokensListResponse>;
  
  /**
   * Revokes a token at once; it can never be used again. Revoking a revoked token is a no-op.
   * Callers: superuser presenting a valid admin token (it may be the one being revoked).
   * Errors: INVALID_ARGUMENT (bad id); NOT_FOUND (no such token); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  Revoke: grpc.handleUnaryCall<_spike_v1_AdminTokensRevokeRequest__Output, _spike_v1_AdminTokensRevokeResponse>;
  
}

export interface AdminTokensDefinition extends grpc.ServiceDefinition {
  Create: MethodDefinition<_spike_v1_AdminTokensCreateRequest, _spike_v1_AdminTokensCreateResponse, _spike_v1_AdminTokensCreateRequest__Output, _spike_v1_AdminTokensCreateResponse__Output>
  List: MethodDefinition<_spike_v1_AdminTokensListRequest, _spike_v1_AdminTokensListResponse, _spike_v1_AdminTokensListRequest__Output, _spike_v1_AdminTokensListResponse__Output>
  Revoke: MethodDefinition<_spike_v1_AdminTokensRevokeRequest, _spike_v1_AdminTokensRevokeResponse, _spike_v1_AdminTokensRevokeRequest__Output, _spike_v1_AdminTokensRevokeResponse__Output>
}
