// Original file: proto/spike/v1/audit.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditTailRequest {
  /**
   * Send records with a greater sequence (resume by passing the last one seen); 0 means start with the newest
   * `last` records.
   */
  'sinceSequence'?: (number | string | Long);
  /**
   * When since_sequence is 0, how many of the newest records to start with; 0 means 20. At most 10000.
   */
  'last'?: (number);
  /**
   * When true, the stream stays open and sends each new record as it is committed; otherwise it ends after the
   * existing records.
   */
  'follow'?: (boolean);
}

export interface AuditTailRequest__Output {
  /**
   * Send records with a greater sequence (resume by passing the last one seen); 0 means start with the newest
   * `last` records.
   */
  'sinceSequence': (number);
  /**
   * When since_sequence is 0, how many of the newest records to start with; 0 means 20. At most 10000.
   */
  'last': (number);
  /**
   * When true, the stream stays open and sends each new record as it is committed; otherwise it ends after the
   * existing records.
   */
  'follow': (boolean);
}
