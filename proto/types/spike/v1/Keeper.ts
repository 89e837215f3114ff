// Original file: proto/spike/v1/keeper.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { KeeperContributeRequest as _spike_v1_KeeperContributeRequest, KeeperContributeRequest__Output as _spike_v1_KeeperContributeRequest__Output } from '../../spike/v1/KeeperContributeRequest.js';
import type { KeeperContributeResponse as _spike_v1_KeeperContributeResponse, KeeperContributeResponse__Output as _spike_v1_KeeperContributeResponse__Output } from '../../spike/v1/KeeperContributeResponse.js';
import type { KeeperShardRequest as _spike_v1_KeeperShardRequest, KeeperShardRequest__Output as _spike_v1_KeeperShardRequest__Output } from '../../spike/v1/KeeperShardRequest.js';
import type { KeeperShardResponse as _spike_v1_KeeperShardResponse, KeeperShardResponse__Output as _spike_v1_KeeperShardResponse__Output } from '../../spike/v1/KeeperShardResponse.js';
import type { KeeperStatusRequest as _spike_v1_KeeperStatusRequest, KeeperStatusRequest__Output as _spike_v1_KeeperStatusRequest__Output } from '../../spike/v1/KeeperStatusRequest.js';
import type { KeeperStatusResponse as _spike_v1_KeeperStatusResponse, KeeperStatusResponse__Output as _spike_v1_KeeperStatusResponse__Output } from '../../spike/v1/KeeperStatusResponse.js';

export interface KeeperClient extends grpc.Client {
  /**
   * Gives the Keeper its share, replacing (and zeroing) any it held.
   * Callers: Nexus; bootstrap.
   * Errors: INVALID_ARGUMENT (share missing, id 0, id other than this Keeper's configured id, value not 32 bytes,
   * or all zeros; nothing stored); PERMISSION_DENIED (any other caller).
   */
  Contribute(argument: _spike_v1_KeeperContributeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  Contribute(argument: _spike_v1_KeeperContributeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  Contribute(argument: _spike_v1_KeeperContributeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  Contribute(argument: _spike_v1_KeeperContributeRequest, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Gives the Keeper its share, replacing (and zeroing) any it held.
   * Callers: Nexus; bootstrap.
   * Errors: INVALID_ARGUMENT (share missing, id 0, id other than this Keeper's configured id, value not 32 bytes,
   * or all zeros; nothing stored); PERMISSION_DENIED (any other caller).
   */
  contribute(argument: _spike_v1_KeeperContributeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  contribute(argument: _spike_v1_KeeperContributeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  contribute(argument: _spike_v1_KeeperContributeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  contribute(argument: _spike_v1_KeeperContributeRequest, callback: grpc.requestCallback<_spike_v1_KeeperContributeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Hands the held share to Nexus.
   * Callers: Nexus only.
   * Errors: NOT_FOUND (no share held yet: Nexus should contribute one); PERMISSION_DENIED (any other caller).
   */
  Shard(argument: _spike_v1_KeeperShardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  Shard(argument: _spike_v1_KeeperShardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  Shard(argument: _spike_v1_KeeperShardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  Shard(argument: _spike_v1_KeeperShardRequest, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Hands the held share to Nexus.
   * Callers: Nexus only.
   * Errors: NOT_FOUND (no share held yet: Nexus should contribute one); PERMISSION_DENIED (any other caller).
   */
  shard(argument: _spike_v1_KeeperShardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  shard(argument: _spike_v1_KeeperShardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  shard(argument: _spike_v1_KeeperShardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  shard(argument: _spike_v1_KeeperShardRequest, callback: grpc.requestCallback<_spike_v1_KeeperShardResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Says whether the Keeper holds a share, and which; never the share itself.
   * Callers: Nexus; bootstrap. (Operators see every Keeper through Operator.Status.)
   * Errors: PERMISSION_DENIED (any other caller).
   */
  Status(argument: _spike_v1_KeeperStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_KeeperStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_KeeperStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  Status(argument: _spike_v1_KeeperStatusRequest, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Says whether the Keeper holds a share, and which; never the share itself.
   * Callers: Nexus; bootstrap. (Operators see every Keeper through Operator.Status.)
   * Errors: PERMISSION_DENIED (any other caller).
   */
  status(argument: _spike_v1_KeeperStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_KeeperStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_KeeperStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  status(argument: _spike_v1_KeeperStatusRequest, callback: grpc.requestCallback<_spike_v1_KeeperStatusResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface KeeperHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Gives the Keeper its share, replacing (and zeroing) any it held.
   * Callers: Nexus; bootstrap.
   * Errors: INVALID_ARGUMENT (share missing, id 0, id other than this Keeper's configured id, value not 32 bytes,
   * or all zeros; nothing stored); PERMISSION_DENIED (any other caller).
   */
  Contribute: grpc.handleUnaryCall<_spike_v1_KeeperContributeRequest__Output, _spike_v1_KeeperContributeResponse>;
  
  /**
   * Hands the held share to Nexus.
   * Callers: Nexus only.
   * Errors: NOT_FOUND (no share held yet: Nexus should contribute one); PERMISSION_DENIED (any other caller).
   */
  Shard: grpc.handleUnaryCall<_spike_v1_KeeperShardRequest__Output, _spike_v1_KeeperShardResponse>;
  
  /**
   * Says whether the Keeper holds a share, and which; never the share itself.
   * Callers: Nexus; bootstrap. (Operators see every Keeper through Operator.Status.)
   * Errors: PERMISSION_DENIED (any other caller).
   */
  Status: grpc.handleUnaryCall<_spike_v1_KeeperStatusRequest__Output, _spike_v1_KeeperStatusResponse>;
  
}

export interface KeeperDefinition extends grpc.ServiceDefinition {
  Contribute: MethodDefinition<_spike_v1_KeeperContributeRequest, _spike_v1_KeeperContributeResponse, _spike_v1_KeeperContributeRequest__Output, _spike_v1_KeeperContributeResponse__Output>
  Shard: MethodDefinition<_spike_v1_KeeperShardRequest, _spike_v1_KeeperShardResponse, _spike_v1_KeeperShardRequest__Output, _spike_v1_KeeperShardResponse__Output>
  Status: MethodDefinition<_spike_v1_KeeperStatusRequest, _spike_v1_KeeperStatusResponse, _spike_v1_KeeperStatusRequest__Output, _spike_v1_KeeperStatusResponse__Output>
}
