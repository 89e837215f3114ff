// Original file: proto/spike/v1/keeper.proto


/**
 * Empty: the caller is identified by its SVID.
 */
export interface KeeperStatusRequest {
}

/**
 * Empty: the caller is identified by its SVID.
 */
export interface KeeperStatusRequest__Output {
}
