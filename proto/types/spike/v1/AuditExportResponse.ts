// Original file: proto/spike/v1/audit.proto

import type { AuditAnchor as _spike_v1_AuditAnchor, AuditAnchor__Output as _spike_v1_AuditAnchor__Output } from '../../spike/v1/AuditAnchor.js';
import type { AuditRecord as _spike_v1_AuditRecord, AuditRecord__Output as _spike_v1_AuditRecord__Output } from '../../spike/v1/AuditRecord.js';

export interface AuditExportResponse {
  /**
   * Where the kept chain starts, so the exported records can be verified offline.
   */
  'anchor'?: (_spike_v1_AuditAnchor | null);
  /**
   * The next record, in ascending sequence.
   */
  'record'?: (_spike_v1_AuditRecord | null);
  /**
   * One event of the export; the first message is the anchor, then one message per record.
   */
  'event'?: "anchor"|"record";
}

export interface AuditExportResponse__Output {
  /**
   * Where the kept chain starts, so the exported records can be verified offline.
   */
  'anchor'?: (_spike_v1_AuditAnchor__Output | null);
  /**
   * The next record, in ascending sequence.
   */
  'record'?: (_spike_v1_AuditRecord__Output | null);
  /**
   * One event of the export; the first message is the anchor, then one message per record.
   */
  'event'?: "anchor"|"record";
}
