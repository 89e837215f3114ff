import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp.js';
import type { CustomMetadata as _spike_v1_CustomMetadata, CustomMetadata__Output as _spike_v1_CustomMetadata__Output } from './spike/v1/CustomMetadata.js';
import type { SecretVersion as _spike_v1_SecretVersion, SecretVersion__Output as _spike_v1_SecretVersion__Output } from './spike/v1/SecretVersion.js';
import type { SecretsClient as _spike_v1_SecretsClient, SecretsDefinition as _spike_v1_SecretsDefinition } from './spike/v1/Secrets.js';
import type { SecretsDeleteMetadataRequest as _spike_v1_SecretsDeleteMetadataRequest, SecretsDeleteMetadataRequest__Output as _spike_v1_SecretsDeleteMetadataRequest__Output } from './spike/v1/SecretsDeleteMetadataRequest.js';
import type { SecretsDeleteMetadataResponse as _spike_v1_SecretsDeleteMetadataResponse, SecretsDeleteMetadataResponse__Output as _spike_v1_SecretsDeleteMetadataResponse__Output } from './spike/v1/SecretsDeleteMetadataResponse.js';
import type { SecretsDeleteRequest as _spike_v1_SecretsDeleteRequest, SecretsDeleteRequest__Output as _spike_v1_SecretsDeleteRequest__Output } from './spike/v1/SecretsDeleteRequest.js';
import type { SecretsDeleteResponse as _spike_v1_SecretsDeleteResponse, SecretsDeleteResponse__Output as _spike_v1_SecretsDeleteResponse__Output } from './spike/v1/SecretsDeleteResponse.js';
import type { SecretsDestroyPrefixRequest as _spike_v1_SecretsDestroyPrefixRequest, SecretsDestroyPrefixRequest__Output as _spike_v1_SecretsDestroyPrefixRequest__Output } from './spike/v1/SecretsDestroyPrefixRequest.js';
import type { SecretsDestroyPrefixResponse as _spike_v1_SecretsDestroyPrefixResponse, SecretsDestroyPrefixResponse__Output as _spike_v1_SecretsDestroyPrefixResponse__Output } from './spike/v1/SecretsDestroyPrefixResponse.js';
import type { SecretsDestroyRequest as _spike_v1_SecretsDestroyRequest, SecretsDestroyRequest__Output as _spike_v1_SecretsDestroyRequest__Output } from './spike/v1/SecretsDestroyRequest.js';
import type { SecretsDestroyResponse as _spike_v1_SecretsDestroyResponse, SecretsDestroyResponse__Output as _spike_v1_SecretsDestroyResponse__Output } from './spike/v1/SecretsDestroyResponse.js';
import type { SecretsGetMetadataRequest as _spike_v1_SecretsGetMetadataRequest, SecretsGetMetadataRequest__Output as _spike_v1_SecretsGetMetadataRequest__Output } from './spike/v1/SecretsGetMetadataRequest.js';
import type { SecretsGetMetadataResponse as _spike_v1_SecretsGetMetadataResponse, SecretsGetMetadataResponse__Output as _spike_v1_SecretsGetMetadataResponse__Output } from './spike/v1/SecretsGetMetadataResponse.js';
import type { SecretsGetRequest as _spike_v1_SecretsGetRequest, SecretsGetRequest__Output as _spike_v1_SecretsGetRequest__Output } from './spike/v1/SecretsGetRequest.js';
import type { SecretsGetResponse as _spike_v1_SecretsGetResponse, SecretsGetResponse__Output as _spike_v1_SecretsGetResponse__Output } from './spike/v1/SecretsGetResponse.js';
import type { SecretsListRequest as _spike_v1_SecretsListRequest, SecretsListRequest__Output as _spike_v1_SecretsListRequest__Output } from './spike/v1/SecretsListRequest.js';
import type { SecretsListResponse as _spike_v1_SecretsListResponse, SecretsListResponse__Output as _spike_v1_SecretsListResponse__Output } from './spike/v1/SecretsListResponse.js';
import type { SecretsPutRequest as _spike_v1_SecretsPutRequest, SecretsPutRequest__Output as _spike_v1_SecretsPutRequest__Output } from './spike/v1/SecretsPutRequest.js';
import type { SecretsPutResponse as _spike_v1_SecretsPutResponse, SecretsPutResponse__Output as _spike_v1_SecretsPutResponse__Output } from './spike/v1/SecretsPutResponse.js';
import type { SecretsUndeleteRequest as _spike_v1_SecretsUndeleteRequest, SecretsUndeleteRequest__Output as _spike_v1_SecretsUndeleteRequest__Output } from './spike/v1/SecretsUndeleteRequest.js';
import type { SecretsUndeleteResponse as _spike_v1_SecretsUndeleteResponse, SecretsUndeleteResponse__Output as _spike_v1_SecretsUndeleteResponse__Output } from './spike/v1/SecretsUndeleteResponse.js';
import type { SecretsUpdateMetadataRequest as _spike_v1_SecretsUpdateMetadataRequest, SecretsUpdateMetadataRequest__Output as _spike_v1_SecretsUpdateMetadataRequest__Output } from './spike/v1/SecretsUpdateMetadataRequest.js';
import type { SecretsUpdateMetadataResponse as _spike_v1_SecretsUpdateMetadataResponse, SecretsUpdateMetadataResponse__Output as _spike_v1_SecretsUpdateMetadataResponse__Output } from './spike/v1/SecretsUpdateMetadataResponse.js';

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
      CustomMetadata: MessageTypeDefinition<_spike_v1_CustomMetadata, _spike_v1_CustomMetadata__Output>
      SecretVersion: MessageTypeDefinition<_spike_v1_SecretVersion, _spike_v1_SecretVersion__Output>
      Secrets: SubtypeConstructor<typeof grpc.Client, _spike_v1_SecretsClient> & { service: _spike_v1_SecretsDefinition }
      SecretsDeleteMetadataRequest: MessageTypeDefinition<_spike_v1_SecretsDeleteMetadataRequest, _spike_v1_SecretsDeleteMetadataRequest__Output>
      SecretsDeleteMetadataResponse: MessageTypeDefinition<_spike_v1_SecretsDeleteMetadataResponse, _spike_v1_SecretsDeleteMetadataResponse__Output>
      SecretsDeleteRequest: MessageTypeDefinition<_spike_v1_SecretsDeleteRequest, _spike_v1_SecretsDeleteRequest__Output>
      SecretsDeleteResponse: MessageTypeDefinition<_spike_v1_SecretsDeleteResponse, _spike_v1_SecretsDeleteResponse__Output>
      SecretsDestroyPrefixRequest: MessageTypeDefinition<_spike_v1_SecretsDestroyPrefixRequest, _spike_v1_SecretsDestroyPrefixRequest__Output>
      SecretsDestroyPrefixResponse: MessageTypeDefinition<_spike_v1_SecretsDestroyPrefixResponse, _spike_v1_SecretsDestroyPrefixResponse__Output>
      SecretsDestroyRequest: MessageTypeDefinition<_spike_v1_SecretsDestroyRequest, _spike_v1_SecretsDestroyRequest__Output>
      SecretsDestroyResponse: MessageTypeDefinition<_spike_v1_SecretsDestroyResponse, _spike_v1_SecretsDestroyResponse__Output>
      SecretsGetMetadataRequest: MessageTypeDefinition<_spike_v1_SecretsGetMetadataRequest, _spike_v1_SecretsGetMetadataRequest__Output>
      SecretsGetMetadataResponse: MessageTypeDefinition<_spike_v1_SecretsGetMetadataResponse, _spike_v1_SecretsGetMetadataResponse__Output>
      SecretsGetRequest: MessageTypeDefinition<_spike_v1_SecretsGetRequest, _spike_v1_SecretsGetRequest__Output>
      SecretsGetResponse: MessageTypeDefinition<_spike_v1_SecretsGetResponse, _spike_v1_SecretsGetResponse__Output>
      SecretsListRequest: MessageTypeDefinition<_spike_v1_SecretsListRequest, _spike_v1_SecretsListRequest__Output>
      SecretsListResponse: MessageTypeDefinition<_spike_v1_SecretsListResponse, _spike_v1_SecretsListResponse__Output>
      SecretsPutRequest: MessageTypeDefinition<_spike_v1_SecretsPutRequest, _spike_v1_SecretsPutRequest__Output>
      SecretsPutResponse: MessageTypeDefinition<_spike_v1_SecretsPutResponse, _spike_v1_SecretsPutResponse__Output>
      SecretsUndeleteRequest: MessageTypeDefinition<_spike_v1_SecretsUndeleteRequest, _spike_v1_SecretsUndeleteRequest__Output>
      SecretsUndeleteResponse: MessageTypeDefinition<_spike_v1_SecretsUndeleteResponse, _spike_v1_SecretsUndeleteResponse__Output>
      SecretsUpdateMetadataRequest: MessageTypeDefinition<_spike_v1_SecretsUpdateMetadataRequest, _spike_v1_SecretsUpdateMetadataRequest__Output>
      SecretsUpdateMetadataResponse: MessageTypeDefinition<_spike_v1_SecretsUpdateMetadataResponse, _spike_v1_SecretsUpdateMetadataResponse__Output>
    }
  }
}

