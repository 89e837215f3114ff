// Original file: proto/spike/v1/cipher.proto


export interface CipherDecryptStreamResponse {
  /**
   * The next piece of authenticated plaintext; concatenate every piece in order. Secret material.
   */
  'plaintext'?: (Buffer | Uint8Array | string);
}

export interface CipherDecryptStreamResponse__Output {
  /**
   * The next piece of authenticated plaintext; concatenate every piece in order. Secret material.
   */
  'plaintext': (Buffer);
}
