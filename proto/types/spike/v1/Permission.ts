// Original file: proto/spike/v1/policies.proto

/**
 * What a policy may grant.
 */
export const Permission = {
  /**
   * Never valid in a policy; INVALID_ARGUMENT.
   */
  PERMISSION_UNSPECIFIED: 'PERMISSION_UNSPECIFIED',
  /**
   * Read secret versions and metadata.
   */
  PERMISSION_READ: 'PERMISSION_READ',
  /**
   * Write, delete, undelete and destroy secrets and change their metadata; change policies on spike/system/acl.
   */
  PERMISSION_WRITE: 'PERMISSION_WRITE',
  /**
   * See paths in listings.
   */
  PERMISSION_LIST: 'PERMISSION_LIST',
  /**
   * Use the cipher service (on spike/system/cipher/exec).
   */
  PERMISSION_EXECUTE: 'PERMISSION_EXECUTE',
  /**
   * Every permission above, on the paths the policy covers.
   */
  PERMISSION_SUPER: 'PERMISSION_SUPER',
} as const;

/**
 * What a policy may grant.
 */
export type Permission =
  /**
   * Never valid in a policy; INVALID_ARGUMENT.
   */
  | 'PERMISSION_UNSPECIFIED'
  | 0
  /**
   * Read secret versions and metadata.
   */
  | 'PERMISSION_READ'
  | 1
  /**
   * Write, delete, undelete and destroy secrets and change their metadata; change policies on spike/system/acl.
   */
  | 'PERMISSION_WRITE'
  | 2
  /**
   * See paths in listings.
   */
  | 'PERMISSION_LIST'
  | 3
  /**
   * Use the cipher service (on spike/system/cipher/exec).
   */
  | 'PERMISSION_EXECUTE'
  | 4
  /**
   * Every permission above, on the paths the policy covers.
   */
  | 'PERMISSION_SUPER'
  | 5

/**
 * What a policy may grant.
 */
export type Permission__Output = typeof Permission[keyof typeof Permission]
