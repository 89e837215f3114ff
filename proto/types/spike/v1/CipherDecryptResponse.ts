// Original file: proto/spike/v1/cipher.proto


export interface CipherDecryptResponse {
  /**
   * The original data. Secret material.
   */
  'plaintext'?: (Buffer | Uint8Array | string);
  /**
   * The data key that had encrypted it; lower than the active key means Rewrap would move it.
   */
  'keyId'?: (number);
}

export interface CipherDecryptResponse__Output {
  /**
   * The original data. Secret material.
   */
  'plaintext': (Buffer);
  /**
   * The data key that had encrypted it; lower than the active key means Rewrap would move it.
   */
  'keyId': (number);
}
