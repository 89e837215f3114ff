// Original file: proto/spike/v1/secrets.proto


/**
 * A replacement for a secret's custom metadata. A message rather than a bare map so that "leave unchanged" (unset)
 * and "clear" (set, no entries) differ.
 */
export interface CustomMetadata {
  /**
   * Free-form, non-secret annotations (owner, ticket, rotation schedule). Stored in plaintext. At most 64 entries,
   * keys at most 128 bytes and values at most 512 bytes.
   */
  'entries'?: ({[key: string]: string});
}

/**
 * A replacement for a secret's custom metadata. A message rather than a bare map so that "leave unchanged" (unset)
 * and "clear" (set, no entries) differ.
 */
export interface CustomMetadata__Output {
  /**
   * Free-form, non-secret annotations (owner, ticket, rotation schedule). Stored in plaintext. At most 64 entries,
   * keys at most 128 bytes and values at most 512 bytes.
   */
  'entries': ({[key: string]: string});
}
