// Original file: proto/spike/v1/audit.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditVerifyRequest {
  /**
   * The first record to check; 0 means the oldest kept record (checked against the anchor).
   */
  'fromSequence'?: (number | string | Long);
  /**
   * The last record to check; 0 means the newest.
   */
  'toSequence'?: (number | string | Long);
}

export interface AuditVerifyRequest__Output {
  /**
   * The first record to check; 0 means the oldest kept record (checked against the anchor).
   */
  'fromSequence': (number);
  /**
   * The last record to check; 0 means the newest.
   */
  'toSequence': (number);
}
