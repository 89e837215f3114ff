// Policy patterns, permissions and the reserved-namespace rule, without a server.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { SpikeError } from "../../lib/errors.js";
import { parseSpiffeId } from "../../spiffe/id.js";
import { PolicyEngine } from "../../nexus/authz/engine.js";
import { RE2JS } from "re2js";
import { compilePattern, isAnchored, literalForm, requiredLiterals } from "../../nexus/authz/pattern.js";
import { parsePermissions, permissionMask, permissionBit } from "../../nexus/authz/permissions.js";
import { checkPolicyName, checkPolicySpec, type StoredPolicy } from "../../nexus/authz/policy.js";

const invalid = (fn: () => unknown, pattern: RegExp): void => {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SpikeError, String(err));
    assert.equal(err.code, "invalid_argument");
    assert.match(err.message, pattern);
    return true;
  });
};

describe("patterns", () => {
  test("a pattern matches the whole string, never a substring (upstream matched substrings)", () => {
    const p = compilePattern("billing", "p");
    assert.equal(p.test("billing"), true);
    assert.equal(p.test("apps/billing"), false);
    assert.equal(p.test("billing-old"), false);
    const r = compilePattern("apps/(billing|orders)/[a-z]+", "p");
    assert.equal(r.test("apps/orders/db"), true);
    assert.equal(r.test("apps/orders/db/extra"), false);
    assert.equal(r.test("x/apps/orders/db"), false);
  });

  test("anchored upstream regexes keep working", () => {
    const id = compilePattern("^spiffe://spike\\.ist/workload/.*$", "p");
    assert.equal(id.test("spiffe://spike.ist/workload/billing"), true);
    assert.equal(id.test("spiffe://spike.ist/workload/"), true);
    assert.equal(id.test("spiffe://spike.istX/workload/billing"), false);
    assert.equal(id.test("xspiffe://spike.ist/workload/billing"), false);
    const path = compilePattern("^tenants/demo/db/.*$", "p");
    assert.equal(path.test("tenants/demo/db/creds"), true);
    assert.equal(path.test("tenants/demo/other"), false);
    const regex = compilePattern("^spiffe://spike\\.ist/workload/[a-z]+-[0-9]+$", "p");
    assert.equal(regex.test("spiffe://spike.ist/workload/app-12"), true);
    assert.equal(regex.test("spiffe://spike.ist/workload/app-12/x"), false);
  });

  test("the literal fast paths agree with the regex engine", () => {
    assert.deepEqual(literalForm("^spiffe://spike\\.ist/workload/.*$"), { literal: "spiffe://spike.ist/workload/", prefix: true });
    assert.deepEqual(literalForm("^a\\.b$"), { literal: "a.b", prefix: false });
    assert.deepEqual(literalForm("a\\$"), { literal: "a$", prefix: false });
    assert.equal(literalForm("a\\.*"), undefined, '"\\.*" is a repeated dot, not a prefix');
    assert.equal(literalForm("a.b"), undefined);
    assert.equal(literalForm("\\d+"), undefined);
    const dot = compilePattern("a.c", "p");
    assert.equal(dot.test("abc"), true, "an unescaped dot is any character");
    const prefix = compilePattern("^apps/.*$", "p");
    assert.equal(prefix.test("apps/x\ny"), false, '"." does not match a newline, as in RE2');
  });

  test("no catastrophic backtracking: ^(a+)+$ against 5000 a's and a ! completes (and does not match)", () => {
    const p = compilePattern("^(a+)+$", "p");
    assert.equal(p.test(`${"a".repeat(5000)}!`), false);
    assert.equal(p.test("a".repeat(5000)), true);
  });

  test("invalid or unsupported patterns are INVALID_ARGUMENT naming the problem", () => {
    invalid(() => compilePattern("(unclosed", "path_pattern"), /path_pattern "\(unclosed" is not a valid RE2 regular expression: .*missing closing \)/);
    invalid(() => compilePattern("(?=lookahead)", "spiffe_id_pattern"), /spiffe_id_pattern .* not a valid RE2/);
    invalid(() => compilePattern("", "path_pattern"), /path_pattern is empty/);
    invalid(() => compilePattern("a".repeat(2000), "path_pattern"), /longer than 1024 bytes/);
  });

  test("anchored means ^ at the start and an unescaped $ at the end", () => {
    assert.equal(isAnchored("^spiffe://x/.*$"), true);
    assert.equal(isAnchored("spiffe://x/.*$"), false);
    assert.equal(isAnchored("^spiffe://x/.*"), false);
    assert.equal(isAnchored("^spiffe://x\\$"), false);
    assert.equal(isAnchored("^spiffe://x\\\\$"), true);
    assert.equal(isAnchored("^"), false);
  });
});

