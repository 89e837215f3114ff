// Original file: proto/spike/v1/backup.proto

import type { BackupManifest as _spike_v1_BackupManifest, BackupManifest__Output as _spike_v1_BackupManifest__Output } from '../../spike/v1/BackupManifest.js';

export interface BackupRestoreRequest {
  /**
   * The backup's manifest; first message only.
   */
  'manifest'?: (_spike_v1_BackupManifest | null);
  /**
   * The next piece of the archive, at most 1 MiB.
   */
  'chunk'?: (Buffer | Uint8Array | string);
  /**
   * One piece of the upload: the manifest first, then the archive's chunks in order; half-close when done.
   */
  'part'?: "manifest"|"chunk";
}

export interface BackupRestoreRequest__Output {
  /**
   * The backup's manifest; first message only.
   */
  'manifest'?: (_spike_v1_BackupManifest__Output | null);
  /**
   * The next piece of the archive, at most 1 MiB.
   */
  'chunk'?: (Buffer);
  /**
   * One piece of the upload: the manifest first, then the archive's chunks in order; half-close when done.
   */
  'part'?: "manifest"|"chunk";
}
