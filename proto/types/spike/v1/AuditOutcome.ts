// Original file: proto/spike/v1/audit.proto

/**
 * How an audited call ended.
 */
export const AuditOutcome = {
  /**
   * Never written.
   */
  AUDIT_OUTCOME_UNSPECIFIED: 'AUDIT_OUTCOME_UNSPECIFIED',
  /**
   * The call succeeded.
   */
  AUDIT_OUTCOME_OK: 'AUDIT_OUTCOME_OK',
  /**
   * Authorization refused the call (PERMISSION_DENIED).
   */
  AUDIT_OUTCOME_DENIED: 'AUDIT_OUTCOME_DENIED',
  /**
   * The call failed after authorization; status_code says how.
   */
  AUDIT_OUTCOME_ERROR: 'AUDIT_OUTCOME_ERROR',
} as const;

/**
 * How an audited call ended.
 */
export type AuditOutcome =
  /**
   * Never written.
   */
  | 'AUDIT_OUTCOME_UNSPECIFIED'
  | 0
  /**
   * The call succeeded.
   */
  | 'AUDIT_OUTCOME_OK'
  | 1
  /**
   * Authorization refused the call (PERMISSION_DENIED).
   */
  | 'AUDIT_OUTCOME_DENIED'
  | 2
  /**
   * The call failed after authorization; status_code says how.
   */
  | 'AUDIT_OUTCOME_ERROR'
  | 3

/**
 * How an audited call ended.
 */
export type AuditOutcome__Output = typeof AuditOutcome[keyof typeof AuditOutcome]
