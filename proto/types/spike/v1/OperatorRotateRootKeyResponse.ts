// Original file: proto/spike/v1/operator.proto


export interface OperatorRotateRootKeyResponse {
  /**
   * The new root key's generation.
   */
  'rootKeyGeneration'?: (number);
  /**
   * A fingerprint of the new key check value (lower-case hex). Shares from Recover before now no longer work: run
   * Recover again.
   */
  'keyCheckFingerprint'?: (string);
  /**
   * How many Keepers received their new share.
   */
  'keepersUpdated'?: (number);
}

export interface OperatorRotateRootKeyResponse__Output {
  /**
   * The new root key's generation.
   */
  'rootKeyGeneration': (number);
  /**
   * A fingerprint of the new key check value (lower-case hex). Shares from Recover before now no longer work: run
   * Recover again.
   */
  'keyCheckFingerprint': (string);
  /**
   * How many Keepers received their new share.
   */
  'keepersUpdated': (number);
}
