import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { EndpointError, parseWorkloadEndpoint } from "../../spiffe/endpoint.js";

/** Asserts that `address` is refused with an EndpointError whose message quotes the address and matches `why`. */
function refused(address: string, why: RegExp): void {
  assert.throws(
    () => parseWorkloadEndpoint(address),
    (e: unknown) => {
      assert.ok(e instanceof EndpointError, `expected EndpointError for ${JSON.stringify(address)}, got ${String(e)}`);
      assert.ok(e.message.includes(`"${address}"`), `message should quote the address: ${e.message}`);
      assert.match(e.message, why);
      return true;
    },
  );
}

describe("parseWorkloadEndpoint: accepted addresses", () => {
  test("unix:// with an absolute path becomes a grpc-js unix target", () => {
    assert.equal(parseWorkloadEndpoint("unix:///tmp/spire-agent/public/api.sock"), "unix:///tmp/spire-agent/public/api.sock");
  });

  test("unix: with a single slash is the same absolute path", () => {
    assert.equal(parseWorkloadEndpoint("unix:/run/agent.sock"), "unix:///run/agent.sock");
  });

  test("percent-encoded characters in a unix path are decoded for the socket path", () => {
    assert.equal(parseWorkloadEndpoint("unix:///tmp/a%20b/agent.sock"), "unix:///tmp/a b/agent.sock");
  });

  test("tcp with an IPv4 address and port", () => {
    assert.equal(parseWorkloadEndpoint("tcp://127.0.0.1:8081"), "127.0.0.1:8081");
  });

  test("tcp with an IPv6 address keeps its brackets", () => {
    assert.equal(parseWorkloadEndpoint("tcp://[::1]:8081"), "[::1]:8081");
  });

  test("tcp keeps the port as given (not a default-port scheme)", () => {
    assert.equal(parseWorkloadEndpoint("tcp://127.0.0.1:80"), "127.0.0.1:80");
    assert.equal(parseWorkloadEndpoint("tcp://10.1.2.3:443"), "10.1.2.3:443");
  });
});

describe("parseWorkloadEndpoint: refused addresses", () => {
  test("tcp with a host name instead of an IP", () => {
    refused("tcp://localhost:8081", /needs an IP, not a name/);
    refused("tcp://agent.example.org:8081", /needs an IP, not a name/);
  });

  test("tcp with something that only looks like an IP", () => {
    refused("tcp://1.2.3:8081", /needs an IP, not a name/);
  });

  test("tcp without a port", () => {
    refused("tcp://127.0.0.1", /needs a port/);
    refused("tcp://[::1]", /needs a port/);
  });

  test("tcp with a path", () => {
    refused("tcp://127.0.0.1:8081/agent", /has no path/);
  });

  test("a query, on either scheme", () => {
    refused("unix:///tmp/agent.sock?mode=x", /must not have a query or fragment/);
    refused("tcp://127.0.0.1:8081?x=1", /must not have a query or fragment/);
  });

  test("a fragment, on either scheme", () => {
    refused("unix:///tmp/agent.sock#frag", /must not have a query or fragment/);
    refused("tcp://127.0.0.1:8081#frag", /must not have a query or fragment/);
  });

  test("user info", () => {
    refused("tcp://user:pass@127.0.0.1:8081", /must not have user info/);
    refused("tcp://user@127.0.0.1:8081", /must not have user info/);
    refused("unix://user@localhost/tmp/agent.sock", /must not have user info/);
  });

  test("unix with an authority", () => {
    refused("unix://host/tmp/agent.sock", /a unix address has no authority/);
    refused("unix://tmp/agent.sock", /a unix address has no authority/);
  });

  test("unix without an absolute path", () => {
    refused("unix:agent.sock", /needs an absolute socket path/);
    refused("unix:///", /needs an absolute socket path/);
    refused("unix://", /needs an absolute socket path/);
  });

  test("other schemes", () => {
    refused("http://127.0.0.1:8081", /scheme must be unix or tcp/);
    refused("https://127.0.0.1:8081", /scheme must be unix or tcp/);
    refused("file:///tmp/agent.sock", /scheme must be unix or tcp/);
    refused("udp://127.0.0.1:8081", /scheme must be unix or tcp/);
  });

  test("garbage that is not a URL at all", () => {
    refused("", /is not a URL/);
    refused("garbage", /is not a URL/);
    refused("/tmp/agent.sock", /is not a URL/);
    refused("127.0.0.1:8081", /scheme must be unix or tcp|is not a URL/);
    refused("tcp://127.0.0.1:99999", /is not a URL/);
  });
});
