// Original file: proto/spike/v1/secrets.proto


export interface SecretsUndeleteResponse {
  /**
   * The versions that went from deleted to live by this call, ascending.
   */
  'versions'?: (number)[];
}

export interface SecretsUndeleteResponse__Output {
  /**
   * The versions that went from deleted to live by this call, ascending.
   */
  'versions': (number)[];
}
