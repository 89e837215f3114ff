// Original file: proto/spike/v1/operator.proto

import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from '../../spike/v1/Progress.js';
import type { OperatorRewrapResult as _spike_v1_OperatorRewrapResult, OperatorRewrapResult__Output as _spike_v1_OperatorRewrapResult__Output } from '../../spike/v1/OperatorRewrapResult.js';

export interface OperatorRewrapResponse {
  /**
   * How far the job is: stage "rewrapping", unit "items".
   */
  'progress'?: (_spike_v1_Progress | null);
  /**
   * The job's outcome; the last message.
   */
  'result'?: (_spike_v1_OperatorRewrapResult | null);
  /**
   * One event of the job; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}

export interface OperatorRewrapResponse__Output {
  /**
   * How far the job is: stage "rewrapping", unit "items".
   */
  'progress'?: (_spike_v1_Progress__Output | null);
  /**
   * The job's outcome; the last message.
   */
  'result'?: (_spike_v1_OperatorRewrapResult__Output | null);
  /**
   * One event of the job; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}
