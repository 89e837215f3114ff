// The standard gRPC health service (grpc.health.v1), served by Nexus and Keepers. Service "" is the process as a
// whole; other names (e.g. "spike.v1.Secrets") report readiness of one part. Watch streams every change.
import * as grpc from "@grpc/grpc-js";
import type { HealthHandlers } from "../proto/types/grpc/health/v1/Health.js";
import type { HealthCheckResponse } from "../proto/types/grpc/health/v1/HealthCheckResponse.js";

export type ServingStatus = "SERVING" | "NOT_SERVING";

export class HealthStatus {
  private readonly statuses = new Map<string, ServingStatus>();
  private readonly watchers = new Map<string, Set<(s: HealthCheckResponse) => void>>();

  set(service: string, status: ServingStatus): void {
    if (this.statuses.get(service) === status) return;
    this.statuses.set(service, status);
    for (const watch of this.watchers.get(service) ?? []) watch({ status });
  }

  get(service: string): ServingStatus | undefined {
    return this.statuses.get(service);
  }

  handlers(): HealthHandlers {
    return {
      Check: (call, callback) => {
        const status = this.statuses.get(call.request.service);
        if (status === undefined) callback({ code: grpc.status.NOT_FOUND, details: `unknown service "${call.request.service}"` });
        else callback(null, { status });
      },
      Watch: (call) => {
        const service = call.request.service;
        const send = (s: HealthCheckResponse): void => {
          call.write(s);
        };
        const set = this.watchers.get(service) ?? new Set();
        set.add(send);
        this.watchers.set(service, set);
        call.on("cancelled", () => set.delete(send));
        send({ status: this.statuses.get(service) ?? "SERVICE_UNKNOWN" });
      },
    };
  }
}
