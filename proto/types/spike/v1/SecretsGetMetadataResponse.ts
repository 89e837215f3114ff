// Original file: proto/spike/v1/secrets.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { SecretVersion as _spike_v1_SecretVersion, SecretVersion__Output as _spike_v1_SecretVersion__Output } from '../../spike/v1/SecretVersion.js';

export interface SecretsGetMetadataResponse {
  /**
   * The secret's path.
   */
  'path'?: (string);
  /**
   * The highest version written so far (whatever its state); versions are never reused.
   */
  'currentVersion'?: (number);
  /**
   * The lowest version still kept (in any state).
   */
  'oldestVersion'?: (number);
  /**
   * This secret's own version limit; 0 means the server default applies.
   */
  'maxVersions'?: (number);
  /**
   * The limit in force: max_versions, or the server default when that is 0.
   */
  'effectiveMaxVersions'?: (number);
  /**
   * Whether every write to this secret must carry cas.
   */
  'casRequired'?: (boolean);
  /**
   * The secret's custom metadata (not secret; stored in plaintext).
   */
  'customMetadata'?: ({[key: string]: string});
  /**
   * When the secret was first written.
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When the secret or its metadata last changed.
   */
  'updatedTime'?: (_google_protobuf_Timestamp | null);
  /**
   * Every kept version, ascending by version.
   */
  'versions'?: (_spike_v1_SecretVersion)[];
}

export interface SecretsGetMetadataResponse__Output {
  /**
   * The secret's path.
   */
  'path': (string);
  /**
   * The highest version written so far (whatever its state); versions are never reused.
   */
  'currentVersion': (number);
  /**
   * The lowest version still kept (in any state).
   */
  'oldestVersion': (number);
  /**
   * This secret's own version limit; 0 means the server default applies.
   */
  'maxVersions': (number);
  /**
   * The limit in force: max_versions, or the server default when that is 0.
   */
  'effectiveMaxVersions': (number);
  /**
   * Whether every write to this secret must carry cas.
   */
  'casRequired': (boolean);
  /**
   * The secret's custom metadata (not secret; stored in plaintext).
   */
  'customMetadata': ({[key: string]: string});
  /**
   * When the secret was first written.
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the secret or its metadata last changed.
   */
  'updatedTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * Every kept version, ascending by version.
   */
  'versions': (_spike_v1_SecretVersion__Output)[];
}
