// Original file: proto/spike/v1/secrets.proto


export interface SecretsDestroyResponse {
  /**
   * The versions destroyed by this call, ascending.
   */
  'versions'?: (number)[];
}

export interface SecretsDestroyResponse__Output {
  /**
   * The versions destroyed by this call, ascending.
   */
  'versions': (number)[];
}
