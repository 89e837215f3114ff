// Original file: proto/spike/v1/common.proto


/**
 * One Shamir share of the root key. Secret material: never logged, never audited.
 */
export interface Share {
  /**
   * The share's x coordinate, 1..n; 0 is never valid.
   */
  'id'?: (number);
  /**
   * The share's y coordinate: a 32-byte big-endian scalar of the P-256 field, never all zeros.
   */
  'value'?: (Buffer | Uint8Array | string);
}

/**
 * One Shamir share of the root key. Secret material: never logged, never audited.
 */
export interface Share__Output {
  /**
   * The share's x coordinate, 1..n; 0 is never valid.
   */
  'id': (number);
  /**
   * The share's y coordinate: a 32-byte big-endian scalar of the P-256 field, never all zeros.
   */
  'value': (Buffer);
}
