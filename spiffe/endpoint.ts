// Workload API endpoint addresses, as SPIFFE_Workload_Endpoint.md defines them: `unix:///absolute/path` or
// `tcp://<ip>:<port>`. Anything else is refused up front so a typo never turns into a silent hang.
import { isIP } from "node:net";

export class EndpointError extends Error {}

/** Turns a Workload API address into a grpc-js target, or throws an EndpointError that says what is wrong. */
export function parseWorkloadEndpoint(address: string): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new EndpointError(`workload endpoint "${address}" is not a URL (want unix:///path or tcp://ip:port)`);
  }
  if (url.search !== "" || url.hash !== "") {
    throw new EndpointError(`workload endpoint "${address}" must not have a query or fragment`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new EndpointError(`workload endpoint "${address}" must not have user info`);
  }
  if (url.protocol === "unix:") {
    if (url.host !== "") throw new EndpointError(`workload endpoint "${address}": a unix address has no authority`);
    if (!url.pathname.startsWith("/") || url.pathname === "/") {
      throw new EndpointError(`workload endpoint "${address}": a unix address needs an absolute socket path`);
    }
    return `unix://${decodeURIComponent(url.pathname)}`;
  }
  if (url.protocol === "tcp:") {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) === 0) throw new EndpointError(`workload endpoint "${address}": a tcp address needs an IP, not a name`);
    if (url.port === "") throw new EndpointError(`workload endpoint "${address}": a tcp address needs a port`);
    if (url.pathname !== "" && url.pathname !== "/") {
      throw new EndpointError(`workload endpoint "${address}": a tcp address has no path`);
    }
    return `${isIP(host) === 6 ? `[${host}]` : host}:${url.port}`;
  }
  throw new EndpointError(`workload endpoint "${address}": scheme must be unix or tcp`);
}
