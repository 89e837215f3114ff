// Original file: proto/spike/v1/secrets.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface SecretsGetResponse {
  /**
   * The version's key/value map. Secret material.
   */
  'data'?: ({[key: string]: string});
  /**
   * The version returned (the current one's number when 0 was asked for).
   */
  'version'?: (number);
  /**
   * When this version was written.
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The secret's current version, so a caller can tell whether it read the latest.
   */
  'currentVersion'?: (number);
}

export interface SecretsGetResponse__Output {
  /**
   * The version's key/value map. Secret material.
   */
  'data': ({[key: string]: string});
  /**
   * The version returned (the current one's number when 0 was asked for).
   */
  'version': (number);
  /**
   * When this version was written.
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The secret's current version, so a caller can tell whether it read the latest.
   */
  'currentVersion': (number);
}
