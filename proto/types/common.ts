import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from './spike/v1/Progress.js';
import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from './spike/v1/Share.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  spike: {
    v1: {
      Progress: MessageTypeDefinition<_spike_v1_Progress, _spike_v1_Progress__Output>
      Share: MessageTypeDefinition<_spike_v1_Share, _spike_v1_Share__Output>
    }
  }
}

