import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import {
  ConfigError,
  duration,
  listenAddress,
  parseDurationMs,
  parseEnv,
  positiveInt,
  trustDomains,
  type Env,
} from "../../lib/env.js";
import { loadNexusConfig } from "../../nexus/config.js";
import { loadKeeperConfig } from "../../keeper/config.js";
import { loadPilotConfig } from "../../pilot/config.js";

/** Asserts that `load(env)` stops with a ConfigError with a line `  VARIABLE: ...` for each of `names`. */
function failsNaming(load: (env: Env) => unknown, env: Env, names: readonly string[], detail?: RegExp): void {
  assert.throws(
    () => load(env),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
      assert.match(e.message, /^invalid configuration\n/);
      for (const name of names) {
        assert.match(e.message, new RegExp(`^  ${name}: `, "m"), `message should name ${name}: ${e.message}`);
      }
      if (detail !== undefined) assert.match(e.message, detail);
      return true;
    },
  );
}

const DEFAULT_DEV_DIR = join(homedir(), ".spike", "dev");

/** The named fields of a parsed configuration; a field the object lacks shows up as missing in the comparison. */
function pick(cfg: object, keys: readonly string[]): Record<string, unknown> {
  const entries = Object.entries(cfg).filter(([k]) => keys.includes(k));
  return Object.fromEntries(entries);
}

describe("parseDurationMs", () => {
  test("Go-style durations", () => {
    assert.equal(parseDurationMs("500ms"), 500);
    assert.equal(parseDurationMs("30s"), 30_000);
    assert.equal(parseDurationMs("5m"), 300_000);
    assert.equal(parseDurationMs("2h"), 7_200_000);
    assert.equal(parseDurationMs("1h30m"), 5_400_000);
    assert.equal(parseDurationMs("1m30s250ms"), 90_250);
    assert.equal(parseDurationMs("1.5s"), 1500);
  });

  test("a bare number is milliseconds", () => {
    assert.equal(parseDurationMs("250"), 250);
    assert.equal(parseDurationMs("0"), 0);
  });

  for (const bad of ["", "soon", "5x", "s", "ms", "-5s", "30S", " 30s", "30s ", "1h 30m", "5 m", "1e3ms", "30sec"]) {
    test(`refuses ${JSON.stringify(bad)} with a message quoting it`, () => {
      assert.throws(() => parseDurationMs(bad), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.ok(e.message.includes(`"${bad}" is not a duration`), e.message);
        return true;
      });
    });
  }
});

describe("zod helpers through parseEnv", () => {
  const schema = z.object({
    TIMEOUT: duration("30s"),
    LISTEN: listenAddress(":8553"),
    DOMAINS: trustDomains("spike.ist"),
    COUNT: positiveInt(3, 10),
  });

  test("defaults when unset", () => {
    assert.deepEqual(parseEnv(schema, {}), { TIMEOUT: 30_000, LISTEN: "0.0.0.0:8553", DOMAINS: ["spike.ist"], COUNT: 3 });
  });

  test("given values", () => {
    assert.deepEqual(parseEnv(schema, { TIMEOUT: "1h30m", LISTEN: "[::1]:9000", DOMAINS: "a.org", COUNT: "10" }), {
      TIMEOUT: 5_400_000,
      LISTEN: "[::1]:9000",
      DOMAINS: ["a.org"],
      COUNT: 10,
    });
    assert.equal(parseEnv(schema, { LISTEN: "127.0.0.1:1" }).LISTEN, "127.0.0.1:1");
  });

  test("a zero duration is refused, written either way", () => {
    failsNaming((env) => parseEnv(schema, env), { TIMEOUT: "0s" }, ["TIMEOUT"], /"0s" must be longer than zero/);
    failsNaming((env) => parseEnv(schema, env), { TIMEOUT: "0" }, ["TIMEOUT"], /"0" must be longer than zero/);
  });

  test("listen addresses that are not host:port are refused", () => {
    for (const bad of ["nope", "8553", "127.0.0.1", "127.0.0.1:70000", "127.0.0.1:"]) {
      failsNaming((env) => parseEnv(schema, env), { LISTEN: bad }, ["LISTEN"], /is not host:port or :port/);
    }
  });

  test("counts outside their range are refused", () => {
    failsNaming((env) => parseEnv(schema, env), { COUNT: "0" }, ["COUNT"]);
    failsNaming((env) => parseEnv(schema, env), { COUNT: "11" }, ["COUNT"]);
    failsNaming((env) => parseEnv(schema, env), { COUNT: "2.5" }, ["COUNT"]);
  });

  test("every bad variable is named, not just the first", () => {
    failsNaming((env) => parseEnv(schema, env), { TIMEOUT: "soon", LISTEN: "nope", COUNT: "0" }, ["TIMEOUT", "LISTEN", "COUNT"]);
  });

  test("a required variable that is missing is named", () => {
    failsNaming((env) => parseEnv(z.object({ NEEDED: z.string() }), env), {}, ["NEEDED"]);
  });

  test("the environment object is not the parsed result: unknown variables are dropped", () => {
    const parsed: Record<string, unknown> = parseEnv(schema, { UNRELATED: "x" });
    assert.equal(parsed.UNRELATED, undefined);
  });
});

