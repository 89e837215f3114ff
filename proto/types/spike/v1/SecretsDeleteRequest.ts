// Original file: proto/spike/v1/secrets.proto


export interface SecretsDeleteRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * The versions to soft-delete; empty means the current version.
   */
  'versions'?: (number)[];
}

export interface SecretsDeleteRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * The versions to soft-delete; empty means the current version.
   */
  'versions': (number)[];
}
