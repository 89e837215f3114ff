// Original file: proto/grpc/health/v1/health.proto


export interface HealthCheckRequest {
  /**
   * The service to check: "" for the whole server, otherwise a fully qualified service name.
   */
  'service'?: (string);
}

export interface HealthCheckRequest__Output {
  /**
   * The service to check: "" for the whole server, otherwise a fully qualified service name.
   */
  'service': (string);
}
