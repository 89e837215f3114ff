// Original file: proto/spike/v1/secrets.proto


export interface SecretsGetRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * The version to read; 0 means the current version.
   */
  'version'?: (number);
}

export interface SecretsGetRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * The version to read; 0 means the current version.
   */
  'version': (number);
}
