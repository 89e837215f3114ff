// Original file: proto/spike/v1/admin_tokens.proto

import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from '../../spike/v1/AdminToken.js';

export interface AdminTokensRevokeResponse {
  /**
   * The revoked token's metadata.
   */
  'info'?: (_spike_v1_AdminToken | null);
}

export interface AdminTokensRevokeResponse__Output {
  /**
   * The revoked token's metadata.
   */
  'info': (_spike_v1_AdminToken__Output | null);
}
