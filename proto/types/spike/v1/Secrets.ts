// Original file: proto/spike/v1/secrets.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { SecretsDeleteMetadataRequest as _spike_v1_SecretsDeleteMetadataRequest, SecretsDeleteMetadataRequest__Output as _spike_v1_SecretsDeleteMetadataRequest__Output } from '../../spike/v1/SecretsDeleteMetadataRequest.js';
import type { SecretsDeleteMetadataResponse as _spike_v1_SecretsDeleteMetadataResponse, SecretsDeleteMetadataResponse__Output as _spike_v1_SecretsDeleteMetadataResponse__Output } from '../../spike/v1/SecretsDeleteMetadataResponse.js';
import type { SecretsDeleteRequest as _spike_v1_SecretsDeleteRequest, SecretsDeleteRequest__Output as _spike_v1_SecretsDeleteRequest__Output } from '../../spike/v1/SecretsDeleteRequest.js';
import type { SecretsDeleteResponse as _spike_v1_SecretsDeleteResponse, SecretsDeleteResponse__Output as _spike_v1_SecretsDeleteResponse__Output } from '../../spike/v1/SecretsDeleteResponse.js';
import type { SecretsDestroyPrefixRequest as _spike_v1_SecretsDestroyPrefixRequest, SecretsDestroyPrefixRequest__Output as _spike_v1_SecretsDestroyPrefixRequest__Output } from '../../spike/v1/SecretsDestroyPrefixRequest.js';
import type { SecretsDestroyPrefixResponse as _spike_v1_SecretsDestroyPrefixResponse, SecretsDestroyPrefixResponse__Output as _spike_v1_SecretsDestroyPrefixResponse__Output } from '../../spike/v1/SecretsDestroyPrefixResponse.js';
import type { SecretsDestroyRequest as _spike_v1_SecretsDestroyRequest, SecretsDestroyRequest__Output as _spike_v1_SecretsDestroyRequest__Output } from '../../spike/v1/SecretsDestroyRequest.js';
import type { SecretsDestroyResponse as _spike_v1_SecretsDestroyResponse, SecretsDestroyResponse__Output as _spike_v1_SecretsDestroyResponse__Output } from '../../spike/v1/SecretsDestroyResponse.js';
import type { SecretsGetMetadataRequest as _spike_v1_SecretsGetMetadataRequest, SecretsGetMetadataRequest__Output as _spike_v1_SecretsGetMetadataRequest__Output } from '../../spike/v1/SecretsGetMetadataRequest.js';
import type { SecretsGetMetadataResponse as _spike_v1_SecretsGetMetadataResponse, SecretsGetMetadataResponse__Output as _spike_v1_SecretsGetMetadataResponse__Output } from '../../spike/v1/SecretsGetMetadataResponse.js';
import type { SecretsGetRequest as _spike_v1_SecretsGetRequest, SecretsGetRequest__Output as _spike_v1_SecretsGetRequest__Output } from '../../spike/v1/SecretsGetRequest.js';
import type { SecretsGetResponse as _spike_v1_SecretsGetResponse, SecretsGetResponse__Output as _spike_v1_SecretsGetResponse__Output } from '../../spike/v1/SecretsGetResponse.js';
import type { SecretsListRequest as _spike_v1_SecretsListRequest, SecretsListRequest__Output as _spike_v1_SecretsListRequest__Output } from '../../spike/v1/SecretsListRequest.js';
import type { SecretsListResponse as _spike_v1_SecretsListResponse, SecretsListResponse__Output as _spike_v1_SecretsListResponse__Output } from '../../spike/v1/SecretsListResponse.js';
import type { SecretsPutRequest as _spike_v1_SecretsPutRequest, SecretsPutRequest__Output as _spike_v1_SecretsPutRequest__Output } from '../../spike/v1/SecretsPutRequest.js';
import type { SecretsPutResponse as _spike_v1_SecretsPutResponse, SecretsPutResponse__Output as _spike_v1_SecretsPutResponse__Output } from '../../spike/v1/SecretsPutResponse.js';
import type { SecretsUndeleteRequest as _spike_v1_SecretsUndeleteRequest, SecretsUndeleteRequest__Output as _spike_v1_SecretsUndeleteRequest__Output } from '../../spike/v1/SecretsUndeleteRequest.js';
import type { SecretsUndeleteResponse as _spike_v1_SecretsUndeleteResponse, SecretsUndeleteResponse__Output as _spike_v1_SecretsUndeleteResponse__Output } from '../../spike/v1/SecretsUndeleteResponse.js';
import type { SecretsUpdateMetadataRequest as _spike_v1_SecretsUpdateMetadataRequest, SecretsUpdateMetadataRequest__Output as _spike_v1_SecretsUpdateMetadataRequest__Output } from '../../spike/v1/SecretsUpdateMetadataRequest.js';
import type { SecretsUpdateMetadataResponse as _spike_v1_SecretsUpdateMetadataResponse, SecretsUpdateMetadataResponse__Output as _spike_v1_SecretsUpdateMetadataResponse__Output } from '../../spike/v1/SecretsUpdateMetadataResponse.js';

