// Original file: proto/spike/v1/operator.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * What a rewrap job did.
 */
export interface OperatorRewrapResult {
  /**
   * The data key everything was moved to.
   */
  'targetKeyId'?: (number);
  /**
   * Items (secret versions and admin tokens) re-encrypted.
   */
  'rewrapped'?: (number);
  /**
   * Items already under the target key.
   */
  'skipped'?: (number);
  /**
   * Items that could not be re-encrypted (e.g. failed authentication); they keep their old ciphertext.
   */
  'failed'?: (number);
  /**
   * The first failures (at most 100), as "table:path@version" or "admin_token:<id>", each with its reason.
   */
  'failures'?: (string)[];
  /**
   * When the job started.
   */
  'startTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When the job finished.
   */
  'finishTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * What a rewrap job did.
 */
export interface OperatorRewrapResult__Output {
  /**
   * The data key everything was moved to.
   */
  'targetKeyId': (number);
  /**
   * Items (secret versions and admin tokens) re-encrypted.
   */
  'rewrapped': (number);
  /**
   * Items already under the target key.
   */
  'skipped': (number);
  /**
   * Items that could not be re-encrypted (e.g. failed authentication); they keep their old ciphertext.
   */
  'failed': (number);
  /**
   * The first failures (at most 100), as "table:path@version" or "admin_token:<id>", each with its reason.
   */
  'failures': (string)[];
  /**
   * When the job started.
   */
  'startTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the job finished.
   */
  'finishTime': (_google_protobuf_Timestamp__Output | null);
}