describe("program configuration: defaults from an empty environment", () => {
  // Compared field by field (not the whole object) so that variables later issues add do not break these tests.
  const IDENTITY_DEFAULTS = {
    SPIKE_SPIFFE_SOURCE_TIMEOUT: 30_000,
    SPIKE_DEV_DIR: DEFAULT_DEV_DIR,
    SPIKE_TRUST_ROOT: ["spike.ist"],
  };

  test("nexus", () => {
    const cfg = loadNexusConfig({});
    assert.deepEqual(pick(cfg, [...Object.keys(IDENTITY_DEFAULTS), "SPIKE_NEXUS_TLS_PORT", "SPIKE_LOG_LEVEL"]), {
      ...IDENTITY_DEFAULTS,
      SPIKE_NEXUS_TLS_PORT: "0.0.0.0:8553",
      SPIKE_LOG_LEVEL: 3,
    });
  });

  test("keeper", () => {
    const cfg = loadKeeperConfig({});
    assert.deepEqual(pick(cfg, [...Object.keys(IDENTITY_DEFAULTS), "SPIKE_KEEPER_TLS_PORT", "SPIKE_KEEPER_DEV_NAME"]), {
      ...IDENTITY_DEFAULTS,
      SPIKE_KEEPER_TLS_PORT: "0.0.0.0:8443",
      SPIKE_KEEPER_DEV_NAME: "keeper-1",
    });
  });

  test("pilot", () => {
    const cfg = loadPilotConfig({});
    assert.deepEqual(pick(cfg, [...Object.keys(IDENTITY_DEFAULTS), "SPIKE_NEXUS_API_URL"]), {
      ...IDENTITY_DEFAULTS,
      SPIKE_NEXUS_API_URL: "127.0.0.1:8553",
    });
  });

  test("no SVID source variables appear when unset", () => {
    const cfg = loadNexusConfig({});
    assert.equal(cfg.SPIFFE_ENDPOINT_SOCKET, undefined);
    assert.equal(cfg.SPIKE_SVID_CERT_FILE, undefined);
    assert.equal(cfg.SPIKE_SVID_KEY_FILE, undefined);
    assert.equal(cfg.SPIKE_SVID_BUNDLE_FILE, undefined);
  });
});

