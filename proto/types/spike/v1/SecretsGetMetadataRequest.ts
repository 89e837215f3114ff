// Original file: proto/spike/v1/secrets.proto


export interface SecretsGetMetadataRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
}

export interface SecretsGetMetadataRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
}
