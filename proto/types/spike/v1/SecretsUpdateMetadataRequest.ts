// Original file: proto/spike/v1/secrets.proto

import type { CustomMetadata as _spike_v1_CustomMetadata, CustomMetadata__Output as _spike_v1_CustomMetadata__Output } from '../../spike/v1/CustomMetadata.js';

export interface SecretsUpdateMetadataRequest {
  /**
   * Where the secret lives.
   */
  'path'?: (string);
  /**
   * When set: the new version limit; 0 returns to the server default.
   */
  'maxVersions'?: (number);
  /**
   * When set: whether writes must carry cas from now on.
   */
  'casRequired'?: (boolean);
  /**
   * When set: replaces the custom metadata (no entries clears it); unset keeps it.
   */
  'customMetadata'?: (_spike_v1_CustomMetadata | null);
  '_maxVersions'?: "maxVersions";
  '_casRequired'?: "casRequired";
}

export interface SecretsUpdateMetadataRequest__Output {
  /**
   * Where the secret lives.
   */
  'path': (string);
  /**
   * When set: the new version limit; 0 returns to the server default.
   */
  'maxVersions'?: (number);
  /**
   * When set: whether writes must carry cas from now on.
   */
  'casRequired'?: (boolean);
  /**
   * When set: replaces the custom metadata (no entries clears it); unset keeps it.
   */
  'customMetadata': (_spike_v1_CustomMetadata__Output | null);
  '_maxVersions'?: "maxVersions";
  '_casRequired'?: "casRequired";
}
