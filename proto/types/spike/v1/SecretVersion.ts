// Original file: proto/spike/v1/secrets.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * The state of one version of a secret. Never carries the version's data.
 */
export interface SecretVersion {
  /**
   * The version number, from 1.
   */
  'version'?: (number);
  /**
   * When the version was written.
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When the version was soft-deleted; unset while it is not deleted.
   */
  'deletedTime'?: (_google_protobuf_Timestamp | null);
  /**
   * True once the version's data is removed for good.
   */
  'destroyed'?: (boolean);
  /**
   * When the version was destroyed; unset while it is not destroyed.
   */
  'destroyedTime'?: (_google_protobuf_Timestamp | null);
}

/**
 * The state of one version of a secret. Never carries the version's data.
 */
export interface SecretVersion__Output {
  /**
   * The version number, from 1.
   */
  'version': (number);
  /**
   * When the version was written.
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the version was soft-deleted; unset while it is not deleted.
   */
  'deletedTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * True once the version's data is removed for good.
   */
  'destroyed': (boolean);
  /**
   * When the version was destroyed; unset while it is not destroyed.
   */
  'destroyedTime': (_google_protobuf_Timestamp__Output | null);
}
