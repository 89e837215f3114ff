// Original file: proto/spike/v1/operator.proto


/**
 * One read replica.
 */
export interface DatabaseReplicaStatus {
  /**
   * The replica's host and port (never credentials).
   */
  'address'?: (string);
  /**
   * Whether it answered the last check.
   */
  'reachable'?: (boolean);
  /**
   * Replay lag behind the primary in milliseconds, as last measured.
   */
  'lagMillis'?: (number);
  /**
   * Whether reads are being sent to it (reachable and within the lag bound).
   */
  'inUse'?: (boolean);
}

/**
 * One read replica.
 */
export interface DatabaseReplicaStatus__Output {
  /**
   * The replica's host and port (never credentials).
   */
  'address': (string);
  /**
   * Whether it answered the last check.
   */
  'reachable': (boolean);
  /**
   * Replay lag behind the primary in milliseconds, as last measured.
   */
  'lagMillis': (number);
  /**
   * Whether reads are being sent to it (reachable and within the lag bound).
   */
  'inUse': (boolean);
}
