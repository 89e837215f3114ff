// Original file: proto/spike/v1/secrets.proto


export interface SecretsDeleteMetadataResponse {
  /**
   * How many versions were removed with the secret.
   */
  'versionsRemoved'?: (number);
}

export interface SecretsDeleteMetadataResponse__Output {
  /**
   * How many versions were removed with the secret.
   */
  'versionsRemoved': (number);
}
