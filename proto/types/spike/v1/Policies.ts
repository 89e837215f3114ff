// Original file: proto/spike/v1/policies.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { PoliciesApplyRequest as _spike_v1_PoliciesApplyRequest, PoliciesApplyRequest__Output as _spike_v1_PoliciesApplyRequest__Output } from '../../spike/v1/PoliciesApplyRequest.js';
import type { PoliciesApplyResponse as _spike_v1_PoliciesApplyResponse, PoliciesApplyResponse__Output as _spike_v1_PoliciesApplyResponse__Output } from '../../spike/v1/PoliciesApplyResponse.js';
import type { PoliciesCreateRequest as _spike_v1_PoliciesCreateRequest, PoliciesCreateRequest__Output as _spike_v1_PoliciesCreateRequest__Output } from '../../spike/v1/PoliciesCreateRequest.js';
import type { PoliciesCreateResponse as _spike_v1_PoliciesCreateResponse, PoliciesCreateResponse__Output as _spike_v1_PoliciesCreateResponse__Output } from '../../spike/v1/PoliciesCreateResponse.js';
import type { PoliciesDeleteRequest as _spike_v1_PoliciesDeleteRequest, PoliciesDeleteRequest__Output as _spike_v1_PoliciesDeleteRequest__Output } from '../../spike/v1/PoliciesDeleteRequest.js';
import type { PoliciesDeleteResponse as _spike_v1_PoliciesDeleteResponse, PoliciesDeleteResponse__Output as _spike_v1_PoliciesDeleteResponse__Output } from '../../spike/v1/PoliciesDeleteResponse.js';
import type { PoliciesGetRequest as _spike_v1_PoliciesGetRequest, PoliciesGetRequest__Output as _spike_v1_PoliciesGetRequest__Output } from '../../spike/v1/PoliciesGetRequest.js';
import type { PoliciesGetResponse as _spike_v1_PoliciesGetResponse, PoliciesGetResponse__Output as _spike_v1_PoliciesGetResponse__Output } from '../../spike/v1/PoliciesGetResponse.js';
import type { PoliciesListRequest as _spike_v1_PoliciesListRequest, PoliciesListRequest__Output as _spike_v1_PoliciesListRequest__Output } from '../../spike/v1/PoliciesListRequest.js';
import type { PoliciesListResponse as _spike_v1_PoliciesListResponse, PoliciesListResponse__Output as _spike_v1_PoliciesListResponse__Output } from '../../spike/v1/PoliciesListResponse.js';

