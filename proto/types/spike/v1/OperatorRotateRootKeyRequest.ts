// Original file: proto/spike/v1/operator.proto


export interface OperatorRotateRootKeyRequest {
  /**
   * An admin token (from AdminTokens.Create or Operator.Bootstrap). Secret material: never logged or audited.
   */
  'adminToken'?: (string);
}

export interface OperatorRotateRootKeyRequest__Output {
  /**
   * An admin token (from AdminTokens.Create or Operator.Bootstrap). Secret material: never logged or audited.
   */
  'adminToken': (string);
}
