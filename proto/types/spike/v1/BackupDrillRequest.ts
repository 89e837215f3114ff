// Original file: proto/spike/v1/backup.proto

import type { BackupDrillStart as _spike_v1_BackupDrillStart, BackupDrillStart__Output as _spike_v1_BackupDrillStart__Output } from '../../spike/v1/BackupDrillStart.js';

export interface BackupDrillRequest {
  /**
   * What to drill; first message only.
   */
  'start'?: (_spike_v1_BackupDrillStart | null);
  /**
   * The next piece of the archive, at most 1 MiB.
   */
  'chunk'?: (Buffer | Uint8Array | string);
  /**
   * One piece of the upload: the start first, then the archive's chunks in order; half-close when done.
   */
  'part'?: "start"|"chunk";
}

export interface BackupDrillRequest__Output {
  /**
   * What to drill; first message only.
   */
  'start'?: (_spike_v1_BackupDrillStart__Output | null);
  /**
   * The next piece of the archive, at most 1 MiB.
   */
  'chunk'?: (Buffer);
  /**
   * One piece of the upload: the start first, then the archive's chunks in order; half-close when done.
   */
  'part'?: "start"|"chunk";
}