export interface SecretsClient extends grpc.Client {
  /**
   * Soft-deletes versions: they stop being readable, their data is kept and Undelete brings them back.
   * Versions that do not exist or are already deleted or destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  Delete(argument: _spike_v1_SecretsDeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_SecretsDeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_SecretsDeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_SecretsDeleteRequest, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Soft-deletes versions: they stop being readable, their data is kept and Undelete brings them back.
   * Versions that do not exist or are already deleted or destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  delete(argument: _spike_v1_SecretsDeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_SecretsDeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_SecretsDeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_SecretsDeleteRequest, callback: grpc.requestCallback<_spike_v1_SecretsDeleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a secret entirely: its metadata and every version, for good.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  DeleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  DeleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  DeleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  DeleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a secret entirely: its metadata and every version, for good.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  deleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  deleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  deleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  deleteMetadata(argument: _spike_v1_SecretsDeleteMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsDeleteMetadataResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes the data of versions for good; their metadata remains, marked destroyed. Versions that do not exist
   * or are already destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty version list); NOT_FOUND (no such secret); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Destroy(argument: _spike_v1_SecretsDestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _spike_v1_SecretsDestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _spike_v1_SecretsDestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  Destroy(argument: _spike_v1_SecretsDestroyRequest, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes the data of versions for good; their metadata remains, marked destroyed. Versions that do not exist
   * or are already destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty version list); NOT_FOUND (no such secret); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  destroy(argument: _spike_v1_SecretsDestroyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _spike_v1_SecretsDestroyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _spike_v1_SecretsDestroyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  destroy(argument: _spike_v1_SecretsDestroyRequest, callback: grpc.requestCallback<_spike_v1_SecretsDestroyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes every secret whose path starts with `prefix`, with all versions and metadata, for good. The dangerous
   * form of DeleteMetadata, so it needs a second factor.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (prefix empty or not ending in "/"); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  DestroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  DestroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  DestroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  DestroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes every secret whose path starts with `prefix`, with all versions and metadata, for good. The dangerous
   * form of DeleteMetadata, so it needs a second factor.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (prefix empty or not ending in "/"); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  destroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  destroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  destroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  destroyPrefix(argument: _spike_v1_SecretsDestroyPrefixRequest, callback: grpc.requestCallback<_spike_v1_SecretsDestroyPrefixResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one version of a secret: the current one, or the one asked for.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret or version, or the version is deleted or
   * destroyed; the message says which); DATA_LOSS (the stored ciphertext fails authentication: tampered or moved);
   * PERMISSION_DENIED; UNAVAILABLE.
   */
  Get(argument: _spike_v1_SecretsGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_SecretsGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_SecretsGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_SecretsGetRequest, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one version of a secret: the current one, or the one asked for.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret or version, or the version is deleted or
   * destroyed; the message says which); DATA_LOSS (the stored ciphertext fails authentication: tampered or moved);
   * PERMISSION_DENIED; UNAVAILABLE.
   */
  get(argument: _spike_v1_SecretsGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_SecretsGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_SecretsGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_SecretsGetRequest, callback: grpc.requestCallback<_spike_v1_SecretsGetResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads a secret's metadata and the state of each kept version; works when every version is deleted or
   * destroyed. Never returns secret values.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  GetMetadata(argument: _spike_v1_SecretsGetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _spike_v1_SecretsGetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _spike_v1_SecretsGetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _spike_v1_SecretsGetMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads a secret's metadata and the state of each kept version; works when every version is deleted or
   * destroyed. Never returns secret values.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  getMetadata(argument: _spike_v1_SecretsGetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _spike_v1_SecretsGetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _spike_v1_SecretsGetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _spike_v1_SecretsGetMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsGetMetadataResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists secret paths under a prefix, in ascending byte order, including secrets whose versions are all deleted.
   * Only the paths the caller may list are returned (superuser: all).
   * Callers: superuser; any caller, results filtered by policy: list on each path.
   * Errors: INVALID_ARGUMENT (bad prefix, bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List(argument: _spike_v1_SecretsListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_SecretsListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_SecretsListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_SecretsListRequest, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists secret paths under a prefix, in ascending byte order, including secrets whose versions are all deleted.
   * Only the paths the caller may list are returned (superuser: all).
   * Callers: superuser; any caller, results filtered by policy: list on each path.
   * Errors: INVALID_ARGUMENT (bad prefix, bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  list(argument: _spike_v1_SecretsListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_SecretsListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_SecretsListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_SecretsListRequest, callback: grpc.requestCallback<_spike_v1_SecretsListResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Writes a new version of the secret at `path`, creating the secret if needed. Concurrent writes to one path
   * each get their own version.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty map, too many keys, bad key name, bad custom metadata, cas missing
   * while the secret requires it); FAILED_PRECONDITION (cas does not equal the current version, or cas = 0 and
   * the secret exists); RESOURCE_EXHAUSTED (the secret exceeds the size limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Put(argument: _spike_v1_SecretsPutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _spike_v1_SecretsPutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _spike_v1_SecretsPutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  Put(argument: _spike_v1_SecretsPutRequest, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Writes a new version of the secret at `path`, creating the secret if needed. Concurrent writes to one path
   * each get their own version.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty map, too many keys, bad key name, bad custom metadata, cas missing
   * while the secret requires it); FAILED_PRECONDITION (cas does not equal the current version, or cas = 0 and
   * the secret exists); RESOURCE_EXHAUSTED (the secret exceeds the size limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  put(argument: _spike_v1_SecretsPutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _spike_v1_SecretsPutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _spike_v1_SecretsPutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  put(argument: _spike_v1_SecretsPutRequest, callback: grpc.requestCallback<_spike_v1_SecretsPutResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Undoes a soft delete. Versions that do not exist, are not deleted, or are destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  Undelete(argument: _spike_v1_SecretsUndeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  Undelete(argument: _spike_v1_SecretsUndeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  Undelete(argument: _spike_v1_SecretsUndeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  Undelete(argument: _spike_v1_SecretsUndeleteRequest, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Undoes a soft delete. Versions that do not exist, are not deleted, or are destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  undelete(argument: _spike_v1_SecretsUndeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  undelete(argument: _spike_v1_SecretsUndeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  undelete(argument: _spike_v1_SecretsUndeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  undelete(argument: _spike_v1_SecretsUndeleteRequest, callback: grpc.requestCallback<_spike_v1_SecretsUndeleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Changes a secret's settings; fields left unset keep their value. Lowering max_versions removes the oldest
   * versions beyond the new limit, for good, in the same transaction.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, max_versions above the server's ceiling, bad custom metadata); NOT_FOUND
   * (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  UpdateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  UpdateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Changes a secret's settings; fields left unset keep their value. Lowering max_versions removes the oldest
   * versions beyond the new limit, for good, in the same transaction.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, max_versions above the server's ceiling, bad custom metadata); NOT_FOUND
   * (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  updateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  updateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  updateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  updateMetadata(argument: _spike_v1_SecretsUpdateMetadataRequest, callback: grpc.requestCallback<_spike_v1_SecretsUpdateMetadataResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface SecretsHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Soft-deletes versions: they stop being readable, their data is kept and Undelete brings them back.
   * Versions that do not exist or are already deleted or destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  Delete: grpc.handleUnaryCall<_spike_v1_SecretsDeleteRequest__Output, _spike_v1_SecretsDeleteResponse>;
  
  /**
   * Removes a secret entirely: its metadata and every version, for good.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  DeleteMetadata: grpc.handleUnaryCall<_spike_v1_SecretsDeleteMetadataRequest__Output, _spike_v1_SecretsDeleteMetadataResponse>;
  
  /**
   * Removes the data of versions for good; their metadata remains, marked destroyed. Versions that do not exist
   * or are already destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty version list); NOT_FOUND (no such secret); PERMISSION_DENIED;
   * UNAVAILABLE.
   */
  Destroy: grpc.handleUnaryCall<_spike_v1_SecretsDestroyRequest__Output, _spike_v1_SecretsDestroyResponse>;
  
  /**
   * Removes every secret whose path starts with `prefix`, with all versions and metadata, for good. The dangerous
   * form of DeleteMetadata, so it needs a second factor.
   * Callers: superuser presenting a valid admin token.
   * Errors: INVALID_ARGUMENT (prefix empty or not ending in "/"); PERMISSION_DENIED (not superuser, or the admin
   * token is missing, unknown, expired or revoked); UNAVAILABLE.
   */
  DestroyPrefix: grpc.handleUnaryCall<_spike_v1_SecretsDestroyPrefixRequest__Output, _spike_v1_SecretsDestroyPrefixResponse>;
  
  /**
   * Reads one version of a secret: the current one, or the one asked for.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret or version, or the version is deleted or
   * destroyed; the message says which); DATA_LOSS (the stored ciphertext fails authentication: tampered or moved);
   * PERMISSION_DENIED; UNAVAILABLE.
   */
  Get: grpc.handleUnaryCall<_spike_v1_SecretsGetRequest__Output, _spike_v1_SecretsGetResponse>;
  
  /**
   * Reads a secret's metadata and the state of each kept version; works when every version is deleted or
   * destroyed. Never returns secret values.
   * Callers: superuser; policy: read on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  GetMetadata: grpc.handleUnaryCall<_spike_v1_SecretsGetMetadataRequest__Output, _spike_v1_SecretsGetMetadataResponse>;
  
  /**
   * Lists secret paths under a prefix, in ascending byte order, including secrets whose versions are all deleted.
   * Only the paths the caller may list are returned (superuser: all).
   * Callers: superuser; any caller, results filtered by policy: list on each path.
   * Errors: INVALID_ARGUMENT (bad prefix, bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List: grpc.handleUnaryCall<_spike_v1_SecretsListRequest__Output, _spike_v1_SecretsListResponse>;
  
  /**
   * Writes a new version of the secret at `path`, creating the secret if needed. Concurrent writes to one path
   * each get their own version.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, empty map, too many keys, bad key name, bad custom metadata, cas missing
   * while the secret requires it); FAILED_PRECONDITION (cas does not equal the current version, or cas = 0 and
   * the secret exists); RESOURCE_EXHAUSTED (the secret exceeds the size limit); PERMISSION_DENIED; UNAVAILABLE.
   */
  Put: grpc.handleUnaryCall<_spike_v1_SecretsPutRequest__Output, _spike_v1_SecretsPutResponse>;
  
  /**
   * Undoes a soft delete. Versions that do not exist, are not deleted, or are destroyed are skipped.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path); NOT_FOUND (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  Undelete: grpc.handleUnaryCall<_spike_v1_SecretsUndeleteRequest__Output, _spike_v1_SecretsUndeleteResponse>;
  
  /**
   * Changes a secret's settings; fields left unset keep their value. Lowering max_versions removes the oldest
   * versions beyond the new limit, for good, in the same transaction.
   * Callers: superuser; policy: write on the path.
   * Errors: INVALID_ARGUMENT (bad path, max_versions above the server's ceiling, bad custom metadata); NOT_FOUND
   * (no such secret); PERMISSION_DENIED; UNAVAILABLE.
   */
  UpdateMetadata: grpc.handleUnaryCall<_spike_v1_SecretsUpdateMetadataRequest__Output, _spike_v1_SecretsUpdateMetadataResponse>;
  
}

export interface SecretsDefinition extends grpc.ServiceDefinition {
  Delete: MethodDefinition<_spike_v1_SecretsDeleteRequest, _spike_v1_SecretsDeleteResponse, _spike_v1_SecretsDeleteRequest__Output, _spike_v1_SecretsDeleteResponse__Output>
  DeleteMetadata: MethodDefinition<_spike_v1_SecretsDeleteMetadataRequest, _spike_v1_SecretsDeleteMetadataResponse, _spike_v1_SecretsDeleteMetadataRequest__Output, _spike_v1_SecretsDeleteMetadataResponse__Output>
  Destroy: MethodDefinition<_spike_v1_SecretsDestroyRequest, _spike_v1_SecretsDestroyResponse, _spike_v1_SecretsDestroyRequest__Output, _spike_v1_SecretsDestroyResponse__Output>
  DestroyPrefix: MethodDefinition<_spike_v1_SecretsDestroyPrefixRequest, _spike_v1_SecretsDestroyPrefixResponse, _spike_v1_SecretsDestroyPrefixRequest__Output, _spike_v1_SecretsDestroyPrefixResponse__Output>
  Get: MethodDefinition<_spike_v1_SecretsGetRequest, _spike_v1_SecretsGetResponse, _spike_v1_SecretsGetRequest__Output, _spike_v1_SecretsGetResponse__Output>
  GetMetadata: MethodDefinition<_spike_v1_SecretsGetMetadataRequest, _spike_v1_SecretsGetMetadataResponse, _spike_v1_SecretsGetMetadataRequest__Output, _spike_v1_SecretsGetMetadataResponse__Output>
  List: MethodDefinition<_spike_v1_SecretsListRequest, _spike_v1_SecretsListResponse, _spike_v1_SecretsListRequest__Output, _spike_v1_SecretsListResponse__Output>
  Put: MethodDefinition<_spike_v1_SecretsPutRequest, _spike_v1_SecretsPutResponse, _spike_v1_SecretsPutRequest__Output, _spike_v1_SecretsPutResponse__Output>
  Undelete: MethodDefinition<_spike_v1_SecretsUndeleteRequest, _spike_v1_SecretsUndeleteResponse, _spike_v1_SecretsUndeleteRequest__Output, _spike_v1_SecretsUndeleteResponse__Output>
  UpdateMetadata: MethodDefinition<_spike_v1_SecretsUpdateMetadataRequest, _spike_v1_SecretsUpdateMetadataResponse, _spike_v1_SecretsUpdateMetadataRequest__Output, _spike_v1_SecretsUpdateMetadataResponse__Output>
}