describe("required literals (the regex prefilter)", () => {
  test("are read off the top level only, and never include an optional character", () => {
    assert.deepEqual(requiredLiterals("^spiffe://spike\\.ist/workload/(app|svc)-12(-[a-z0-9]+)?$"), ["spiffe://spike.ist/workload/", "-12"]);
    assert.deepEqual(requiredLiterals("^apps/[a-z]+/db$"), ["apps/", "/db"]);
    assert.deepEqual(requiredLiterals("abc*d"), ["ab", "d"]);
    assert.deepEqual(requiredLiterals("ab+c"), ["ab", "c"]);
    assert.deepEqual(requiredLiterals("a{0,2}bc"), ["bc"]);
    assert.deepEqual(requiredLiterals("x|y"), [], "top-level alternation");
    assert.deepEqual(requiredLiterals("(?i)abc"), [], "flags");
    assert.deepEqual(requiredLiterals("\\x41bc"), [], "escapes it does not decode");
    assert.deepEqual(requiredLiterals("\\p{Greek}abc"), []);
    assert.deepEqual(requiredLiterals("[]a]xyz"), ["xyz"]);
  });

  test("a prefiltered pattern decides exactly like the regex alone (random patterns and strings)", () => {
    let seed = 0x5eed;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = ["a", "b", "c", "-", "/", "\\.", ".", "[a-c]", "[^b]", "(a|bc)", "(ab)", "\\d", "1", "\\w", "x"];
    const quants = ["", "", "", "*", "+", "?", "{2}", "{0,1}", "{1,3}"];
    const alphabet = "abc-/.1x2";
    let compared = 0;
    for (let k = 0; k < 400; k++) {
      let source = rand(3) === 0 ? "^" : "";
      const len = 1 + rand(7);
      for (let j = 0; j < len; j++) source += (atoms[rand(atoms.length)] as string) + (quants[rand(quants.length)] as string);
      if (rand(3) === 0) source += "$";
      if (rand(10) === 0) source += `|${atoms[rand(atoms.length)] as string}`;
      let re: RE2JS;
      try {
        re = RE2JS.compile(source);
      } catch {
        continue;
      }
      const pattern = compilePattern(source, "pattern");
      for (let m = 0; m < 60; m++) {
        let str = "";
        const n = rand(9);
        for (let j = 0; j < n; j++) str += alphabet[rand(alphabet.length)] as string;
        assert.equal(pattern.test(str), re.matches(str), `${source} on ${JSON.stringify(str)}`);
        compared++;
      }
    }
    assert.ok(compared > 10_000);
  });
});

describe("permissions", () => {
  test("names and proto enum names parse; duplicates merge; order is ascending", () => {
    assert.deepEqual(parsePermissions(["list", "PERMISSION_READ", "read"]), ["read", "list"]);
    assert.deepEqual(parsePermissions([5, 1]), ["read", "super"]);
  });

  test("unknown, unspecified or no permissions are INVALID_ARGUMENT naming the value", () => {
    invalid(() => parsePermissions(["read", "admin"]), /unknown permission "admin"/);
    invalid(() => parsePermissions(["PERMISSION_UNSPECIFIED"]), /unknown permission "PERMISSION_UNSPECIFIED"/);
    invalid(() => parsePermissions([]), /at least one permission/);
  });

  test("super implies every permission", () => {
    const mask = permissionMask(["super"]);
    for (const p of ["read", "write", "list", "execute"] as const) assert.ok((mask & permissionBit(p)) !== 0, p);
    assert.equal(permissionMask(["read"]) & permissionBit("write"), 0);
  });
});

describe("policy validation and the reserved namespace", () => {
  const spec = (over: Partial<{ name: string; spiffeIdPattern: string; pathPattern: string; permissions: string[] }> = {}) => ({
    name: "p1",
    spiffeIdPattern: "^spiffe://spike\\.ist/workload/app$",
    pathPattern: "^apps/app/.*$",
    permissions: ["read"],
    ...over,
  });

  test("names: letters, digits, - _ ., 1 to 128", () => {
    assert.equal(checkPolicyName("web-app_v1.2"), "web-app_v1.2");
    invalid(() => checkPolicyName(""), /empty/);
    invalid(() => checkPolicyName("has space"), /outside letters, digits/);
    invalid(() => checkPolicyName("x".repeat(129)), /longer than 128/);
  });

  test("a path pattern reaching spike/system/... needs an anchored SPIFFE-ID pattern", () => {
    invalid(() => checkPolicySpec(spec({ spiffeIdPattern: "spiffe://spike\\.ist/workload/app", pathPattern: "spike/system/acl" })), /reserved path spike\/system\/acl.*anchored/);
    invalid(() => checkPolicySpec(spec({ spiffeIdPattern: "spiffe://spike\\.ist/workload/.*", pathPattern: ".*" })), /reserved path .*anchored/);
    assert.equal(checkPolicySpec(spec({ pathPattern: "^spike/system/acl$" })).pathPattern, "^spike/system/acl$");
    // An unanchored SPIFFE pattern is fine when the path pattern reaches no reserved path.
    assert.equal(checkPolicySpec(spec({ spiffeIdPattern: "spiffe://spike\\.ist/workload/app", pathPattern: "apps/.*" })).name, "p1");
  });

  test("the engine skips a stored policy breaking the rule on reserved paths, and denies by default", async () => {
    const now = new Date();
    const stored = (name: string, spiffeIdPattern: string, pathPattern: string, permissions: StoredPolicy["permissions"]): StoredPolicy =>
      ({ name, spiffeIdPattern, pathPattern, permissions, createdAt: now, updatedAt: now, createdBy: "x", updatedBy: "x" });
    const engine = new PolicyEngine(async () => [
      stored("legacy", "spiffe://spike\\.ist/workload/a", ".*", ["super"]),
      stored("anchored", "^spiffe://spike\\.ist/workload/b$", "^spike/system/acl$", ["read"]),
    ]);
    const a = parseSpiffeId("spiffe://spike.ist/workload/a");
    const b = parseSpiffeId("spiffe://spike.ist/workload/b");
    assert.equal(await engine.allows(a, "apps/x", "write"), true, "outside the reserved namespace the legacy policy applies");
    assert.equal(await engine.allows(a, "spike/system/acl", "read"), false, "unanchored: skipped on reserved paths");
    assert.equal(await engine.allows(a, "spike/system/cipher/exec", "execute"), false);
    assert.equal(await engine.allows(b, "spike/system/acl", "read"), true);
    assert.equal(await engine.allows(b, "spike/system/acl", "write"), false);
    assert.equal(await engine.allows(b, "apps/x", "read"), false, "default deny");
  });
});
