import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CipherClient as _spike_v1_CipherClient, CipherDefinition as _spike_v1_CipherDefinition } from './spike/v1/Cipher.js';
import type { CipherDecryptRequest as _spike_v1_CipherDecryptRequest, CipherDecryptRequest__Output as _spike_v1_CipherDecryptRequest__Output } from './spike/v1/CipherDecryptRequest.js';
import type { CipherDecryptResponse as _spike_v1_CipherDecryptResponse, CipherDecryptResponse__Output as _spike_v1_CipherDecryptResponse__Output } from './spike/v1/CipherDecryptResponse.js';
import type { CipherDecryptStreamRequest as _spike_v1_CipherDecryptStreamRequest, CipherDecryptStreamRequest__Output as _spike_v1_CipherDecryptStreamRequest__Output } from './spike/v1/CipherDecryptStreamRequest.js';
import type { CipherDecryptStreamResponse as _spike_v1_CipherDecryptStreamResponse, CipherDecryptStreamResponse__Output as _spike_v1_CipherDecryptStreamResponse__Output } from './spike/v1/CipherDecryptStreamResponse.js';
import type { CipherEncryptRequest as _spike_v1_CipherEncryptRequest, CipherEncryptRequest__Output as _spike_v1_CipherEncryptRequest__Output } from './spike/v1/CipherEncryptRequest.js';
import type { CipherEncryptResponse as _spike_v1_CipherEncryptResponse, CipherEncryptResponse__Output as _spike_v1_CipherEncryptResponse__Output } from './spike/v1/CipherEncryptResponse.js';
import type { CipherEncryptStreamRequest as _spike_v1_CipherEncryptStreamRequest, CipherEncryptStreamRequest__Output as _spike_v1_CipherEncryptStreamRequest__Output } from './spike/v1/CipherEncryptStreamRequest.js';
import type { CipherEncryptStreamResponse as _spike_v1_CipherEncryptStreamResponse, CipherEncryptStreamResponse__Output as _spike_v1_CipherEncryptStreamResponse__Output } from './spike/v1/CipherEncryptStreamResponse.js';
import type { CipherRewrapRequest as _spike_v1_CipherRewrapRequest, CipherRewrapRequest__Output as _spike_v1_CipherRewrapRequest__Output } from './spike/v1/CipherRewrapRequest.js';
import type { CipherRewrapResponse as _spike_v1_CipherRewrapResponse, CipherRewrapResponse__Output as _spike_v1_CipherRewrapResponse__Output } from './spike/v1/CipherRewrapResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  spike: {
    v1: {
      Cipher: SubtypeConstructor<typeof grpc.Client, _spike_v1_CipherClient> & { service: _spike_v1_CipherDefinition }
      CipherDecryptRequest: MessageTypeDefinition<_spike_v1_CipherDecryptRequest, _spike_v1_CipherDecryptRequest__Output>
      CipherDecryptResponse: MessageTypeDefinition<_spike_v1_CipherDecryptResponse, _spike_v1_CipherDecryptResponse__Output>
      CipherDecryptStreamRequest: MessageTypeDefinition<_spike_v1_CipherDecryptStreamRequest, _spike_v1_CipherDecryptStreamRequest__Output>
      CipherDecryptStreamResponse: MessageTypeDefinition<_spike_v1_CipherDecryptStreamResponse, _spike_v1_CipherDecryptStreamResponse__Output>
      CipherEncryptRequest: MessageTypeDefinition<_spike_v1_CipherEncryptRequest, _spike_v1_CipherEncryptRequest__Output>
      CipherEncryptResponse: MessageTypeDefinition<_spike_v1_CipherEncryptResponse, _spike_v1_CipherEncryptResponse__Output>
      CipherEncryptStreamRequest: MessageTypeDefinition<_spike_v1_CipherEncryptStreamRequest, _spike_v1_CipherEncryptStreamRequest__Output>
      CipherEncryptStreamResponse: MessageTypeDefinition<_spike_v1_CipherEncryptStreamResponse, _spike_v1_CipherEncryptStreamResponse__Output>
      CipherRewrapRequest: MessageTypeDefinition<_spike_v1_CipherRewrapRequest, _spike_v1_CipherRewrapRequest__Output>
      CipherRewrapResponse: MessageTypeDefinition<_spike_v1_CipherRewrapResponse, _spike_v1_CipherRewrapResponse__Output>
    }
  }
}

