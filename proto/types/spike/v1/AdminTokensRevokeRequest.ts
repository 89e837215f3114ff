// Original file: proto/spike/v1/admin_tokens.proto


export interface AdminTokensRevokeRequest {
  /**
   * An existing admin token authorizing this call. Secret material: never logged or audited.
   */
  'adminToken'?: (string);
  /**
   * The id of the token to revoke.
   */
  'id'?: (string);
}

export interface AdminTokensRevokeRequest__Output {
  /**
   * An existing admin token authorizing this call. Secret material: never logged or audited.
   */
  'adminToken': (string);
  /**
   * The id of the token to revoke.
   */
  'id': (string);
}
