import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { KeeperClient as _spike_v1_KeeperClient, KeeperDefinition as _spike_v1_KeeperDefinition } from './spike/v1/Keeper.js';
import type { KeeperContributeRequest as _spike_v1_KeeperContributeRequest, KeeperContributeRequest__Output as _spike_v1_KeeperContributeRequest__Output } from './spike/v1/KeeperContributeRequest.js';
import type { KeeperContributeResponse as _spike_v1_KeeperContributeResponse, KeeperContributeResponse__Output as _spike_v1_KeeperContributeResponse__Output } from './spike/v1/KeeperContributeResponse.js';
import type { KeeperShardRequest as _spike_v1_KeeperShardRequest, KeeperShardRequest__Output as _spike_v1_KeeperShardRequest__Output } from './spike/v1/KeeperShardRequest.js';
import type { KeeperShardResponse as _spike_v1_KeeperShardResponse, KeeperShardResponse__Output as _spike_v1_KeeperShardResponse__Output } from './spike/v1/KeeperShardResponse.js';
import type { KeeperStatusRequest as _spike_v1_KeeperStatusRequest, KeeperStatusRequest__Output as _spike_v1_KeeperStatusRequest__Output } from './spike/v1/KeeperStatusRequest.js';
import type { KeeperStatusResponse as _spike_v1_KeeperStatusResponse, KeeperStatusResponse__Output as _spike_v1_KeeperStatusResponse__Output } from './spike/v1/KeeperStatusResponse.js';
import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from './spike/v1/Progress.js';
import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from './spike/v1/Share.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
  spike: {
    v1: {
      Keeper: SubtypeConstructor<typeof grpc.Client, _spike_v1_KeeperClient> & { service: _spike_v1_KeeperDefinition }
      KeeperContributeRequest: MessageTypeDefinition<_spike_v1_KeeperContributeRequest, _spike_v1_KeeperContributeRequest__Output>
      KeeperContributeResponse: MessageTypeDefinition<_spike_v1_KeeperContributeResponse, _spike_v1_KeeperContributeResponse__Output>
      KeeperShardRequest: MessageTypeDefinition<_spike_v1_KeeperShardRequest, _spike_v1_KeeperShardRequest__Output>
      KeeperShardResponse: MessageTypeDefinition<_spike_v1_KeeperShardResponse, _spike_v1_KeeperShardResponse__Output>
      KeeperStatusRequest: MessageTypeDefinition<_spike_v1_KeeperStatusRequest, _spike_v1_KeeperStatusRequest__Output>
      KeeperStatusResponse: MessageTypeDefinition<_spike_v1_KeeperStatusResponse, _spike_v1_KeeperStatusResponse__Output>
      Progress: MessageTypeDefinition<_spike_v1_Progress, _spike_v1_Progress__Output>
      Share: MessageTypeDefinition<_spike_v1_Share, _spike_v1_Share__Output>
    }
  }
}

