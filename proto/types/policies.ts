import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { PoliciesClient as _spike_v1_PoliciesClient, PoliciesDefinition as _spike_v1_PoliciesDefinition } from './spike/v1/Policies.js';
import type { PoliciesApplyRequest as _spike_v1_PoliciesApplyRequest, PoliciesApplyRequest__Output as _spike_v1_PoliciesApplyRequest__Output } from './spike/v1/PoliciesApplyRequest.js';
import type { PoliciesApplyResponse as _spike_v1_PoliciesApplyResponse, PoliciesApplyResponse__Output as _spike_v1_PoliciesApplyResponse__Output } from './spike/v1/PoliciesApplyResponse.js';
import type { PoliciesCreateRequest as _spike_v1_PoliciesCreateRequest, PoliciesCreateRequest__Output as _spike_v1_PoliciesCreateRequest__Output } from './spike/v1/PoliciesCreateRequest.js';
import type { PoliciesCreateResponse as _spike_v1_PoliciesCreateResponse, PoliciesCreateResponse__Output as _spike_v1_PoliciesCreateResponse__Output } from './spike/v1/PoliciesCreateResponse.js';
import type { PoliciesDeleteRequest as _spike_v1_PoliciesDeleteRequest, PoliciesDeleteRequest__Output as _spike_v1_PoliciesDeleteRequest__Output } from './spike/v1/PoliciesDeleteRequest.js';
import type { PoliciesDeleteResponse as _spike_v1_PoliciesDeleteResponse, PoliciesDeleteResponse__Output as _spike_v1_PoliciesDeleteResponse__Output } from './spike/v1/PoliciesDeleteResponse.js';
import type { PoliciesGetRequest as _spike_v1_PoliciesGetRequest, PoliciesGetRequest__Output as _spike_v1_PoliciesGetRequest__Output } from './spike/v1/PoliciesGetRequest.js';
import type { PoliciesGetResponse as _spike_v1_PoliciesGetResponse, PoliciesGetResponse__Output as _spike_v1_PoliciesGetResponse__Output } from './spike/v1/PoliciesGetResponse.js';
import type { PoliciesListRequest as _spike_v1_PoliciesListRequest, PoliciesListRequest__Output as _spike_v1_PoliciesListRequest__Output } from './spike/v1/PoliciesListRequest.js';
import type { PoliciesListResponse as _spike_v1_PoliciesListResponse, PoliciesListResponse__Output as _spike_v1_PoliciesListResponse__Output } from './spike/v1/PoliciesListResponse.js';
import type { Policy as _spike_v1_Policy, Policy__Output as _spike_v1_Policy__Output } from './spike/v1/Policy.js';
import type { PolicySpec as _spike_v1_PolicySpec, PolicySpec__Output as _spike_v1_PolicySpec__Output } from './spike/v1/PolicySpec.js';

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
      Permission: EnumTypeDefinition
      Policies: SubtypeConstructor<typeof grpc.Client, _spike_v1_PoliciesClient> & { service: _spike_v1_PoliciesDefinition }
      PoliciesApplyRequest: MessageTypeDefinition<_spike_v1_PoliciesApplyRequest, _spike_v1_PoliciesApplyRequest__Output>
      PoliciesApplyResponse: MessageTypeDefinition<_spike_v1_PoliciesApplyResponse, _spike_v1_PoliciesApplyResponse__Output>
      PoliciesCreateRequest: MessageTypeDefinition<_spike_v1_PoliciesCreateRequest, _spike_v1_PoliciesCreateRequest__Output>
      PoliciesCreateResponse: MessageTypeDefinition<_spike_v1_PoliciesCreateResponse, _spike_v1_PoliciesCreateResponse__Output>
      PoliciesDeleteRequest: MessageTypeDefinition<_spike_v1_PoliciesDeleteRequest, _spike_v1_PoliciesDeleteRequest__Output>
      PoliciesDeleteResponse: MessageTypeDefinition<_spike_v1_PoliciesDeleteResponse, _spike_v1_PoliciesDeleteResponse__Output>
      PoliciesGetRequest: MessageTypeDefinition<_spike_v1_PoliciesGetRequest, _spike_v1_PoliciesGetRequest__Output>
      PoliciesGetResponse: MessageTypeDefinition<_spike_v1_PoliciesGetResponse, _spike_v1_PoliciesGetResponse__Output>
      PoliciesListRequest: MessageTypeDefinition<_spike_v1_PoliciesListRequest, _spike_v1_PoliciesListRequest__Output>
      PoliciesListResponse: MessageTypeDefinition<_spike_v1_PoliciesListResponse, _spike_v1_PoliciesListResponse__Output>
      Policy: MessageTypeDefinition<_spike_v1_Policy, _spike_v1_Policy__Output>
      PolicySpec: MessageTypeDefinition<_spike_v1_PolicySpec, _spike_v1_PolicySpec__Output>
    }
  }
}

