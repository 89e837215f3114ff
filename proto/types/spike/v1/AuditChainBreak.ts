// Original file: proto/spike/v1/audit.proto

/**
 * What can be wrong with the chain at a record.
 */
export const AuditChainBreak = {
  /**
   * The chain is intact.
   */
  AUDIT_CHAIN_BREAK_UNSPECIFIED: 'AUDIT_CHAIN_BREAK_UNSPECIFIED',
  /**
   * The record's hash does not match its fields: it was edited.
   */
  AUDIT_CHAIN_BREAK_EDITED: 'AUDIT_CHAIN_BREAK_EDITED',
  /**
   * The record's prev_hash does not match the record before it: a record was inserted or replaced before it.
   */
  AUDIT_CHAIN_BREAK_RELINKED: 'AUDIT_CHAIN_BREAK_RELINKED',
  /**
   * A sequence number is missing: a record was deleted.
   */
  AUDIT_CHAIN_BREAK_MISSING: 'AUDIT_CHAIN_BREAK_MISSING',
  /**
   * The oldest kept record does not follow the anchor.
   */
  AUDIT_CHAIN_BREAK_ANCHOR: 'AUDIT_CHAIN_BREAK_ANCHOR',
} as const;

/**
 * What can be wrong with the chain at a record.
 */
export type AuditChainBreak =
  /**
   * The chain is intact.
   */
  | 'AUDIT_CHAIN_BREAK_UNSPECIFIED'
  | 0
  /**
   * The record's hash does not match its fields: it was edited.
   */
  | 'AUDIT_CHAIN_BREAK_EDITED'
  | 1
  /**
   * The record's prev_hash does not match the record before it: a record was inserted or replaced before it.
   */
  | 'AUDIT_CHAIN_BREAK_RELINKED'
  | 2
  /**
   * A sequence number is missing: a record was deleted.
   */
  | 'AUDIT_CHAIN_BREAK_MISSING'
  | 3
  /**
   * The oldest kept record does not follow the anchor.
   */
  | 'AUDIT_CHAIN_BREAK_ANCHOR'
  | 4

/**
 * What can be wrong with the chain at a record.
 */
export type AuditChainBreak__Output = typeof AuditChainBreak[keyof typeof AuditChainBreak]
