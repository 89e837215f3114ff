// Original file: proto/spike/v1/admin_tokens.proto

import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from '../../spike/v1/AdminToken.js';

export interface AdminTokensCreateResponse {
  /**
   * The new token. Shown once, never returned again: keep it safe. Secret material.
   */
  'token'?: (string);
  /**
   * Its metadata, as List shows it.
   */
  'info'?: (_spike_v1_AdminToken | null);
}

export interface AdminTokensCreateResponse__Output {
  /**
   * The new token. Shown once, never returned again: keep it safe. Secret material.
   */
  'token': (string);
  /**
   * Its metadata, as List shows it.
   */
  'info': (_spike_v1_AdminToken__Output | null);
}
