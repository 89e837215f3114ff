// Original file: proto/spike/v1/secrets.proto


export interface SecretsDeleteMetadataRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
}

export interface SecretsDeleteMetadataRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
}
