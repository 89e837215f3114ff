// Original file: proto/spike/v1/backup.proto

import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from '../../spike/v1/Progress.js';
import type { BackupDrillResult as _spike_v1_BackupDrillResult, BackupDrillResult__Output as _spike_v1_BackupDrillResult__Output } from '../../spike/v1/BackupDrillResult.js';

export interface BackupDrillResponse {
  /**
   * How far the drill is: stages such as "uploading", "restoring", "decrypting", "verifying audit".
   */
  'progress'?: (_spike_v1_Progress | null);
  /**
   * The outcome; the last message.
   */
  'result'?: (_spike_v1_BackupDrillResult | null);
  /**
   * One event of the drill; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}

export interface BackupDrillResponse__Output {
  /**
   * How far the drill is: stages such as "uploading", "restoring", "decrypting", "verifying audit".
   */
  'progress'?: (_spike_v1_Progress__Output | null);
  /**
   * The outcome; the last message.
   */
  'result'?: (_spike_v1_BackupDrillResult__Output | null);
  /**
   * One event of the drill; the stream ends after `result`.
   */
  'event'?: "progress"|"result";
}
