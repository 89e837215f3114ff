// Original file: proto/spike/v1/operator.proto


export interface OperatorRestoreResponse {
  /**
   * Shares collected so far (including this one); 0 after a restore completes or the collection is discarded.
   */
  'collected'?: (number);
  /**
   * Shares needed to rebuild the key (k).
   */
  'needed'?: (number);
  /**
   * True when this call completed the restore: the key is rebuilt, verified and Nexus is ready.
   */
  'restored'?: (boolean);
  /**
   * The ids of the collected shares, ascending.
   */
  'collectedIds'?: (number)[];
}

export interface OperatorRestoreResponse__Output {
  /**
   * Shares collected so far (including this one); 0 after a restore completes or the collection is discarded.
   */
  'collected': (number);
  /**
   * Shares needed to rebuild the key (k).
   */
  'needed': (number);
  /**
   * True when this call completed the restore: the key is rebuilt, verified and Nexus is ready.
   */
  'restored': (boolean);
  /**
   * The ids of the collected shares, ascending.
   */
  'collectedIds': (number)[];
}
