// Original file: proto/spike/v1/backup.proto


/**
 * Empty: a backup always holds the whole schema, audit log included; room to grow.
 */
export interface BackupCreateRequest {
}

/**
 * Empty: a backup always holds the whole schema, audit log included; room to grow.
 */
export interface BackupCreateRequest__Output {
}
