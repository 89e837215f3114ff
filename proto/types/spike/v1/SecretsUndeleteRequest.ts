// Original file: proto/spike/v1/secrets.proto


export interface SecretsUndeleteRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * The versions to bring back; empty means the current version, or the highest deleted version when the current
   * one is not deleted.
   */
  'versions'?: (number)[];
}

export interface SecretsUndeleteRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * The versions to bring back; empty means the current version, or the highest deleted version when the current
   * one is not deleted.
   */
  'versions': (number)[];
}
