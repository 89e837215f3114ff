// Original file: proto/spike/v1/secrets.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface SecretsPutResponse {
  /**
   * The version just written.
   */
  'version'?: (number);
  /**
   * When it was written.
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
}

export interface SecretsPutResponse__Output {
  /**
   * The version just written.
   */
  'version': (number);
  /**
   * When it was written.
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
}
