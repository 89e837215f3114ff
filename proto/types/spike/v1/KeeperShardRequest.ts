// Original file: proto/spike/v1/keeper.proto


/**
 * Empty: the caller is identified by its SVID.
 */
export interface KeeperShardRequest {
}

/**
 * Empty: the caller is identified by its SVID.
 */
export interface KeeperShardRequest__Output {
}
