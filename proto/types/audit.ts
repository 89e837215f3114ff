import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { AuditClient as _spike_v1_AuditClient, AuditDefinition as _spike_v1_AuditDefinition } from './spike/v1/Audit.js';
import type { AuditAnchor as _spike_v1_AuditAnchor, AuditAnchor__Output as _spike_v1_AuditAnchor__Output } from './spike/v1/AuditAnchor.js';
import type { AuditExportRequest as _spike_v1_AuditExportRequest, AuditExportRequest__Output as _spike_v1_AuditExportRequest__Output } from './spike/v1/AuditExportRequest.js';
import type { AuditExportResponse as _spike_v1_AuditExportResponse, AuditExportResponse__Output as _spike_v1_AuditExportResponse__Output } from './spike/v1/AuditExportResponse.js';
import type { AuditPruneRequest as _spike_v1_AuditPruneRequest, AuditPruneRequest__Output as _spike_v1_AuditPruneRequest__Output } from './spike/v1/AuditPruneRequest.js';
import type { AuditPruneResponse as _spike_v1_AuditPruneResponse, AuditPruneResponse__Output as _spike_v1_AuditPruneResponse__Output } from './spike/v1/AuditPruneResponse.js';
import type { AuditRecord as _spike_v1_AuditRecord, AuditRecord__Output as _spike_v1_AuditRecord__Output } from './spike/v1/AuditRecord.js';
import type { AuditTailRequest as _spike_v1_AuditTailRequest, AuditTailRequest__Output as _spike_v1_AuditTailRequest__Output } from './spike/v1/AuditTailRequest.js';
import type { AuditTailResponse as _spike_v1_AuditTailResponse, AuditTailResponse__Output as _spike_v1_AuditTailResponse__Output } from './spike/v1/AuditTailResponse.js';
import type { AuditVerifyRequest as _spike_v1_AuditVerifyRequest, AuditVerifyRequest__Output as _spike_v1_AuditVerifyRequest__Output } from './spike/v1/AuditVerifyRequest.js';
import type { AuditVerifyResponse as _spike_v1_AuditVerifyResponse, AuditVerifyResponse__Output as _spike_v1_AuditVerifyResponse__Output } from './spike/v1/AuditVerifyResponse.js';
import type { AuditVerifyResult as _spike_v1_AuditVerifyResult, AuditVerifyResult__Output as _spike_v1_AuditVerifyResult__Output } from './spike/v1/AuditVerifyResult.js';
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
      Audit: SubtypeConstructor<typeof grpc.Client, _spike_v1_AuditClient> & { service: _spike_v1_AuditDefinition }
      AuditAnchor: MessageTypeDefinition<_spike_v1_AuditAnchor, _spike_v1_AuditAnchor__Output>
      AuditChainBreak: EnumTypeDefinition
      AuditExportRequest: MessageTypeDefinition<_spike_v1_AuditExportRequest, _spike_v1_AuditExportRequest__Output>
      AuditExportResponse: MessageTypeDefinition<_spike_v1_AuditExportResponse, _spike_v1_AuditExportResponse__Output>
      AuditOutcome: EnumTypeDefinition
      AuditPruneRequest: MessageTypeDefinition<_spike_v1_AuditPruneRequest, _spike_v1_AuditPruneRequest__Output>
      AuditPruneResponse: MessageTypeDefinition<_spike_v1_AuditPruneResponse, _spike_v1_AuditPruneResponse__Output>
      AuditRecord: MessageTypeDefinition<_spike_v1_AuditRecord, _spike_v1_AuditRecord__Output>
      AuditTailRequest: MessageTypeDefinition<_spike_v1_AuditTailRequest, _spike_v1_AuditTailRequest__Output>
      AuditTailResponse: MessageTypeDefinition<_spike_v1_AuditTailResponse, _spike_v1_AuditTailResponse__Output>
      AuditVerifyRequest: MessageTypeDefinition<_spike_v1_AuditVerifyRequest, _spike_v1_AuditVerifyRequest__Output>
      AuditVerifyResponse: MessageTypeDefinition<_spike_v1_AuditVerifyResponse, _spike_v1_AuditVerifyResponse__Output>
      AuditVerifyResult: MessageTypeDefinition<_spike_v1_AuditVerifyResult, _spike_v1_AuditVerifyResult__Output>
      Progress: MessageTypeDefinition<_spike_v1_Progress, _spike_v1_Progress__Output>
      Share: MessageTypeDefinition<_spike_v1_Share, _spike_v1_Share__Output>
    }
  }
}

