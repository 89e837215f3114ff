// Original file: proto/spike/v1/cipher.proto


export interface CipherEncryptStreamRequest {
  /**
   * The next piece of plaintext, up to 1 MiB; pieces may be any size, including empty. Secret material.
   */
  'plaintext'?: (Buffer | Uint8Array | string);
  /**
   * As CipherEncryptRequest.associated_data; only in the first message.
   */
  'associatedData'?: (Buffer | Uint8Array | string);
}

export interface CipherEncryptStreamRequest__Output {
  /**
   * The next piece of plaintext, up to 1 MiB; pieces may be any size, including empty. Secret material.
   */
  'plaintext': (Buffer);
  /**
   * As CipherEncryptRequest.associated_data; only in the first message.
   */
  'associatedData': (Buffer);
}
