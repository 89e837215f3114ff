// Original file: proto/spike/v1/policies.proto

import type { Permission as _spike_v1_Permission, Permission__Output as _spike_v1_Permission__Output } from '../../spike/v1/Permission.js';

/**
 * The writable part of a policy, as given to Create and Apply.
 */
export interface PolicySpec {
  /**
   * The policy's unique name: letters, digits, "-", "_" and ".", 1 to 128 characters.
   */
  'name'?: (string);
  /**
   * Which callers it applies to; must compile and be evaluable in linear time.
   */
  'spiffeIdPattern'?: (string);
  /**
   * Which paths it applies to; must compile and be evaluable in linear time.
   */
  'pathPattern'?: (string);
  /**
   * What it grants; at least one; duplicates are merged.
   */
  'permissions'?: (_spike_v1_Permission)[];
}

/**
 * The writable part of a policy, as given to Create and Apply.
 */
export interface PolicySpec__Output {
  /**
   * The policy's unique name: letters, digits, "-", "_" and ".", 1 to 128 characters.
   */
  'name': (string);
  /**
   * Which callers it applies to; must compile and be evaluable in linear time.
   */
  'spiffeIdPattern': (string);
  /**
   * Which paths it applies to; must compile and be evaluable in linear time.
   */
  'pathPattern': (string);
  /**
   * What it grants; at least one; duplicates are merged.
   */
  'permissions': (_spike_v1_Permission__Output)[];
}
