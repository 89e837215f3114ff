// Original file: proto/spike/v1/keeper.proto

import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from '../../spike/v1/Share.js';

export interface KeeperShardResponse {
  /**
   * The held share. Secret material.
   */
  'share'?: (_spike_v1_Share | null);
}

export interface KeeperShardResponse__Output {
  /**
   * The held share. Secret material.
   */
  'share': (_spike_v1_Share__Output | null);
}
