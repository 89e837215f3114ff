import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { BackupClient as _spike_v1_BackupClient, BackupDefinition as _spike_v1_BackupDefinition } from './spike/v1/Backup.js';
import type { BackupCreateRequest as _spike_v1_BackupCreateRequest, BackupCreateRequest__Output as _spike_v1_BackupCreateRequest__Output } from './spike/v1/BackupCreateRequest.js';
import type { BackupCreateResponse as _spike_v1_BackupCreateResponse, BackupCreateResponse__Output as _spike_v1_BackupCreateResponse__Output } from './spike/v1/BackupCreateResponse.js';
import type { BackupDrillRequest as _spike_v1_BackupDrillRequest, BackupDrillRequest__Output as _spike_v1_BackupDrillRequest__Output } from './spike/v1/BackupDrillRequest.js';
import type { BackupDrillResponse as _spike_v1_BackupDrillResponse, BackupDrillResponse__Output as _spike_v1_BackupDrillResponse__Output } from './spike/v1/BackupDrillResponse.js';
import type { BackupDrillResult as _spike_v1_BackupDrillResult, BackupDrillResult__Output as _spike_v1_BackupDrillResult__Output } from './spike/v1/BackupDrillResult.js';
import type { BackupDrillStart as _spike_v1_BackupDrillStart, BackupDrillStart__Output as _spike_v1_BackupDrillStart__Output } from './spike/v1/BackupDrillStart.js';
import type { BackupManifest as _spike_v1_BackupManifest, BackupManifest__Output as _spike_v1_BackupManifest__Output } from './spike/v1/BackupManifest.js';
import type { BackupRestoreRequest as _spike_v1_BackupRestoreRequest, BackupRestoreRequest__Output as _spike_v1_BackupRestoreRequest__Output } from './spike/v1/BackupRestoreRequest.js';
import type { BackupRestoreResponse as _spike_v1_BackupRestoreResponse, BackupRestoreResponse__Output as _spike_v1_BackupRestoreResponse__Output } from './spike/v1/BackupRestoreResponse.js';
import type { BackupVerifyRequest as _spike_v1_BackupVerifyRequest, BackupVerifyRequest__Output as _spike_v1_BackupVerifyRequest__Output } from './spike/v1/BackupVerifyRequest.js';
import type { BackupVerifyResponse as _spike_v1_BackupVerifyResponse, BackupVerifyResponse__Output as _spike_v1_BackupVerifyResponse__Output } from './spike/v1/BackupVerifyResponse.js';
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
      Backup: SubtypeConstructor<typeof grpc.Client, _spike_v1_BackupClient> & { service: _spike_v1_BackupDefinition }
      BackupCreateRequest: MessageTypeDefinition<_spike_v1_BackupCreateRequest, _spike_v1_BackupCreateRequest__Output>
      BackupCreateResponse: MessageTypeDefinition<_spike_v1_BackupCreateResponse, _spike_v1_BackupCreateResponse__Output>
      BackupDrillRequest: MessageTypeDefinition<_spike_v1_BackupDrillRequest, _spike_v1_BackupDrillRequest__Output>
      BackupDrillResponse: MessageTypeDefinition<_spike_v1_BackupDrillResponse, _spike_v1_BackupDrillResponse__Output>
      BackupDrillResult: MessageTypeDefinition<_spike_v1_BackupDrillResult, _spike_v1_BackupDrillResult__Output>
      BackupDrillStart: MessageTypeDefinition<_spike_v1_BackupDrillStart, _spike_v1_BackupDrillStart__Output>
      BackupManifest: MessageTypeDefinition<_spike_v1_BackupManifest, _spike_v1_BackupManifest__Output>
      BackupRestoreRequest: MessageTypeDefinition<_spike_v1_BackupRestoreRequest, _spike_v1_BackupRestoreRequest__Output>
      BackupRestoreResponse: MessageTypeDefinition<_spike_v1_BackupRestoreResponse, _spike_v1_BackupRestoreResponse__Output>
      BackupVerifyRequest: MessageTypeDefinition<_spike_v1_BackupVerifyRequest, _spike_v1_BackupVerifyRequest__Output>
      BackupVerifyResponse: MessageTypeDefinition<_spike_v1_BackupVerifyResponse, _spike_v1_BackupVerifyResponse__Output>
      Progress: MessageTypeDefinition<_spike_v1_Progress, _spike_v1_Progress__Output>
      Share: MessageTypeDefinition<_spike_v1_Share, _spike_v1_Share__Output>
    }
  }
}

