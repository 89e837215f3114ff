// Original file: proto/spike/v1/operator.proto

import type { AdminToken as _spike_v1_AdminToken, AdminToken__Output as _spike_v1_AdminToken__Output } from '../../spike/v1/AdminToken.js';

export interface OperatorBootstrapResponse {
  /**
   * The first admin token. Shown once, never stored in plaintext, never returned again: keep it safe. Secret
   * material.
   */
  'adminToken'?: (string);
  /**
   * The token's metadata, as AdminTokens.List shows it.
   */
  'adminTokenInfo'?: (_spike_v1_AdminToken | null);
  /**
   * How many shares were made (n), one per Keeper.
   */
  'sharesTotal'?: (number);
  /**
   * How many shares rebuild the key (k).
   */
  'sharesNeeded'?: (number);
  /**
   * A fingerprint of the key check value (lower-case hex), to compare with backups and Status.
   */
  'keyCheckFingerprint'?: (string);
}

export interface OperatorBootstrapResponse__Output {
  /**
   * The first admin token. Shown once, never stored in plaintext, never returned again: keep it safe. Secret
   * material.
   */
  'adminToken': (string);
  /**
   * The token's metadata, as AdminTokens.List shows it.
   */
  'adminTokenInfo': (_spike_v1_AdminToken__Output | null);
  /**
   * How many shares were made (n), one per Keeper.
   */
  'sharesTotal': (number);
  /**
   * How many shares rebuild the key (k).
   */
  'sharesNeeded': (number);
  /**
   * A fingerprint of the key check value (lower-case hex), to compare with backups and Status.
   */
  'keyCheckFingerprint': (string);
}
