// Original file: proto/spike/v1/audit.proto

import type { AuditAnchor as _spike_v1_AuditAnchor, AuditAnchor__Output as _spike_v1_AuditAnchor__Output } from '../../spike/v1/AuditAnchor.js';
import type { Long } from '@grpc/proto-loader';

export interface AuditPruneResponse {
  /**
   * How many records were (or, with dry_run, would be) deleted.
   */
  'pruned'?: (number | string | Long);
  /**
   * The anchor now in force (with dry_run, the one that would be).
   */
  'anchor'?: (_spike_v1_AuditAnchor | null);
}

export interface AuditPruneResponse__Output {
  /**
   * How many records were (or, with dry_run, would be) deleted.
   */
  'pruned': (number);
  /**
   * The anchor now in force (with dry_run, the one that would be).
   */
  'anchor': (_spike_v1_AuditAnchor__Output | null);
}
