// Original file: proto/spike/v1/cipher.proto


export interface CipherEncryptStreamResponse {
  /**
   * The next piece of the ciphertext; concatenate every piece in order.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * The data key that encrypts this stream; set in the first message only (0 afterwards).
   */
  'keyId'?: (number);
}

export interface CipherEncryptStreamResponse__Output {
  /**
   * The next piece of the ciphertext; concatenate every piece in order.
   */
  'ciphertext': (Buffer);
  /**
   * The data key that encrypts this stream; set in the first message only (0 afterwards).
   */
  'keyId': (number);
}
