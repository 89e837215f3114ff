// Original file: proto/spiffe/workload.proto


export interface ValidateJWTSVIDRequest {
  /**
   * The audience the token must be for.
   */
  'audience'?: (string);
  /**
   * The token, JWS compact serialization.
   */
  'svid'?: (string);
}

export interface ValidateJWTSVIDRequest__Output {
  /**
   * The audience the token must be for.
   */
  'audience': (string);
  /**
   * The token, JWS compact serialization.
   */
  'svid': (string);
}
