import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from './spike/v1/AdminToken.js';
import type { AdminTokensClient as _spike_v1_AdminTokensClient, AdminTokensDefinition as _spike_v1_AdminTokensDefinition } from './spike/v1/AdminTokens.js';
import type { AdminTokensCreateRequest as _spike_v1_AdminTokensCreateRequest, AdminTokensCreateRequest__Output as _spike_v1_AdminTokensCreateRequest__Output } from './spike/v1/AdminTokensCreateRequest.js';
import type { AdminTokensCreateResponse as _spike_v1_AdminTokensCreateResponse, AdminTokensCreateResponse__Output as _spike_v1_AdminTokensCreateResponse__Output } from './spike/v1/AdminTokensCreateResponse.js';
import type { AdminTokensListRequest as _spike_v1_AdminTokensListRequest, AdminTokensListRequest__Output as _spike_v1_AdminTokensListRequest__Output } from './spike/v1/AdminTokensListRequest.js';
import type { AdminTokensListResponse as _spike_v1_AdminTokensListResponse, AdminTokensListResponse__Output as _spike_v1_AdminTokensListResponse__Output } from './spike/v1/AdminTokensListResponse.js';
import type { AdminTokensRevokeRequest as _spike_v1_AdminTokensRevokeRequest, AdminTokensRevokeRequest__Output as _spike_v1_AdminTokensRevokeRequest__Output } from './spike/v1/AdminTokensRevokeRequest.js';
import type { AdminTokensRevokeResponse as _spike_v1_AdminTokensRevokeResponse, AdminTokensRevokeResponse__Output as _spike_v1_AdminTokensRevokeResponse__Output } from './spike/v1/AdminTokensRevokeResponse.js';
import type { DatabaseReplicaStatus as _spike_v1_DatabaseReplicaStatus, DatabaseReplicaStatus__Output as _spike_v1_DatabaseReplicaStatus__Output } from './spike/v1/DatabaseReplicaStatus.js';
import type { DatabaseStatus as _spike_v1_DatabaseStatus, DatabaseStatus__Output as _spike_v1_DatabaseStatus__Output } from './spike/v1/DatabaseStatus.js';
import type { KeeperPeerStatus as _spike_v1_KeeperPeerStatus, KeeperPeerStatus__Output as _spike_v1_KeeperPeerStatus__Output } from './spike/v1/KeeperPeerStatus.js';
import type { OperatorClient as _spike_v1_OperatorClient, OperatorDefinition as _spike_v1_OperatorDefinition } from './spike/v1/Operator.js';
import type { OperatorBootstrapRequest as _spike_v1_OperatorBootstrapRequest, OperatorBootstrapRequest__Output as _spike_v1_OperatorBootstrapRequest__Output } from './spike/v1/OperatorBootstrapRequest.js';
import type { OperatorBootstrapResponse as _spike_v1_OperatorBootstrapResponse, OperatorBootstrapResponse__Output as _spike_v1_OperatorBootstrapResponse__Output } from './spike/v1/OperatorBootstrapResponse.js';
import type { OperatorRecoverRequest as _spike_v1_OperatorRecoverRequest, OperatorRecoverRequest__Output as _spike_v1_OperatorRecoverRequest__Output } from './spike/v1/OperatorRecoverRequest.js';
import type { OperatorRecoverResponse as _spike_v1_OperatorRecoverResponse, OperatorRecoverResponse__Output as _spike_v1_OperatorRecoverResponse__Output } from './spike/v1/OperatorRecoverResponse.js';
import type { OperatorRestoreRequest as _spike_v1_OperatorRestoreRequest, OperatorRestoreRequest__Output as _spike_v1_OperatorRestoreRequest__Output } from './spike/v1/OperatorRestoreRequest.js';
import type { OperatorRestoreResponse as _spike_v1_OperatorRestoreResponse, OperatorRestoreResponse__Output as _spike_v1_OperatorRestoreResponse__Output } from './spike/v1/OperatorRestoreResponse.js';
import type { OperatorRewrapRequest as _spike_v1_OperatorRewrapRequest, OperatorRewrapRequest__Output as _spike_v1_OperatorRewrapRequest__Output } from './spike/v1/OperatorRewrapRequest.js';
import type { OperatorRewrapResponse as _spike_v1_OperatorRewrapResponse, OperatorRewrapResponse__Output as _spike_v1_OperatorRewrapResponse__Output } from './spike/v1/OperatorRewrapResponse.js';
import type { OperatorRewrapResult as _spike_v1_OperatorRewrapResult, OperatorRewrapResult__Output as _spike_v1_OperatorRewrapResult__Output } from './spike/v1/OperatorRewrapResult.js';
import type { OperatorRotateDataKeyRequest as _spike_v1_OperatorRotateDataKeyRequest, OperatorRotateDataKeyRequest__Output as _spike_v1_OperatorRotateDataKeyRequest__Output } from './spike/v1/OperatorRotateDataKeyRequest.js';
import type { OperatorRotateDataKeyResponse as _spike_v1_OperatorRotateDataKeyResponse, OperatorRotateDataKeyResponse__Output as _spike_v1_OperatorRotateDataKeyResponse__Output } from './spike/v1/OperatorRotateDataKeyResponse.js';
import type { OperatorRotateRootKeyRequest as _spike_v1_OperatorRotateRootKeyRequest, OperatorRotateRootKeyRequest__Output as _spike_v1_OperatorRotateRootKeyRequest__Output } from './spike/v1/OperatorRotateRootKeyRequest.js';
import type { OperatorRotateRootKeyResponse as _spike_v1_OperatorRotateRootKeyResponse, OperatorRotateRootKeyResponse__Output as _spike_v1_OperatorRotateRootKeyResponse__Output } from './spike/v1/OperatorRotateRootKeyResponse.js';
import type { OperatorStatusRequest as _spike_v1_OperatorStatusRequest, OperatorStatusRequest__Output as _spike_v1_OperatorStatusRequest__Output } from './spike/v1/OperatorStatusRequest.js';
import type { OperatorStatusResponse as _spike_v1_OperatorStatusResponse, OperatorStatusResponse__Output as _spike_v1_OperatorStatusResponse__Output } from './spike/v1/OperatorStatusResponse.js';
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
      AdminToken: MessageTypeDefinition<_spike_v1_AdminToken, _spike_v1_AdminToken__Output>
      AdminTokens: SubtypeConstructor<typeof grpc.Client, _spike_v1_AdminTokensClient> & { service: _spike_v1_AdminTokensDefinition }
      AdminTokensCreateRequest: MessageTypeDefinition<_spike_v1_AdminTokensCreateRequest, _spike_v1_AdminTokensCreateRequest__Output>
      AdminTokensCreateResponse: MessageTypeDefinition<_spike_v1_AdminTokensCreateResponse, _spike_v1_AdminTokensCreateResponse__Output>
      AdminTokensListRequest: MessageTypeDefinition<_spike_v1_AdminTokensListRequest, _spike_v1_AdminTokensListRequest__Output>
      AdminTokensListResponse: MessageTypeDefinition<_spike_v1_AdminTokensListResponse, _spike_v1_AdminTokensListResponse__Output>
      AdminTokensRevokeRequest: MessageTypeDefinition<_spike_v1_AdminTokensRevokeRequest, _spike_v1_AdminTokensRevokeRequest__Output>
      AdminTokensRevokeResponse: MessageTypeDefinition<_spike_v1_AdminTokensRevokeResponse, _spike_v1_AdminTokensRevokeResponse__Output>
      DatabaseReplicaStatus: MessageTypeDefinition<_spike_v1_DatabaseReplicaStatus, _spike_v1_DatabaseReplicaStatus__Output>
      DatabaseStatus: MessageTypeDefinition<_spike_v1_DatabaseStatus, _spike_v1_DatabaseStatus__Output>
      KeeperPeerStatus: MessageTypeDefinition<_spike_v1_KeeperPeerStatus, _spike_v1_KeeperPeerStatus__Output>
      Operator: SubtypeConstructor<typeof grpc.Client, _spike_v1_OperatorClient> & { service: _spike_v1_OperatorDefinition }
      OperatorBootstrapRequest: MessageTypeDefinition<_spike_v1_OperatorBootstrapRequest, _spike_v1_OperatorBootstrapRequest__Output>
      OperatorBootstrapResponse: MessageTypeDefinition<_spike_v1_OperatorBootstrapResponse, _spike_v1_OperatorBootstrapResponse__Output>
      OperatorRecoverRequest: MessageTypeDefinition<_spike_v1_OperatorRecoverRequest, _spike_v1_OperatorRecoverRequest__Output>
      OperatorRecoverResponse: MessageTypeDefinition<_spike_v1_OperatorRecoverResponse, _spike_v1_OperatorRecoverResponse__Output>
      OperatorRestoreRequest: MessageTypeDefinition<_spike_v1_OperatorRestoreRequest, _spike_v1_OperatorRestoreRequest__Output>
      OperatorRestoreResponse: MessageTypeDefinition<_spike_v1_OperatorRestoreResponse, _spike_v1_OperatorRestoreResponse__Output>
      OperatorRewrapRequest: MessageTypeDefinition<_spike_v1_OperatorRewrapRequest, _spike_v1_OperatorRewrapRequest__Output>
      OperatorRewrapResponse: MessageTypeDefinition<_spike_v1_OperatorRewrapResponse, _spike_v1_OperatorRewrapResponse__Output>
      OperatorRewrapResult: MessageTypeDefinition<_spike_v1_OperatorRewrapResult, _spike_v1_OperatorRewrapResult__Output>
      OperatorRotateDataKeyRequest: MessageTypeDefinition<_spike_v1_OperatorRotateDataKeyRequest, _spike_v1_OperatorRotateDataKeyRequest__Output>
      OperatorRotateDataKeyResponse: MessageTypeDefinition<_spike_v1_OperatorRotateDataKeyResponse, _spike_v1_OperatorRotateDataKeyResponse__Output>
      OperatorRotateRootKeyRequest: MessageTypeDefinition<_spike_v1_OperatorRotateRootKeyRequest, _spike_v1_OperatorRotateRootKeyRequest__Output>
      OperatorRotateRootKeyResponse: MessageTypeDefinition<_spike_v1_OperatorRotateRootKeyResponse, _spike_v1_OperatorRotateRootKeyResponse__Output>
      OperatorStatusRequest: MessageTypeDefinition<_spike_v1_OperatorStatusRequest, _spike_v1_OperatorStatusRequest__Output>
      OperatorStatusResponse: MessageTypeDefinition<_spike_v1_OperatorStatusResponse, _spike_v1_OperatorStatusResponse__Output>
      Progress: MessageTypeDefinition<_spike_v1_Progress, _spike_v1_Progress__Output>
      Readiness: EnumTypeDefinition
      Share: MessageTypeDefinition<_spike_v1_Share, _spike_v1_Share__Output>
    }
  }
}

