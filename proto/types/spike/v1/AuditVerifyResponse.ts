// Original file: proto/spike/v1/audit.proto

import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from '../../spike/v1/Progress.js';
import type { AuditVerifyResult as _spike_v1_AuditVerifyResult, AuditVerifyResult__Output as _spike_v1_AuditVerifyResult__Output } from '../../spike/v1/AuditVerifyResult.js';

export interface AuditVerifyResponse {
  /**
   * How far the check is: stage "verifying", unit "records".
   */
  'progress'?: (_spike_v1_Progress | null);
  /**
   * The outcome; the last message.
   */
  'result'?: (_spike_v1_AuditVerifyResult | null);
  /**
   * One event of the check; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}

export interface AuditVerifyResponse__Output {
  /**
   * How far the check is: stage "verifying", unit "records".
   */
  'progress'?: (_spike_v1_Progress__Output | null);
  /**
   * The outcome; the last message.
   */
  'result'?: (_spike_v1_AuditVerifyResult__Output | null);
  /**
   * One event of the check; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}