describe("program configuration: given values", () => {
  test("identity variables are shared by every program", () => {
    const env = {
      SPIFFE_ENDPOINT_SOCKET: "unix:///tmp/agent.sock",
      SPIKE_SPIFFE_SOURCE_TIMEOUT: "5s",
      SPIKE_DEV_DIR: "/var/lib/spike-dev",
      SPIKE_TRUST_ROOT: "spike.ist,other.org",
      SPIKE_SVID_CERT_FILE: "/etc/svid.pem",
      SPIKE_SVID_KEY_FILE: "/etc/svid_key.pem",
      SPIKE_SVID_BUNDLE_FILE: "/etc/bundle.pem",
    };
    for (const cfg of [loadNexusConfig(env), loadKeeperConfig(env), loadPilotConfig(env)]) {
      assert.equal(cfg.SPIFFE_ENDPOINT_SOCKET, "unix:///tmp/agent.sock");
      assert.equal(cfg.SPIKE_SPIFFE_SOURCE_TIMEOUT, 5000);
      assert.equal(cfg.SPIKE_DEV_DIR, "/var/lib/spike-dev");
      assert.deepEqual(cfg.SPIKE_TRUST_ROOT, ["spike.ist", "other.org"]);
      assert.equal(cfg.SPIKE_SVID_CERT_FILE, "/etc/svid.pem");
      assert.equal(cfg.SPIKE_SVID_KEY_FILE, "/etc/svid_key.pem");
      assert.equal(cfg.SPIKE_SVID_BUNDLE_FILE, "/etc/bundle.pem");
    }
  });

  test("SPIKE_DEV_DIR expands ~ and resolves relative paths", () => {
    assert.equal(loadNexusConfig({ SPIKE_DEV_DIR: "~/spike-dev" }).SPIKE_DEV_DIR, join(homedir(), "spike-dev"));
    assert.equal(loadNexusConfig({ SPIKE_DEV_DIR: "~" }).SPIKE_DEV_DIR, homedir());
    assert.equal(loadNexusConfig({ SPIKE_DEV_DIR: "rel/dir" }).SPIKE_DEV_DIR, join(process.cwd(), "rel", "dir"));
  });

  test("nexus listen address and log level", () => {
    const cfg = loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "127.0.0.1:9553", SPIKE_LOG_LEVEL: "debug" });
    assert.equal(cfg.SPIKE_NEXUS_TLS_PORT, "127.0.0.1:9553");
    assert.equal(cfg.SPIKE_LOG_LEVEL, 2);
    assert.equal(loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: ":1" }).SPIKE_NEXUS_TLS_PORT, "0.0.0.0:1");
    assert.equal(loadNexusConfig({ SPIKE_LOG_LEVEL: "WARN" }).SPIKE_LOG_LEVEL, 4);
  });

  test("keeper listen address and dev name", () => {
    const cfg = loadKeeperConfig({ SPIKE_KEEPER_TLS_PORT: ":9443", SPIKE_KEEPER_DEV_NAME: "keeper-2" });
    assert.equal(cfg.SPIKE_KEEPER_TLS_PORT, "0.0.0.0:9443");
    assert.equal(cfg.SPIKE_KEEPER_DEV_NAME, "keeper-2");
  });

  test("pilot accepts host:port and upstream's https:// form for Nexus", () => {
    assert.equal(loadPilotConfig({ SPIKE_NEXUS_API_URL: "nexus.example:8553" }).SPIKE_NEXUS_API_URL, "nexus.example:8553");
    assert.equal(loadPilotConfig({ SPIKE_NEXUS_API_URL: "https://nexus.example:8553/" }).SPIKE_NEXUS_API_URL, "nexus.example:8553");
    assert.equal(loadPilotConfig({ SPIKE_NEXUS_API_URL: "[::1]:8553" }).SPIKE_NEXUS_API_URL, "[::1]:8553");
  });
});

