// Original file: proto/spike/v1/audit.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

export interface AuditExportRequest {
  /**
   * The first record to export; 0 means the oldest kept record.
   */
  'fromSequence'?: (number | string | Long);
  /**
   * The last record to export; 0 means the newest at the time of the call.
   */
  'toSequence'?: (number | string | Long);
  /**
   * When set, only records at or after this time.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When set, only records before this time.
   */
  'endTime'?: (_google_protobuf_Timestamp | null);
}

export interface AuditExportRequest__Output {
  /**
   * The first record to export; 0 means the oldest kept record.
   */
  'fromSequence': (number);
  /**
   * The last record to export; 0 means the newest at the time of the call.
   */
  'toSequence': (number);
  /**
   * When set, only records at or after this time.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When set, only records before this time.
   */
  'endTime': (_google_protobuf_Timestamp__Output | null);
}
