// Original file: proto/spike/v1/cipher.proto


export interface CipherEncryptRequest {
  /**
   * The data to encrypt; may be empty. Secret material.
   */
  'plaintext'?: (Buffer | Uint8Array | string);
  /**
   * Optional context bound to the ciphertext but not stored in it (e.g. a record id): decryption must present the
   * same bytes. At most 8 KiB.
   */
  'associatedData'?: (Buffer | Uint8Array | string);
}

export interface CipherEncryptRequest__Output {
  /**
   * The data to encrypt; may be empty. Secret material.
   */
  'plaintext': (Buffer);
  /**
   * Optional context bound to the ciphertext but not stored in it (e.g. a record id): decryption must present the
   * same bytes. At most 8 KiB.
   */
  'associatedData': (Buffer);
}
