// Original file: proto/spiffe/workload.proto


export interface JWTSVIDRequest {
  /**
   * Audiences the token is for; at least one.
   */
  'audience'?: (string)[];
  /**
   * The SPIFFE ID to mint for; empty means every identity the workload is entitled to.
   */
  'spiffeId'?: (string);
}

export interface JWTSVIDRequest__Output {
  /**
   * Audiences the token is for; at least one.
   */
  'audience': (string)[];
  /**
   * The SPIFFE ID to mint for; empty means every identity the workload is entitled to.
   */
  'spiffeId': (string);
}
