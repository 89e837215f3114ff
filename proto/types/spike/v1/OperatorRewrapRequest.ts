// Original file: proto/spike/v1/operator.proto


export interface OperatorRewrapRequest {
  /**
   * When true, only report on the running (or last finished) job; never start one.
   */
  'watchOnly'?: (boolean);
}

export interface OperatorRewrapRequest__Output {
  /**
   * When true, only report on the running (or last finished) job; never start one.
   */
  'watchOnly': (boolean);
}
