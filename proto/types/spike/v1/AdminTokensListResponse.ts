// Original file: proto/spike/v1/admin_tokens.proto

import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from '../../spike/v1/AdminToken.js';

export interface AdminTokensListResponse {
  /**
   * Token metadata, newest first.
   */
  'tokens'?: (_spike_v1_AdminToken)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken'?: (string);
}

export interface AdminTokensListResponse__Output {
  /**
   * Token metadata, newest first.
   */
  'tokens': (_spike_v1_AdminToken__Output)[];
  /**
   * Pass it back to get the next page; empty when there is none.
   */
  'nextPageToken': (string);
}
