// Original file: proto/spike/v1/admin_tokens.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * What Nexus shows about an admin token. Never contains the token.
 */
export interface AdminToken {
  /**
   * The token's public id (also embedded in the token); use it to revoke.
   */
  'id'?: (string);
  /**
   * A label saying what the token is for.
   */
  'name'?: (string);
  /**
   * When it was created.
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The SPIFFE ID that created it.
   */
  'createdBy'?: (string);
  /**
   * When it stops working; unset means never.
   */
  'expireTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When it was last accepted; unset if never used.
   */
  'lastUsedTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When it was revoked; unset while not revoked.
   */
  'revokedTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * What Nexus shows about an admin token. Never contains the token.
 */
export interface AdminToken__Output {
  /**
   * The token's public id (also embedded in the token); use it to revoke.
   */
  'id': (string);
  /**
   * A label saying what the token is for.
   */
  'name': (string);
  /**
   * When it was created.
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The SPIFFE ID that created it.
   */
  'createdBy': (string);
  /**
   * When it stops working; unset means never.
   */
  'expireTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When it was last accepted; unset if never used.
   */
  'lastUsedTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When it was revoked; unset while not revoked.
   */
  'revokedTime': (_google_protobuf_Timestamp__Output | null);
}
