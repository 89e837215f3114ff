// Original file: proto/spike/v1/operator.proto

import type { Share as _spike_v1_Share, Share__Output as _spike_v1_Share__Output } from '../../spike/v1/Share.js';

export interface OperatorRecoverResponse {
  /**
   * All n shares, ascending by id. Secret material: write each to its own protected file, never log.
   */
  'shares'?: (_spike_v1_Share)[];
  /**
   * How many of them rebuild the key (k).
   */
  'sharesNeeded'?: (number);
  /**
   * Which root key they are shares of.
   */
  'rootKeyGeneration'?: (number);
  /**
   * A fingerprint of that key's check value (lower-case hex).
   */
  'keyCheckFingerprint'?: (string);
}

export interface OperatorRecoverResponse__Output {
  /**
   * All n shares, ascending by id. Secret material: write each to its own protected file, never log.
   */
  'shares': (_spike_v1_Share__Output)[];
  /**
   * How many of them rebuild the key (k).
   */
  'sharesNeeded': (number);
  /**
   * Which root key they are shares of.
   */
  'rootKeyGeneration': (number);
  /**
   * A fingerprint of that key's check value (lower-case hex).
   */
  'keyCheckFingerprint': (string);
}
