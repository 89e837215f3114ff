// Original file: proto/spike/v1/keeper.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface KeeperStatusResponse {
  /**
   * Whether the Keeper holds a share.
   */
  'hasShare'?: (boolean);
  /**
   * The share id it holds, or is configured for; 0 when it has neither.
   */
  'shareId'?: (number);
  /**
   * When it received the share it holds; unset when it holds none.
   */
  'shareReceivedTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The Keeper's software version.
   */
  'version'?: (string);
}

export interface KeeperStatusResponse__Output {
  /**
   * Whether the Keeper holds a share.
   */
  'hasShare': (boolean);
  /**
   * The share id it holds, or is configured for; 0 when it has neither.
   */
  'shareId': (number);
  /**
   * When it received the share it holds; unset when it holds none.
   */
  'shareReceivedTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The Keeper's software version.
   */
  'version': (string);
}
