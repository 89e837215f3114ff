// Original file: proto/spike/v1/secrets.proto


export interface SecretsDestroyPrefixResponse {
  /**
   * How many secrets were (or, with dry_run, would be) removed.
   */
  'secretsRemoved'?: (number);
  /**
   * How many versions went with them.
   */
  'versionsRemoved'?: (number);
}

export interface SecretsDestroyPrefixResponse__Output {
  /**
   * How many secrets were (or, with dry_run, would be) removed.
   */
  'secretsRemoved': (number);
  /**
   * How many versions went with them.
   */
  'versionsRemoved': (number);
}
