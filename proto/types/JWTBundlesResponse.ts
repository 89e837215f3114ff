// Original file: proto/spiffe/workload.proto


export interface JWTBundlesResponse {
  /**
   * JWKS documents keyed by trust-domain SPIFFE ID.
   */
  'bundles'?: ({[key: string]: Buffer | Uint8Array | string});
}

export interface JWTBundlesResponse__Output {
  /**
   * JWKS documents keyed by trust-domain SPIFFE ID.
   */
  'bundles': ({[key: string]: Buffer});
}
