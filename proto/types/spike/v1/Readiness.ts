// Original file: proto/spike/v1/operator.proto

/**
 * Why Nexus is or is not serving.
 */
export const Readiness = {
  /**
   * Never sent.
   */
  READINESS_UNSPECIFIED: 'READINESS_UNSPECIFIED',
  /**
   * Holds a verified root key and a database: serving every RPC.
   */
  READINESS_READY: 'READINESS_READY',
  /**
   * Starting up: connecting to the database, running migrations.
   */
  READINESS_STARTING: 'READINESS_STARTING',
  /**
   * The database has never been bootstrapped: waiting for Operator.Bootstrap.
   */
  READINESS_NOT_BOOTSTRAPPED: 'READINESS_NOT_BOOTSTRAPPED',
  /**
   * Bootstrapped, but not enough shares yet (from the Keepers, or via Operator.Restore).
   */
  READINESS_WAITING_FOR_SHARES: 'READINESS_WAITING_FOR_SHARES',
  /**
   * The database cannot be reached.
   */
  READINESS_DATABASE_UNAVAILABLE: 'READINESS_DATABASE_UNAVAILABLE',
} as const;

/**
 * Why Nexus is or is not serving.
 */
export type Readiness =
  /**
   * Never sent.
   */
  | 'READINESS_UNSPECIFIED'
  | 0
  /**
   * Holds a verified root key and a database: serving every RPC.
   */
  | 'READINESS_READY'
  | 1
  /**
   * Starting up: connecting to the database, running migrations.
   */
  | 'READINESS_STARTING'
  | 2
  /**
   * The database has never been bootstrapped: waiting for Operator.Bootstrap.
   */
  | 'READINESS_NOT_BOOTSTRAPPED'
  | 3
  /**
   * Bootstrapped, but not enough shares yet (from the Keepers, or via Operator.Restore).
   */
  | 'READINESS_WAITING_FOR_SHARES'
  | 4
  /**
   * The database cannot be reached.
   */
  | 'READINESS_DATABASE_UNAVAILABLE'
  | 5

/**
 * Why Nexus is or is not serving.
 */
export type Readiness__Output = typeof Readiness[keyof typeof Readiness]
