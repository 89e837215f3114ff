// Original file: proto/spike/v1/audit.proto

import type { AuditRecord as _spike_v1_AuditRecord, AuditRecord__Output as _spike_v1_AuditRecord__Output } from '../../spike/v1/AuditRecord.js';

export interface AuditTailResponse {
  /**
   * The next record, in ascending sequence.
   */
  'record'?: (_spike_v1_AuditRecord | null);
}

export interface AuditTailResponse__Output {
  /**
   * The next record, in ascending sequence.
   */
  'record': (_spike_v1_AuditRecord__Output | null);
}
