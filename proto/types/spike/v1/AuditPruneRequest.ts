// Original file: proto/spike/v1/audit.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface AuditPruneRequest {
  /**
   * An admin token authorizing the prune. Secret material: never logged or audited.
   */
  'adminToken'?: (string);
  /**
   * Records written before this time are deleted; required, and not in the future.
   */
  'before'?: (_google_protobuf_Timestamp | null);
  /**
   * When true, nothing is deleted; the response says what would be.
   */
  'dryRun'?: (boolean);
}

export interface AuditPruneRequest__Output {
  /**
   * An admin token authorizing the prune. Secret material: never logged or audited.
   */
  'adminToken': (string);
  /**
   * Records written before this time are deleted; required, and not in the future.
   */
  'before': (_google_protobuf_Timestamp__Output | null);
  /**
   * When true, nothing is deleted; the response says what would be.
   */
  'dryRun': (boolean);
}
