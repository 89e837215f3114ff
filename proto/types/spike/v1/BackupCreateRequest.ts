// Original file: proto/spike/v1/backup.proto


/**
 * A backup always holds the whole schema, audit log included.
 */
export interface BackupCreateRequest {
  /**
   * The archive format: "pg_dump-custom" (PostgreSQL's `pg_dump -Fc` of Nexus's schema, run by Nexus; PostgreSQL
   * only) or "spike-logical-v1" (Nexus's own format; PostgreSQL and the embedded PGlite). Empty: pg_dump-custom on
   * PostgreSQL, spike-logical-v1 on PGlite.
   */
  'format'?: (string);
}

/**
 * A backup always holds the whole schema, audit log included.
 */
export interface BackupCreateRequest__Output {
  /**
   * The archive format: "pg_dump-custom" (PostgreSQL's `pg_dump -Fc` of Nexus's schema, run by Nexus; PostgreSQL
   * only) or "spike-logical-v1" (Nexus's own format; PostgreSQL and the embedded PGlite). Empty: pg_dump-custom on
   * PostgreSQL, spike-logical-v1 on PGlite.
   */
  'format': (string);
}
