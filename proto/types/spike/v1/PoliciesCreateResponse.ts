// Original file: proto/spike/v1/policies.proto

import type { Policy as _spike_v1_Policy, Policy__Output as _spike_v1_Policy__Output } from '../../spike/v1/Policy.js';

export interface PoliciesCreateResponse {
  /**
   * The policy as stored.
   */
  'policy'?: (_spike_v1_Policy | null);
}

export interface PoliciesCreateResponse__Output {
  /**
   * The policy as stored.
   */
  'policy': (_spike_v1_Policy__Output | null);
}
