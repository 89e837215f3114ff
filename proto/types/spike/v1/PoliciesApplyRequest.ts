// Original file: proto/spike/v1/policies.proto

import type { PolicySpec as _spike_v1_PolicySpec, PolicySpec__Output as _spike_v1_PolicySpec__Output } from '../../spike/v1/PolicySpec.js';

export interface PoliciesApplyRequest {
  /**
   * The policy to create or replace, found by name.
   */
  'policy'?: (_spike_v1_PolicySpec | null);
}

export interface PoliciesApplyRequest__Output {
  /**
   * The policy to create or replace, found by name.
   */
  'policy': (_spike_v1_PolicySpec__Output | null);
}
