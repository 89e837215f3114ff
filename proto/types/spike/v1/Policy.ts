// Original file: proto/spike/v1/policies.proto

import type { Permission as _spike_v1_Permission, Permission__Output as _spike_v1_Permission__Output } from '../../spike/v1/Permission.js';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';

/**
 * A stored policy.
 */
export interface Policy {
  /**
   * The policy's unique name: letters, digits, "-", "_" and ".", 1 to 128 characters.
   */
  'name'?: (string);
  /**
   * Which callers it applies to, matched against the caller's SPIFFE ID.
   */
  'spiffeIdPattern'?: (string);
  /**
   * Which paths it applies to, matched against secret paths and reserved spike/system/ paths.
   */
  'pathPattern'?: (string);
  /**
   * What it grants; at least one, no duplicates, ascending.
   */
  'permissions'?: (_spike_v1_Permission)[];
  /**
   * When the policy was first created (kept across Apply).
   */
  'createdTime'?: (_google_protobuf_Timestamp | null);
  /**
   * When the policy last changed.
   */
  'updatedTime'?: (_google_protobuf_Timestamp | null);
  /**
   * The SPIFFE ID that created the policy.
   */
  'createdBy'?: (string);
  /**
   * The SPIFFE ID that last changed the policy.
   */
  'updatedBy'?: (string);
}

/**
 * A stored policy.
 */
export interface Policy__Output {
  /**
   * The policy's unique name: letters, digits, "-", "_" and ".", 1 to 128 characters.
   */
  'name': (string);
  /**
   * Which callers it applies to, matched against the caller's SPIFFE ID.
   */
  'spiffeIdPattern': (string);
  /**
   * Which paths it applies to, matched against secret paths and reserved spike/system/ paths.
   */
  'pathPattern': (string);
  /**
   * What it grants; at least one, no duplicates, ascending.
   */
  'permissions': (_spike_v1_Permission__Output)[];
  /**
   * When the policy was first created (kept across Apply).
   */
  'createdTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * When the policy last changed.
   */
  'updatedTime': (_google_protobuf_Timestamp__Output | null);
  /**
   * The SPIFFE ID that created the policy.
   */
  'createdBy': (string);
  /**
   * The SPIFFE ID that last changed the policy.
   */
  'updatedBy': (string);
}
