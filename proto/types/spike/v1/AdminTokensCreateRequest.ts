// Original file: proto/spike/v1/admin_tokens.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

export interface AdminTokensCreateRequest {
  /**
   * An existing admin token authorizing this call. Secret material: never logged or audited.
   */
  'adminToken'?: (string);
  /**
   * A label for the new token: letters, digits, "-", "_" and " ", 1 to 250 bytes.
   */
  'name'?: (string);
  /**
   * When the new token stops working; unset means never. Must be in the future.
   */
  'expireTime'?: (_google_protobuf_Timestamp | null);
}

export interface AdminTokensCreateRequest__Output {
  /**
   * An existing admin token authorizing this call. Secret material: never logged or audited.
   */
  'adminToken': (string);
  /**
   * A label for the new token: letters, digits, "-", "_" and " ", 1 to 250 bytes.
   */
  'name': (string);
  /**
   * When the new token stops working; unset means never. Must be in the future.
   */
  'expireTime': (_google_protobuf_Timestamp__Output | null);
}
