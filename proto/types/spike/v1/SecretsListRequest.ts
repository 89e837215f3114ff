// Original file: proto/spike/v1/secrets.proto


export interface SecretsListRequest {
  /**
   * Only paths that start with this string (a plain prefix, not a pattern); empty lists everything.
   */
  'prefix'?: (string);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken'?: (string);
  /**
   * The most paths to return; 0 means the server's default (100). At most 1000.
   */
  'limit'?: (number);
}

export interface SecretsListRequest__Output {
  /**
   * Only paths that start with this string (a plain prefix, not a pattern); empty lists everything.
   */
  'prefix': (string);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken': (string);
  /**
   * The most paths to return; 0 means the server's default (100). At most 1000.
   */
  'limit': (number);
}
