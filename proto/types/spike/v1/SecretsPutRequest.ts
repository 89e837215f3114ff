// Original file: proto/spike/v1/secrets.proto

import type { CustomMetadata as _spike_v1_CustomMetadata, CustomMetadata__Output as _spike_v1_CustomMetadata__Output } from '../../spike/v1/CustomMetadata.js';

export interface SecretsPutRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * The whole content of the new version: it replaces, never merges with, the previous version. At least one key,
   * at most 1000; key names follow the rule documented in the README; the encoded map is at most 512 KiB by
   * default.
   */
  'data'?: ({[key: string]: string});
  /**
   * Check-and-set: when set, the write happens only if the secret's current version equals it; 0 means "only if
   * the secret does not exist yet". Required when the secret (or the server) demands cas.
   */
  'cas'?: (number);
  /**
   * When set, replaces the secret's custom metadata in the same transaction; unset keeps it.
   */
  'customMetadata'?: (_spike_v1_CustomMetadata | null);
  '_cas'?: "cas";
}

export interface SecretsPutRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * The whole content of the new version: it replaces, never merges with, the previous version. At least one key,
   * at most 1000; key names follow the rule documented in the README; the encoded map is at most 512 KiB by
   * default.
   */
  'data': ({[key: string]: string});
  /**
   * Check-and-set: when set, the write happens only if the secret's current version equals it; 0 means "only if
   * the secret does not exist yet". Required when the secret (or the server) demands cas.
   */
  'cas'?: (number);
  /**
   * When set, replaces the secret's custom metadata in the same transaction; unset keeps it.
   */
  'customMetadata': (_spike_v1_CustomMetadata__Output | null);
  '_cas'?: "cas";
}
