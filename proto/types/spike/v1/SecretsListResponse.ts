// Original file: proto/spike/v1/secrets.proto


export interface SecretsListResponse {
  /**
   * Matching paths the caller may list, in ascending byte order.
   */
  'paths'?: (string)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken'?: (string);
}

export interface SecretsListResponse__Output {
  /**
   * Matching paths the caller may list, in ascending byte order.
   */
  'paths': (string)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken': (string);
}
