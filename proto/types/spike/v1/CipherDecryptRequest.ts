// Original file: proto/spike/v1/cipher.proto


export interface CipherDecryptRequest {
  /**
   * A ciphertext from Encrypt or Rewrap, unchanged.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * The associated_data given when it was encrypted (empty if none).
   */
  'associatedData'?: (Buffer | Uint8Array | string);
}

export interface CipherDecryptRequest__Output {
  /**
   * A ciphertext from Encrypt or Rewrap, unchanged.
   */
  'ciphertext': (Buffer);
  /**
   * The associated_data given when it was encrypted (empty if none).
   */
  'associatedData': (Buffer);
}
