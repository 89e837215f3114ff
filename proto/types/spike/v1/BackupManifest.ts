// Original file: proto/spike/v1/backup.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Describes one backup archive. Contains no secret material.
 */
export interface BackupManifest {
  /**
   * The manifest format; 1.
   */
  'formatVersion'?: (number);
  /**
   * When the dump was taken (its recovery point).
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The schema version (latest applied migration) of the dumped database.
   */
  'schemaVersion'?: (number);
  /**
   * A fingerprint of the key check value (lower-case hex): which root key the archive's data needs.
   */
  'keyCheckFingerprint'?: (string);
  /**
   * The root key's generation at dump time.
   */
  'rootKeyGeneration'?: (number);
  /**
   * Rows per table at dump time, keyed by table name.
   */
  'rowCounts'?: ({[key: string]: number | string | Long});
  /**
   * SHA-256 of the whole archive (lower-case hex).
   */
  'archiveSha256'?: (string);
  /**
   * The archive's length in bytes.
   */
  'archiveBytes'?: (number | string | Long);
  /**
   * How the archive is encoded: "pg_dump-custom" or "spike-logical-v1".
   */
  'archiveFormat'?: (string);
  /**
   * "postgres" or "pglite": where the dump came from.
   */
  'databaseBackend'?: (string);
  /**
   * The Nexus version that made it.
   */
  'nexusVersion'?: (string);
  /**
   * HMAC-SHA256 of the other fields under a key derived from the root key (canonical form: the backup ADR), so a
   * forged manifest is caught by whoever holds the key. Empty when the dump was taken without a root key.
   */
  'mac'?: (Buffer | Uint8Array | string);
}

/**
 * Describes one backup archive. Contains no secret material.
 */
export interface BackupManifest__Output {
  /**
   * The manifest format; 1.
   */
  'formatVersion': (number);
  /**
   * When the dump was taken (its recovery point).
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The schema version (latest applied migration) of the dumped database.
   */
  'schemaVersion': (number);
  /**
   * A fingerprint of the key check value (lower-case hex): which root key the archive's data needs.
   */
  'keyCheckFingerprint': (string);
  /**
   * The root key's generation at dump time.
   */
  'rootKeyGeneration': (number);
  /**
   * Rows per table at dump time, keyed by table name.
   */
  'rowCounts': ({[key: string]: number});
  /**
   * SHA-256 of the whole archive (lower-case hex).
   */
  'archiveSha256': (string);
  /**
   * The archive's length in bytes.
   */
  'archiveBytes': (number);
  /**
   * How the archive is encoded: "pg_dump-custom" or "spike-logical-v1".
   */
  'archiveFormat': (string);
  /**
   * "postgres" or "pglite": where the dump came from.
   */
  'databaseBackend': (string);
  /**
   * The Nexus version that made it.
   */
  'nexusVersion': (string);
  /**
   * HMAC-SHA256 of the other fields under a key derived from the root key (canonical form: the backup ADR), so a
   * forged manifest is caught by whoever holds the key. Empty when the dump was taken without a root key.
   */
  'mac': (Buffer);
}
