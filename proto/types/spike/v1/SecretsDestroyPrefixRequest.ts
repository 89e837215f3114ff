// Original file: proto/spike/v1/secrets.proto


export interface SecretsDestroyPrefixRequest {
  /**
   * Every secret whose path starts with this is removed. Must be non-empty and end with "/", so a prefix always
   * names whole path segments ("apps/" never catches "apps-old/x").
   */
  'prefix'?: (string);
  /**
   * An admin token (from AdminTokens.Create or Operator.Bootstrap). Secret material: never logged or audited.
   */
  'adminToken'?: (string);
  /**
   * When true, nothing is removed; the response says what would be.
   */
  'dryRun'?: (boolean);
}

export interface SecretsDestroyPrefixRequest__Output {
  /**
   * Every secret whose path starts with this is removed. Must be non-empty and end with "/", so a prefix always
   * names whole path segments ("apps/" never catches "apps-old/x").
   */
  'prefix': (string);
  /**
   * An admin token (from AdminTokens.Create or Operator.Bootstrap). Secret material: never logged or audited.
   */
  'adminToken': (string);
  /**
   * When true, nothing is removed; the response says what would be.
   */
  'dryRun': (boolean);
}