describe("program configuration: trust domain lists", () => {
  test("a comma list is split, trimmed and de-duplicated, in order", () => {
    assert.deepEqual(loadNexusConfig({ SPIKE_TRUST_ROOT: "a.org, b.org,a.org , c.org" }).SPIKE_TRUST_ROOT, ["a.org", "b.org", "c.org"]);
  });

  test("a spiffe:// trust domain ID is reduced to its name", () => {
    assert.deepEqual(loadKeeperConfig({ SPIKE_TRUST_ROOT: "spiffe://spike.ist,other.org" }).SPIKE_TRUST_ROOT, ["spike.ist", "other.org"]);
  });

  test("an invalid member anywhere in the list stops the program", () => {
    failsNaming(loadNexusConfig, { SPIKE_TRUST_ROOT: "Bad_Domain" }, ["SPIKE_TRUST_ROOT"], /Bad_Domain/);
    failsNaming(loadNexusConfig, { SPIKE_TRUST_ROOT: "spike.ist,Bad_Domain" }, ["SPIKE_TRUST_ROOT"], /Bad_Domain/);
    failsNaming(loadPilotConfig, { SPIKE_TRUST_ROOT: "spike.ist/path" }, ["SPIKE_TRUST_ROOT"]);
    failsNaming(loadKeeperConfig, { SPIKE_TRUST_ROOT: "spike.ist:8443" }, ["SPIKE_TRUST_ROOT"]);
  });

  test("an empty member (trailing comma) is refused", () => {
    failsNaming(loadNexusConfig, { SPIKE_TRUST_ROOT: "spike.ist," }, ["SPIKE_TRUST_ROOT"]);
    failsNaming(loadNexusConfig, { SPIKE_TRUST_ROOT: "," }, ["SPIKE_TRUST_ROOT"]);
  });
});

describe("program configuration: bad values stop with a ConfigError naming the variable", () => {
  test("SPIKE_SPIFFE_SOURCE_TIMEOUT=soon, for every program", () => {
    for (const load of [loadNexusConfig, loadKeeperConfig, loadPilotConfig]) {
      failsNaming(load, { SPIKE_SPIFFE_SOURCE_TIMEOUT: "soon" }, ["SPIKE_SPIFFE_SOURCE_TIMEOUT"], /"soon" is not a duration/);
    }
  });

  test("SPIKE_SPIFFE_SOURCE_TIMEOUT=0s", () => {
    failsNaming(loadNexusConfig, { SPIKE_SPIFFE_SOURCE_TIMEOUT: "0s" }, ["SPIKE_SPIFFE_SOURCE_TIMEOUT"], /must be longer than zero/);
  });

  test("SPIKE_NEXUS_TLS_PORT=nope", () => {
    failsNaming(loadNexusConfig, { SPIKE_NEXUS_TLS_PORT: "nope" }, ["SPIKE_NEXUS_TLS_PORT"], /"nope" is not host:port/);
  });

  test("SPIKE_NEXUS_TLS_PORT with a port above 65535", () => {
    failsNaming(loadNexusConfig, { SPIKE_NEXUS_TLS_PORT: "127.0.0.1:70000" }, ["SPIKE_NEXUS_TLS_PORT"]);
  });

  test("SPIKE_LOG_LEVEL=loud", () => {
    failsNaming(loadNexusConfig, { SPIKE_LOG_LEVEL: "loud" }, ["SPIKE_LOG_LEVEL"], /"loud" is not one of .*debug/);
  });

  test("SPIKE_NEXUS_AUDIT_READ_COMMIT: async by default, sync on request, anything else refused (ADR 0031)", () => {
    assert.equal(loadNexusConfig({}).SPIKE_NEXUS_AUDIT_READ_COMMIT, "async");
    assert.equal(loadNexusConfig({ SPIKE_NEXUS_AUDIT_READ_COMMIT: "sync" }).SPIKE_NEXUS_AUDIT_READ_COMMIT, "sync");
    assert.equal(loadNexusConfig({ SPIKE_NEXUS_AUDIT_READ_COMMIT: "async" }).SPIKE_NEXUS_AUDIT_READ_COMMIT, "async");
    for (const bad of ["off", "SYNC", "on", "local"]) {
      failsNaming(loadNexusConfig, { SPIKE_NEXUS_AUDIT_READ_COMMIT: bad }, ["SPIKE_NEXUS_AUDIT_READ_COMMIT"], /must be "async" or "sync"/);
    }
  });

  test("SPIKE_NEXUS_API_URL=not a url", () => {
    failsNaming(loadPilotConfig, { SPIKE_NEXUS_API_URL: "not a url" }, ["SPIKE_NEXUS_API_URL"], /"not a url" is not host:port/);
    failsNaming(loadPilotConfig, { SPIKE_NEXUS_API_URL: "http://nexus:8553" }, ["SPIKE_NEXUS_API_URL"]);
    failsNaming(loadPilotConfig, { SPIKE_NEXUS_API_URL: "nexus" }, ["SPIKE_NEXUS_API_URL"]);
  });

  test("SPIKE_KEEPER_TLS_PORT and SPIKE_KEEPER_DEV_NAME", () => {
    failsNaming(loadKeeperConfig, { SPIKE_KEEPER_TLS_PORT: "nope" }, ["SPIKE_KEEPER_TLS_PORT"]);
    failsNaming(loadKeeperConfig, { SPIKE_KEEPER_DEV_NAME: "keeper-0" }, ["SPIKE_KEEPER_DEV_NAME"], /must be keeper-<n>/);
    failsNaming(loadKeeperConfig, { SPIKE_KEEPER_DEV_NAME: "nexus" }, ["SPIKE_KEEPER_DEV_NAME"]);
  });

  test("several bad values are all named in one error", () => {
    failsNaming(
      loadNexusConfig,
      { SPIKE_SPIFFE_SOURCE_TIMEOUT: "soon", SPIKE_TRUST_ROOT: "Bad_Domain", SPIKE_NEXUS_TLS_PORT: "nope", SPIKE_LOG_LEVEL: "loud" },
      ["SPIKE_SPIFFE_SOURCE_TIMEOUT", "SPIKE_TRUST_ROOT", "SPIKE_NEXUS_TLS_PORT", "SPIKE_LOG_LEVEL"],
    );
  });

  test("a good variable is not blamed for a bad one", () => {
    assert.throws(() => loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: "nope", SPIKE_LOG_LEVEL: "debug" }), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.doesNotMatch(e.message, /^ {2}SPIKE_LOG_LEVEL: /m);
      return true;
    });
  });
});

