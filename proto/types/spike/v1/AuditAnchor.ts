// Original file: proto/spike/v1/audit.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Where the kept chain starts after a prune.
 */
export interface AuditAnchor {
  /**
   * The sequence of the last pruned record; 0 if nothing was ever pruned.
   */
  'sequence'?: (number | string | Long);
  /**
   * That record's hash (32 bytes); 32 zero bytes if nothing was ever pruned.
   */
  'hash'?: (Buffer | Uint8Array | string);
  /**
   * When the prune happened; unset if never.
   */
  'time'?: (_google_protobuf_Timestamp | null);
}

/**
 * Where the kept chain starts after a prune.
 */
export interface AuditAnchor__Output {
  /**
   * The sequence of the last pruned record; 0 if nothing was ever pruned.
   */
  'sequence': (number);
  /**
   * That record's hash (32 bytes); 32 zero bytes if nothing was ever pruned.
   */
  'hash': (Buffer);
  /**
   * When the prune happened; unset if never.
   */
  'time': (_google_protobuf_Timestamp__Output | null);
}
