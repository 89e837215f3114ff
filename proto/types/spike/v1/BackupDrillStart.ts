// Original file: proto/spike/v1/backup.proto

import type { BackupManifest as _spike_v1_BackupManifest, BackupManifest__Output as _spike_v1_BackupManifest__Output } from '../../spike/v1/BackupManifest.js';
import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from '../../spike/v1/Share.js';

/**
 * The first message of a drill upload.
 */
export interface BackupDrillStart {
  /**
   * The backup's manifest.
   */
  'manifest'?: (_spike_v1_BackupManifest | null);
  /**
   * At least k shares of the archive's root key, when it is not the key this Nexus holds (or it holds none).
   * Secret material.
   */
  'shares'?: (_spike_v1_Share)[];
}

/**
 * The first message of a drill upload.
 */
export interface BackupDrillStart__Output {
  /**
   * The backup's manifest.
   */
  'manifest': (_spike_v1_BackupManifest__Output | null);
  /**
   * At least k shares of the archive's root key, when it is not the key this Nexus holds (or it holds none).
   * Secret material.
   */
  'shares': (_spike_v1_Share__Output)[];
}
