// Original file: proto/spike/v1/operator.proto


/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorStatusRequest {
}

/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorStatusRequest__Output {
}
