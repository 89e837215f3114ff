// Original file: proto/spike/v1/policies.proto


export interface PoliciesDeleteRequest {
  /**
   * The policy's name.
   */
  'name'?: (string);
}

export interface PoliciesDeleteRequest__Output {
  /**
   * The policy's name.
   */
  'name': (string);
}
