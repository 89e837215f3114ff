// Original file: proto/spike/v1/policies.proto


/**
 * Empty on success; room to grow.
 */
export interface PoliciesDeleteResponse {
}

/**
 * Empty on success; room to grow.
 */
export interface PoliciesDeleteResponse__Output {
}
