// Original file: proto/spike/v1/audit.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { AuditOutcome as _spike_v1_AuditOutcome, AuditOutcome__Output as _spike_v1_AuditOutcome__Output } from '../../spike/v1/AuditOutcome.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One audit record.
 */
export interface AuditRecord {
  /**
   * Position in the log: 1, 2, 3, ... without gaps (pruning removes a prefix only).
   */
  'sequence'?: (number | string | Long);
  /**
   * When the call was recorded.
   */
  'time'?: (_google_protobuf_Timestamp | null);
  /**
   * The caller's SPIFFE ID, from its X.509-SVID.
   */
  'callerSpiffeId'?: (string);
  /**
   * What was attempted, "<area>.<verb>", e.g. "secret.read", "secret.write", "policy.delete", "operator.restore".
   */
  'action'?: (string);
  /**
   * What it was attempted on: a secret path, a policy name, a token id, or empty.
   */
  'resource'?: (string);
  /**
   * How the call ended.
   */
  'outcome'?: (_spike_v1_AuditOutcome);
  /**
   * The gRPC status code name the caller got, e.g. "OK", "PERMISSION_DENIED", "NOT_FOUND".
   */
  'statusCode'?: (string);
  /**
   * The request id that ties this record to logs.
   */
  'requestId'?: (string);
  /**
   * How long the call took until the record was written, in microseconds.
   */
  'durationMicros'?: (number);
  /**
   * The previous record's hash (SHA-256, 32 bytes); the anchor's hash for the first record after a prune, 32 zero
   * bytes for record 1.
   */
  'prevHash'?: (Buffer | Uint8Array | string);
  /**
   * This record's hash (SHA-256, 32 bytes) over its fields and prev_hash.
   */
  'hash'?: (Buffer | Uint8Array | string);
}

/**
 * One audit record.
 */
export interface AuditRecord__Output {
  /**
   * Position in the log: 1, 2, 3, ... without gaps (pruning removes a prefix only).
   */
  'sequence': (number);
  /**
   * When the call was recorded.
   */
  'time': (_google_protobuf_Timestamp__Output | null);
  /**
   * The caller's SPIFFE ID, from its X.509-SVID.
   */
  'callerSpiffeId': (string);
  /**
   * What was attempted, "<area>.<verb>", e.g. "secret.read", "secret.write", "policy.delete", "operator.restore".
   */
  'action': (string);
  /**
   * What it was attempted on: a secret path, a policy name, a token id, or empty.
   */
  'resource': (string);
  /**
   * How the call ended.
   */
  'outcome': (_spike_v1_AuditOutcome__Output);
  /**
   * The gRPC status code name the caller got, e.g. "OK", "PERMISSION_DENIED", "NOT_FOUND".
   */
  'statusCode': (string);
  /**
   * The request id that ties this record to logs.
   */
  'requestId': (string);
  /**
   * How long the call took until the record was written, in microseconds.
   */
  'durationMicros': (number);
  /**
   * The previous record's hash (SHA-256, 32 bytes); the anchor's hash for the first record after a prune, 32 zero
   * bytes for record 1.
   */
  'prevHash': (Buffer);
  /**
   * This record's hash (SHA-256, 32 bytes) over its fields and prev_hash.
   */
  'hash': (Buffer);
}
