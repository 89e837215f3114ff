// Original file: proto/spike/v1/operator.proto


/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorRotateDataKeyRequest {
}

/**
 * Empty: the caller is identified by its SVID.
 */
export interface OperatorRotateDataKeyRequest__Output {
}
