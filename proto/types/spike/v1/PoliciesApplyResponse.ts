// Original file: proto/spike/v1/policies.proto

import type { Policy as _spike_v1_Policy, Policy__Output as _spike_v1_Policy__Output } from '../../spike/v1/Policy.js';

export interface PoliciesApplyResponse {
  /**
   * The policy as stored.
   */
  'policy'?: (_spike_v1_Policy | null);
  /**
   * True when no policy had this name before.
   */
  'created'?: (boolean);
}

export interface PoliciesApplyResponse__Output {
  /**
   * The policy as stored.
   */
  'policy': (_spike_v1_Policy__Output | null);
  /**
   * True when no policy had this name before.
   */
  'created': (boolean);
}
