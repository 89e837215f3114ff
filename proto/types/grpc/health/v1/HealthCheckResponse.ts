// Original file: proto/grpc/health/v1/health.proto


// Original file: proto/grpc/health/v1/health.proto

/**
 * Whether a service can take calls.
 */
export const _grpc_health_v1_HealthCheckResponse_ServingStatus = {
  /**
   * Not yet known.
   */
  UNKNOWN: 'UNKNOWN',
  /**
   * Taking calls.
   */
  SERVING: 'SERVING',
  /**
   * Up, but not taking calls (for Nexus: not ready).
   */
  NOT_SERVING: 'NOT_SERVING',
  /**
   * Only sent by Watch: the server does not know the requested service.
   */
  SERVICE_UNKNOWN: 'SERVICE_UNKNOWN',
} as const;

/**
 * Whether a service can take calls.
 */
export type _grpc_health_v1_HealthCheckResponse_ServingStatus =
  /**
   * Not yet known.
   */
  | 'UNKNOWN'
  | 0
  /**
   * Taking calls.
   */
  | 'SERVING'
  | 1
  /**
   * Up, but not taking calls (for Nexus: not ready).
   */
  | 'NOT_SERVING'
  | 2
  /**
   * Only sent by Watch: the server does not know the requested service.
   */
  | 'SERVICE_UNKNOWN'
  | 3

/**
 * Whether a service can take calls.
 */
export type _grpc_health_v1_HealthCheckResponse_ServingStatus__Output = typeof _grpc_health_v1_HealthCheckResponse_ServingStatus[keyof typeof _grpc_health_v1_HealthCheckResponse_ServingStatus]

export interface HealthCheckResponse {
  /**
   * The service's status.
   */
  'status'?: (_grpc_health_v1_HealthCheckResponse_ServingStatus);
}

export interface HealthCheckResponse__Output {
  /**
   * The service's status.
   */
  'status': (_grpc_health_v1_HealthCheckResponse_ServingStatus__Output);
}
