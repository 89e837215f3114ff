import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from './spike/v1/AdminToken.js';
import type { AdminTokensClient as _spike_v1_AdminTokensClient, AdminTokensDefinition as _spike_v1_AdminTokensDefinition } from './spike/v1/AdminTokens.js';
import type { AdminTokensCreateRequest as _spike_v1_AdminTokensCreateRequest, AdminTokensCreateRequest__Output as _spike_v1_AdminTokensCreateRequest__Output } from './spike/v1/AdminTokensCreateRequest.js';
import type { AdminTokensCreateResponse as _spike_v1_AdminTokensCreateResponse, AdminTokensCreateResponse__Output as _spike_v1_AdminTokensCreateResponse__Output } from './spike/v1/AdminTokensCreateResponse.js';
import type { AdminTokensListRequest as _spike_v1_AdminTokensListRequest, AdminTokensListRequest__Output as _spike_v1_AdminTokensListRequest__Output } from './spike/v1/AdminTokensListRequest.js';
import type { AdminTokensListResponse as _spike_v1_AdminTokensListResponse, AdminTokensListResponse__Output as _spike_v1_AdminTokensListResponse__Output } from './spike/v1/AdminTokensListResponse.js';
import type { AdminTokensRevokeRequest as _spike_v1_AdminTokensRevokeRequest, AdminTokensRevokeRequest__Output as _spike_v1_AdminTokensRevokeRequest__Output } from './spike/v1/AdminTokensRevokeRequest.js';
import type { AdminTokensRevokeResponse as _spike_v1_AdminTokensRevokeResponse, AdminTokensRevokeResponse__Output as _spike_v1_AdminTokensRevokeResponse__Output } from './spike/v1/AdminTokensRevokeResponse.js';

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
      AdminToken: MessageTypeDefinition<_spike_v1_AdminToken, _spike_v1_AdminToken__Output>
      AdminTokens: SubtypeConstructor<typeof grpc.Client, _spike_v1_AdminTokensClient> & { service: _spike_v1_AdminTokensDefinition }
      AdminTokensCreateRequest: MessageTypeDefinition<_spike_v1_AdminTokensCreateRequest, _spike_v1_AdminTokensCreateRequest__Output>
      AdminTokensCreateResponse: MessageTypeDefinition<_spike_v1_AdminTokensCreateResponse, _spike_v1_AdminTokensCreateResponse__Output>
      AdminTokensListRequest: MessageTypeDefinition<_spike_v1_AdminTokensListRequest, _spike_v1_AdminTokensListRequest__Output>
      AdminTokensListResponse: MessageTypeDefinition<_spike_v1_AdminTokensListResponse, _spike_v1_AdminTokensListResponse__Output>
      AdminTokensRevokeRequest: MessageTypeDefinition<_spike_v1_AdminTokensRevokeRequest, _spike_v1_AdminTokensRevokeRequest__Output>
      AdminTokensRevokeResponse: MessageTypeDefinition<_spike_v1_AdminTokensRevokeResponse, _spike_v1_AdminTokensRevokeResponse__Output>
    }
  }
}

