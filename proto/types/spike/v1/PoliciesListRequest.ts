// Original file: proto/spike/v1/policies.proto


export interface PoliciesListRequest {
  /**
   * When non-empty, only policies whose SPIFFE-ID pattern is exactly this string.
   */
  'spiffeIdPattern'?: (string);
  /**
   * When non-empty, only policies whose path pattern is exactly this string.
   */
  'pathPattern'?: (string);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken'?: (string);
  /**
   * The most policies to return; 0 means the server's default (100). At most 1000.
   */
  'limit'?: (number);
}

export interface PoliciesListRequest__Output {
  /**
   * When non-empty, only policies whose SPIFFE-ID pattern is exactly this string.
   */
  'spiffeIdPattern': (string);
  /**
   * When non-empty, only policies whose path pattern is exactly this string.
   */
  'pathPattern': (string);
  /**
   * Empty for the first page, otherwise the previous response's next_page_token.
   */
  'pageToken': (string);
  /**
   * The most policies to return; 0 means the server's default (100). At most 1000.
   */
  'limit': (number);
}
