// Original file: proto/spike/v1/cipher.proto


export interface CipherRewrapRequest {
  /**
   * A single-shot ciphertext from Encrypt or Rewrap, unchanged.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * The associated_data given when it was encrypted (empty if none); bound to the new ciphertext too.
   */
  'associatedData'?: (Buffer | Uint8Array | string);
}

export interface CipherRewrapRequest__Output {
  /**
   * A single-shot ciphertext from Encrypt or Rewrap, unchanged.
   */
  'ciphertext': (Buffer);
  /**
   * The associated_data given when it was encrypted (empty if none); bound to the new ciphertext too.
   */
  'associatedData': (Buffer);
}
