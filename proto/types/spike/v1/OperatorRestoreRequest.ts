// Original file: proto/spike/v1/operator.proto

import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from '../../spike/v1/Share.js';

export interface OperatorRestoreRequest {
  /**
   * One share, as Recover returned it. Secret material.
   */
  'share'?: (_spike_v1_Share | null);
}

export interface OperatorRestoreRequest__Output {
  /**
   * One share, as Recover returned it. Secret material.
   */
  'share': (_spike_v1_Share__Output | null);
}
