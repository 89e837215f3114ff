// Original file: proto/spike/v1/operator.proto


export interface OperatorBootstrapRequest {
  /**
   * A label for the first admin token (e.g. "bootstrap"); empty means "bootstrap".
   */
  'adminTokenName'?: (string);
}

export interface OperatorBootstrapRequest__Output {
  /**
   * A label for the first admin token (e.g. "bootstrap"); empty means "bootstrap".
   */
  'adminTokenName': (string);
}
