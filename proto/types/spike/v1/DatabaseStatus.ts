// Original file: proto/spike/v1/operator.proto

import type { DatabaseReplicaStatus as _spike_v1_DatabaseReplicaStatus, DatabaseReplicaStatus__Output as _spike_v1_DatabaseReplicaStatus__Output } from '../../spike/v1/DatabaseReplicaStatus.js';

/**
 * The database as one Nexus sees it. Never contains credentials.
 */
export interface DatabaseStatus {
  /**
   * Whether the primary answered the last check.
   */
  'reachable'?: (boolean);
  /**
   * "postgres" or "pglite" (the embedded development database).
   */
  'backend'?: (string);
  /**
   * The schema version recorded in the database; 0 if unknown.
   */
  'schemaVersion'?: (number);
  /**
   * Why it is unreachable, without credentials; empty when reachable.
   */
  'error'?: (string);
  /**
   * Read replicas, in configuration order.
   */
  'replicas'?: (_spike_v1_DatabaseReplicaStatus)[];
}

/**
 * The database as one Nexus sees it. Never contains credentials.
 */
export interface DatabaseStatus__Output {
  /**
   * Whether the primary answered the last check.
   */
  'reachable': (boolean);
  /**
   * "postgres" or "pglite" (the embedded development database).
   */
  'backend': (string);
  /**
   * The schema version recorded in the database; 0 if unknown.
   */
  'schemaVersion': (number);
  /**
   * Why it is unreachable, without credentials; empty when reachable.
   */
  'error': (string);
  /**
   * Read replicas, in configuration order.
   */
  'replicas': (_spike_v1_DatabaseReplicaStatus__Output)[];
}
