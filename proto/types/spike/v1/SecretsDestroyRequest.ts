// Original file: proto/spike/v1/secrets.proto


export interface SecretsDestroyRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * The versions whose data to remove for good; must not be empty (there is no implicit "current" for an
   * irreversible operation).
   */
  'versions'?: (number)[];
}

export interface SecretsDestroyRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * The versions whose data to remove for good; must not be empty (there is no implicit "current" for an
   * irreversible operation).
   */
  'versions': (number)[];
}
