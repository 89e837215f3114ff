// Original file: proto/spike/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Progress of a long-running operation, sent on its stream as often as is useful (at least every few seconds).
 */
export interface Progress {
  /**
   * What the operation is doing now, lower-case words such as "dumping", "restoring", "decrypting", "verifying".
   */
  'stage'?: (string);
  /**
   * Units of work finished so far in this stage.
   */
  'done'?: (number | string | Long);
  /**
   * Units of work in this stage; 0 when not known in advance.
   */
  'total'?: (number | string | Long);
  /**
   * What a unit is, such as "rows", "versions", "bytes", "records".
   */
  'unit'?: (string);
}

/**
 * Progress of a long-running operation, sent on its stream as often as is useful (at least every few seconds).
 */
export interface Progress__Output {
  /**
   * What the operation is doing now, lower-case words such as "dumping", "restoring", "decrypting", "verifying".
   */
  'stage': (string);
  /**
   * Units of work finished so far in this stage.
   */
  'done': (number);
  /**
   * Units of work in this stage; 0 when not known in advance.
   */
  'total': (number);
  /**
   * What a unit is, such as "rows", "versions", "bytes", "records".
   */
  'unit': (string);
}
