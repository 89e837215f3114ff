// Original file: proto/spike/v1/secrets.proto


export interface SecretsDeleteResponse {
  /**
   * The versions that went from live to deleted by this call, ascending.
   */
  'versions'?: (number)[];
}

export interface SecretsDeleteResponse__Output {
  /**
   * The versions that went from live to deleted by this call, ascending.
   */
  'versions': (number)[];
}
