// Original file: proto/spike/v1/policies.proto


export interface PoliciesGetRequest {
  /**
   * The policy's name.
   */
  'name'?: (string);
}

export interface PoliciesGetRequest__Output {
  /**
   * The policy's name.
   */
  'name': (string);
}
