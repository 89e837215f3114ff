// Original file: proto/spiffe/workload.proto


export interface X509BundlesResponse {
  /**
   * DER-encoded certificate revocation lists (optional).
   */
  'crl'?: (Buffer | Uint8Array | string)[];
  /**
   * Trust bundles keyed by trust-domain SPIFFE ID; each value is concatenated DER certificates. Always includes
   * the workload's own trust domain.
   */
  'bundles'?: ({[key: string]: Buffer | Uint8Array | string});
}

export interface X509BundlesResponse__Output {
  /**
   * DER-encoded certificate revocation lists (optional).
   */
  'crl': (Buffer)[];
  /**
   * Trust bundles keyed by trust-domain SPIFFE ID; each value is concatenated DER certificates. Always includes
   * the workload's own trust domain.
   */
  'bundles': ({[key: string]: Buffer});
}
