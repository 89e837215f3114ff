// Original file: proto/spike/v1/backup.proto

import type { Long } from '@grpc/proto-loader';

export interface BackupVerifyResponse {
  /**
   * True when no problem was found.
   */
  'ok'?: (boolean);
  /**
   * Each problem found, as a sentence (checksum mismatch, truncated archive, unreadable table of contents, schema
   * newer than this Nexus, ...).
   */
  'problems'?: (string)[];
  /**
   * SHA-256 of the bytes received (lower-case hex).
   */
  'archiveSha256'?: (string);
  /**
   * How many bytes were received.
   */
  'archiveBytes'?: (number | string | Long);
  /**
   * Tables in the archive.
   */
  'tocEntries'?: (number);
  /**
   * The newest schema version this Nexus can run.
   */
  'supportedSchemaVersion'?: (number);
  /**
   * Whether the manifest's mac checked out; false when this Nexus holds no root key or the key differs.
   */
  'macVerified'?: (boolean);
}

export interface BackupVerifyResponse__Output {
  /**
   * True when no problem was found.
   */
  'ok': (boolean);
  /**
   * Each problem found, as a sentence (checksum mismatch, truncated archive, unreadable table of contents, schema
   * newer than this Nexus, ...).
   */
  'problems': (string)[];
  /**
   * SHA-256 of the bytes received (lower-case hex).
   */
  'archiveSha256': (string);
  /**
   * How many bytes were received.
   */
  'archiveBytes': (number);
  /**
   * Tables in the archive.
   */
  'tocEntries': (number);
  /**
   * The newest schema version this Nexus can run.
   */
  'supportedSchemaVersion': (number);
  /**
   * Whether the manifest's mac checked out; false when this Nexus holds no root key or the key differs.
   */
  'macVerified': (boolean);
}