export interface PoliciesClient extends grpc.Client {
  /**
   * Creates a policy, or replaces the one with the same name (its created_time is kept).
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (as Create); RESOURCE_EXHAUSTED (too many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  Apply(argument: _spike_v1_PoliciesApplyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _spike_v1_PoliciesApplyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _spike_v1_PoliciesApplyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  Apply(argument: _spike_v1_PoliciesApplyRequest, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a policy, or replaces the one with the same name (its created_time is kept).
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (as Create); RESOURCE_EXHAUSTED (too many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  apply(argument: _spike_v1_PoliciesApplyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _spike_v1_PoliciesApplyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _spike_v1_PoliciesApplyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  apply(argument: _spike_v1_PoliciesApplyRequest, callback: grpc.requestCallback<_spike_v1_PoliciesApplyResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a policy; refuses to replace an existing one.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name, pattern that does not compile, reserved path reached by an unanchored
   * SPIFFE-ID pattern, no or unknown permission); ALREADY_EXISTS (a policy has this name); RESOURCE_EXHAUSTED (too
   * many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  Create(argument: _spike_v1_PoliciesCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_PoliciesCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_PoliciesCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  Create(argument: _spike_v1_PoliciesCreateRequest, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a policy; refuses to replace an existing one.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name, pattern that does not compile, reserved path reached by an unanchored
   * SPIFFE-ID pattern, no or unknown permission); ALREADY_EXISTS (a policy has this name); RESOURCE_EXHAUSTED (too
   * many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  create(argument: _spike_v1_PoliciesCreateRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_PoliciesCreateRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_PoliciesCreateRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  create(argument: _spike_v1_PoliciesCreateRequest, callback: grpc.requestCallback<_spike_v1_PoliciesCreateResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes one policy by name; callers it alone admitted lose access at once.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  Delete(argument: _spike_v1_PoliciesDeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_PoliciesDeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_PoliciesDeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  Delete(argument: _spike_v1_PoliciesDeleteRequest, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes one policy by name; callers it alone admitted lose access at once.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  delete(argument: _spike_v1_PoliciesDeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_PoliciesDeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_PoliciesDeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  delete(argument: _spike_v1_PoliciesDeleteRequest, callback: grpc.requestCallback<_spike_v1_PoliciesDeleteResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reads one policy by name.
   * Callers: superuser; policy: read on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  Get(argument: _spike_v1_PoliciesGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_PoliciesGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_PoliciesGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  Get(argument: _spike_v1_PoliciesGetRequest, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads one policy by name.
   * Callers: superuser; policy: read on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  get(argument: _spike_v1_PoliciesGetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_PoliciesGetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_PoliciesGetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  get(argument: _spike_v1_PoliciesGetRequest, callback: grpc.requestCallback<_spike_v1_PoliciesGetResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Lists policies in ascending name order, optionally only those whose stored pattern equals a given one.
   * Callers: superuser; policy: list on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List(argument: _spike_v1_PoliciesListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_PoliciesListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_PoliciesListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  List(argument: _spike_v1_PoliciesListRequest, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Lists policies in ascending name order, optionally only those whose stored pattern equals a given one.
   * Callers: superuser; policy: list on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  list(argument: _spike_v1_PoliciesListRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_PoliciesListRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_PoliciesListRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  list(argument: _spike_v1_PoliciesListRequest, callback: grpc.requestCallback<_spike_v1_PoliciesListResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface PoliciesHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Creates a policy, or replaces the one with the same name (its created_time is kept).
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (as Create); RESOURCE_EXHAUSTED (too many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  Apply: grpc.handleUnaryCall<_spike_v1_PoliciesApplyRequest__Output, _spike_v1_PoliciesApplyResponse>;
  
  /**
   * Creates a policy; refuses to replace an existing one.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name, pattern that does not compile, reserved path reached by an unanchored
   * SPIFFE-ID pattern, no or unknown permission); ALREADY_EXISTS (a policy has this name); RESOURCE_EXHAUSTED (too
   * many policies); PERMISSION_DENIED; UNAVAILABLE.
   */
  Create: grpc.handleUnaryCall<_spike_v1_PoliciesCreateRequest__Output, _spike_v1_PoliciesCreateResponse>;
  
  /**
   * Deletes one policy by name; callers it alone admitted lose access at once.
   * Callers: superuser; policy: write on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  Delete: grpc.handleUnaryCall<_spike_v1_PoliciesDeleteRequest__Output, _spike_v1_PoliciesDeleteResponse>;
  
  /**
   * Reads one policy by name.
   * Callers: superuser; policy: read on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad name); NOT_FOUND (no such policy); PERMISSION_DENIED; UNAVAILABLE.
   */
  Get: grpc.handleUnaryCall<_spike_v1_PoliciesGetRequest__Output, _spike_v1_PoliciesGetResponse>;
  
  /**
   * Lists policies in ascending name order, optionally only those whose stored pattern equals a given one.
   * Callers: superuser; policy: list on spike/system/acl.
   * Errors: INVALID_ARGUMENT (bad page token, limit too large); PERMISSION_DENIED; UNAVAILABLE.
   */
  List: grpc.handleUnaryCall<_spike_v1_PoliciesListRequest__Output, _spike_v1_PoliciesListResponse>;
  
}

export interface PoliciesDefinition extends grpc.ServiceDefinition {
  Apply: MethodDefinition<_spike_v1_PoliciesApplyRequest, _spike_v1_PoliciesApplyResponse, _spike_v1_PoliciesApplyRequest__Output, _spike_v1_PoliciesApplyResponse__Output>
  Create: MethodDefinition<_spike_v1_PoliciesCreateRequest, _spike_v1_PoliciesCreateResponse, _spike_v1_PoliciesCreateRequest__Output, _spike_v1_PoliciesCreateResponse__Output>
  Delete: MethodDefinition<_spike_v1_PoliciesDeleteRequest, _spike_v1_PoliciesDeleteResponse, _spike_v1_PoliciesDeleteRequest__Output, _spike_v1_PoliciesDeleteResponse__Output>
  Get: MethodDefinition<_spike_v1_PoliciesGetRequest, _spike_v1_PoliciesGetResponse, _spike_v1_PoliciesGetRequest__Output, _spike_v1_PoliciesGetResponse__Output>
  List: MethodDefinition<_spike_v1_PoliciesListRequest, _spike_v1_PoliciesListResponse, _spike_v1_PoliciesListRequest__Output, _spike_v1_PoliciesListResponse__Output>
}
