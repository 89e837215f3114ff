// Original file: proto/spike/v1/policies.proto

import type { Policy as _spike_v1_Policy, Policy__Output as _spike_v1_Policy__Output } from '../../spike/v1/Policy.js';

export interface PoliciesGetResponse {
  /**
   * The policy.
   */
  'policy'?: (_spike_v1_Policy | null);
}

export interface PoliciesGetResponse__Output {
  /**
   * The policy.
   */
  'policy': (_spike_v1_Policy__Output | null);
}
