// Original file: proto/spike/v1/backup.proto

import type { Long } from '@grpc/proto-loader';

export interface BackupRestoreResponse {
  /**
   * Rows loaded per table.
   */
  'rowCounts'?: ({[key: string]: number | string | Long});
  /**
   * The schema version of the restored data.
   */
  'schemaVersion'?: (number);
  /**
   * Which root key the restored data needs (fingerprint of its key check value); empty if never bootstrapped.
   */
  'keyCheckFingerprint'?: (string);
}

export interface BackupRestoreResponse__Output {
  /**
   * Rows loaded per table.
   */
  'rowCounts': ({[key: string]: number});
  /**
   * The schema version of the restored data.
   */
  'schemaVersion': (number);
  /**
   * Which root key the restored data needs (fingerprint of its key check value); empty if never bootstrapped.
   */
  'keyCheckFingerprint': (string);
}
