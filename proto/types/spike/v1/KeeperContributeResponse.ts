// Original file: proto/spike/v1/keeper.proto


export interface KeeperContributeResponse {
  /**
   * True when the Keeper already held exactly this share (a re-seed that changed nothing).
   */
  'unchanged'?: (boolean);
}

export interface KeeperContributeResponse__Output {
  /**
   * True when the Keeper already held exactly this share (a re-seed that changed nothing).
   */
  'unchanged': (boolean);
}
