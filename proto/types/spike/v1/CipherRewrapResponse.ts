// Original file: proto/spike/v1/cipher.proto


export interface CipherRewrapResponse {
  /**
   * A new single-shot ciphertext of the same plaintext under the active data key, with a fresh nonce.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * The active data key that encrypted it.
   */
  'keyId'?: (number);
}

export interface CipherRewrapResponse__Output {
  /**
   * A new single-shot ciphertext of the same plaintext under the active data key, with a fresh nonce.
   */
  'ciphertext': (Buffer);
  /**
   * The active data key that encrypted it.
   */
  'keyId': (number);
}
