// Original file: proto/spike/v1/operator.proto


export interface OperatorRotateDataKeyResponse {
  /**
   * The new active data key.
   */
  'keyId'?: (number);
  /**
   * The data key it replaces (still used to decrypt).
   */
  'previousKeyId'?: (number);
}

export interface OperatorRotateDataKeyResponse__Output {
  /**
   * The new active data key.
   */
  'keyId': (number);
  /**
   * The data key it replaces (still used to decrypt).
   */
  'previousKeyId': (number);
}
