// Original file: proto/spike/v1/operator.proto


/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorRecoverRequest {
}

/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorRecoverRequest__Output {
}
