// Original file: proto/spiffe/workload.proto

import type { X509SVID as _X509SVID, X509SVID__Output as _X509SVID__Output } from './X509SVID.js';

export interface X509SVIDResponse {
  /**
   * The workload's SVIDs; at least one. The first is the default identity.
   */
  'svids'?: (_X509SVID)[];
  /**
   * DER-encoded certificate revocation lists (optional).
   */
  'crl'?: (Buffer | Uint8Array | string)[];
  /**
   * Bundles of federated trust domains, keyed by trust-domain SPIFFE ID ("spiffe://example.org"); each value is
   * concatenated DER certificates.
   */
  'federatedBundles'?: ({[key: string]: Buffer | Uint8Array | string});
}

export interface X509SVIDResponse__Output {
  /**
   * The workload's SVIDs; at least one. The first is the default identity.
   */
  'svids': (_X509SVID__Output)[];
  /**
   * DER-encoded certificate revocation lists (optional).
   */
  'crl': (Buffer)[];
  /**
   * Bundles of federated trust domains, keyed by trust-domain SPIFFE ID ("spiffe://example.org"); each value is
   * concatenated DER certificates.
   */
  'federatedBundles': ({[key: string]: Buffer});
}