describe("program configuration: empty strings count as unset", () => {
  test("every variable set to an empty string gives the defaults", () => {
    const empty = {
      SPIFFE_ENDPOINT_SOCKET: "",
      SPIKE_SVID_CERT_FILE: "",
      SPIKE_SVID_KEY_FILE: "",
      SPIKE_SVID_BUNDLE_FILE: "",
      SPIKE_SPIFFE_SOURCE_TIMEOUT: "",
      SPIKE_DEV_DIR: "",
      SPIKE_TRUST_ROOT: "",
      SPIKE_NEXUS_TLS_PORT: "",
      SPIKE_LOG_LEVEL: "",
      SPIKE_KEEPER_TLS_PORT: "",
      SPIKE_KEEPER_DEV_NAME: "",
      SPIKE_NEXUS_API_URL: "",
    };
    assert.deepEqual(loadNexusConfig(empty), loadNexusConfig({}));
    assert.deepEqual(loadKeeperConfig(empty), loadKeeperConfig({}));
    assert.deepEqual(loadPilotConfig(empty), loadPilotConfig({}));
    assert.equal(loadNexusConfig(empty).SPIFFE_ENDPOINT_SOCKET, undefined);
  });

  test("undefined values are unset too", () => {
    assert.deepEqual(loadNexusConfig({ SPIKE_NEXUS_TLS_PORT: undefined }), loadNexusConfig({}));
  });

  test("whitespace is a value, not unset", () => {
    failsNaming(loadNexusConfig, { SPIKE_NEXUS_TLS_PORT: " " }, ["SPIKE_NEXUS_TLS_PORT"]);
  });
});
