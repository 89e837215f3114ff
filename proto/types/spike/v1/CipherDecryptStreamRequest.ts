// Original file: proto/spike/v1/cipher.proto


export interface CipherDecryptStreamRequest {
  /**
   * The next piece of the ciphertext, up to 1 MiB, split anywhere.
   */
  'ciphertext'?: (Buffer | Uint8Array | string);
  /**
   * As CipherDecryptRequest.associated_data; only in the first message.
   */
  'associatedData'?: (Buffer | Uint8Array | string);
}

export interface CipherDecryptStreamRequest__Output {
  /**
   * The next piece of the ciphertext, up to 1 MiB, split anywhere.
   */
  'ciphertext': (Buffer);
  /**
   * As CipherDecryptRequest.associated_data; only in the first message.
   */
  'associatedData': (Buffer);
}
