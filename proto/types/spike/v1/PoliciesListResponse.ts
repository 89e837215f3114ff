// Original file: proto/spike/v1/policies.proto

import type { Policy as _spike_v1_Policy, Policy__Output as _spike_v1_Policy__Output } from '../../spike/v1/Policy.js';

export interface PoliciesListResponse {
  /**
   * Matching policies in ascending name order.
   */
  'policies'?: (_spike_v1_Policy)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken'?: (string);
}

export interface PoliciesListResponse__Output {
  /**
   * Matching policies in ascending name order.
   */
  'policies': (_spike_v1_Policy__Output)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken': (string);
}
