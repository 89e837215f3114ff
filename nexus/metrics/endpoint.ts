// The HTTP endpoint Prometheus scrapes: GET /metrics, nothing else. Plain HTTP on 127.0.0.1 by default (the
// metrics carry no secrets, but what a host runs is nobody else's business); put it elsewhere on purpose.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Log } from "../../lib/log.js";
import type { Registry } from "prom-client";

export interface MetricsEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0: any free port). A port that cannot be bound is logged, not fatal. */
export function serveMetrics(registry: Registry, host: string, port: number, log: Log): Promise<MetricsEndpoint | undefined> {
  const server: Server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: GET /metrics\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (err: unknown) => {
        log.error("metrics could not be collected", { error: String(err) });
        res.writeHead(500, { "content-type": "text/plain" }).end("metrics could not be collected\n");
      },
    );
  });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 10_000;
  return new Promise((resolve) => {
    // Metrics are not worth refusing to serve secrets: a busy port is an error in the log, and Nexus runs on.
    server.once("error", (err) => {
      log.error("metrics endpoint not started: cannot listen", { address: `${host}:${port}`, error: err.message });
      resolve(undefined);
    });
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      log.info("metrics endpoint listening", { url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}/metrics` });
      resolve({
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
