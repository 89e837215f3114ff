// Original file: proto/spike/v1/cipher.proto


export interface CipherEncryptResponse {
  /**
   * A single-shot (0x01) ciphertext.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * The data key that encrypted it (also inside the ciphertext).
   */
  'keyId'?: (number);
}

export interface CipherEncryptResponse__Output {
  /**
   * A single-shot (0x01) ciphertext.
   */
  'ciphertext': (Buffer);
  /**
   * The data key that encrypted it (also inside the ciphertext).
   */
  'keyId': (number);
}
