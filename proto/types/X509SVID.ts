// Original file: proto/spiffe/workload.proto


export interface X509SVID {
  /**
   * The SPIFFE ID in the SVID's URI SAN.
   */
  'spiffeId'?: (string);
  /**
   * The certificate chain, concatenated DER, leaf first, then any intermediates.
   */
  'x509Svid'?: (Buffer | Uint8Array | string);
  /**
   * The private key for the leaf, unencrypted PKCS#8 DER.
   */
  'x509SvidKey'?: (Buffer | Uint8Array | string);
  /**
   * The bundle of the SVID's own trust domain, concatenated DER certificates.
   */
  'bundle'?: (Buffer | Uint8Array | string);
  /**
   * An operator-chosen name that tells SVIDs apart; unique within one response (the first wins on duplicates).
   */
  'hint'?: (string);
}

export interface X509SVID__Output {
  /**
   * The SPIFFE ID in the SVID's URI SAN.
   */
  'spiffeId': (string);
  /**
   * The certificate chain, concatenated DER, leaf first, then any intermediates.
   */
  'x509Svid': (Buffer);
  /**
   * The private key for the leaf, unencrypted PKCS#8 DER.
   */
  'x509SvidKey': (Buffer);
  /**
   * The bundle of the SVID's own trust domain, concatenated DER certificates.
   */
  'bundle': (Buffer);
  /**
   * An operator-chosen name that tells SVIDs apart; unique within one response (the first wins on duplicates).
   */
  'hint': (string);
}
