// Original file: proto/spike/v1/backup.proto

import type { Long } from '@grpc/proto-loader';

export interface BackupDrillResult {
  /**
   * True when every check passed: checksum, schema, key check, every version decrypted, audit chain intact.
   */
  'ok'?: (boolean);
  /**
   * Each problem found, as a sentence.
   */
  'problems'?: (string)[];
  /**
   * Secrets in the restored database.
   */
  'secrets'?: (number);
  /**
   * Secret versions holding data (not destroyed) in the restored database.
   */
  'versionsTotal'?: (number);
  /**
   * Of those, how many decrypted and authenticated; ok requires all.
   */
  'versionsDecrypted'?: (number);
  /**
   * Whether the restored audit chain verified.
   */
  'auditChainOk'?: (boolean);
  /**
   * Audit records checked.
   */
  'auditRecords'?: (number | string | Long);
  /**
   * The restored database's schema version.
   */
  'schemaVersion'?: (number);
  /**
   * Recovery point objective achieved: the dump's age when the drill started, in seconds.
   */
  'rpoSeconds'?: (number);
  /**
   * Recovery time objective measured: from the end of the upload to a verified, readable restore, in milliseconds.
   */
  'rtoMillis'?: (number);
}

export interface BackupDrillResult__Output {
  /**
   * True when every check passed: checksum, schema, key check, every version decrypted, audit chain intact.
   */
  'ok': (boolean);
  /**
   * Each problem found, as a sentence.
   */
  'problems': (string)[];
  /**
   * Secrets in the restored database.
   */
  'secrets': (number);
  /**
   * Secret versions holding data (not destroyed) in the restored database.
   */
  'versionsTotal': (number);
  /**
   * Of those, how many decrypted and authenticated; ok requires all.
   */
  'versionsDecrypted': (number);
  /**
   * Whether the restored audit chain verified.
   */
  'auditChainOk': (boolean);
  /**
   * Audit records checked.
   */
  'auditRecords': (number);
  /**
   * The restored database's schema version.
   */
  'schemaVersion': (number);
  /**
   * Recovery point objective achieved: the dump's age when the drill started, in seconds.
   */
  'rpoSeconds': (number);
  /**
   * Recovery time objective measured: from the end of the upload to a verified, readable restore, in milliseconds.
   */
  'rtoMillis': (number);
}
