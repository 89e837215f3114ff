// Original file: proto/spiffe/workload.proto


export interface JWTSVID {
  /**
   * The SPIFFE ID in the token's `sub` claim.
   */
  'spiffeId'?: (string);
  /**
   * The token, JWS compact serialization.
   */
  'svid'?: (string);
  /**
   * An operator-chosen name, as X509SVID.hint.
   */
  'hint'?: (string);
}

export interface JWTSVID__Output {
  /**
   * The SPIFFE ID in the token's `sub` claim.
   */
  'spiffeId': (string);
  /**
   * The token, JWS compact serialization.
   */
  'svid': (string);
  /**
   * An operator-chosen name, as X509SVID.hint.
   */
  'hint': (string);
}
