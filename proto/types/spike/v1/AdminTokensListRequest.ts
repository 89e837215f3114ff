// Original file: proto/spike/v1/admin_tokens.proto


export interface AdminTokensListRequest {
  /**
   * When true, revoked and expired tokens are listed too.
   */
  'includeInactive'?: (boolean);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken'?: (string);
  /**
   * The most tokens to return; 0 means the server's default (100). At most 1000.
   */
  'limit'?: (number);
}

export interface AdminTokensListRequest__Output {
  /**
   * When true, revoked and expired tokens are listed too.
   */
  'includeInactive': (boolean);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken': (string);
  /**
   * The most tokens to return; 0 means the server's default (100). At most 1000.
   */
  'limit': (number);
}
