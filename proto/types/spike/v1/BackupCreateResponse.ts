// Original file: proto/spike/v1/backup.proto

import type { Progress as _spike_v1_Progress, Progress__Output as _spike_v1_Progress__Output } from '../../spike/v1/Progress.js';
import type { BackupManifest as _spike_v1_BackupManifest, BackupManifest__Output as _spike_v1_BackupManifest__Output } from '../../spike/v1/BackupManifest.js';

export interface BackupCreateResponse {
  /**
   * How far the dump is: stage "dumping", unit "bytes".
   */
  'progress'?: (_spike_v1_Progress | null);
  /**
   * The next piece of the archive; concatenate every piece in order.
   */
  'chunk'?: (Buffer | Uint8Array | string);
  /**
   * The manifest of the finished archive; the last message.
   */
  'manifest'?: (_spike_v1_BackupManifest | null);
  /**
   * One event of the dump; the stream ends after `manifest`.
   */
  'event'?: "progress"|"chunk"|"manifest";
}

export interface BackupCreateResponse__Output {
  /**
   * How far the dump is: stage "dumping", unit "bytes".
   */
  'progress'?: (_spike_v1_Progress__Output | null);
  /**
   * The next piece of the archive; concatenate every piece in order.
   */
  'chunk'?: (Buffer);
  /**
   * The manifest of the finished archive; the last message.
   */
  'manifest'?: (_spike_v1_BackupManifest__Output | null);
  /**
   * One event of the dump; the stream ends after `manifest`.
   */
  'event'?: "progress"|"chunk"|"manifest";
}
