import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  isMemberOf,
  matchesRole,
  parseSpiffeId,
  parseTrustDomain,
  SPIFFE_ID_RULES,
  SpiffeIdError,
  spiffeIdEquals,
  spiffeIdFrom,
  type SpiffeIdRule,
} from "../../spiffe/id.js";

function assertRule(fn: () => unknown, rule: SpiffeIdRule): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof SpiffeIdError, `expected SpiffeIdError, got ${String(e)}`);
    assert.equal(e.rule, rule);
    assert.ok(e.message.includes(SPIFFE_ID_RULES[rule]), `message names the rule: ${e.message}`);
    return true;
  });
}

// An ID of exactly n bytes (one long segment; segments have no length limit of their own).
function idOfBytes(n: number): string {
  const prefix = "spiffe://example.org/";
  return prefix + "a".repeat(n - prefix.length);
}

describe("parseSpiffeId: valid IDs", () => {
  const good: Array<[string, string, string]> = [
    ["spiffe://example.org", "example.org", ""],
    ["spiffe://example.org/spike/nexus", "example.org", "/spike/nexus"],
    ["spiffe://spike.ist/spike/pilot/role/superuser", "spike.ist", "/spike/pilot/role/superuser"],
    ["spiffe://a-b_c.9/Path.With-Mixed_Case/0", "a-b_c.9", "/Path.With-Mixed_Case/0"],
    ["spiffe://192.168.1.1/ipv4-trust-domain", "192.168.1.1", "/ipv4-trust-domain"],
    ["spiffe://td/...", "td", "/..."], // three dots is an ordinary segment
    ["spiffe://td/.hidden/a..b", "td", "/.hidden/a..b"],
  ];
  for (const [text, td, path] of good) {
    test(text, () => {
      const id = parseSpiffeId(text);
      assert.equal(id.trustDomain, td);
      assert.equal(id.path, path);
      assert.equal(id.text, text);
      assert.ok(Object.isFrozen(id));
    });
  }
});

describe("parseSpiffeId: each broken rule is named", () => {
  const bad: Array<[string, string, SpiffeIdRule]> = [
    ["empty", "", "empty"],
    ["wrong scheme", "https://example.org/a", "scheme"],
    ["uppercase scheme", "SPIFFE://example.org/a", "scheme"],
    ["mixed-case scheme", "Spiffe://example.org/a", "scheme"],
    ["no scheme", "example.org/a", "scheme"],
    ["single slash", "spiffe:/example.org/a", "scheme"],
    ["scheme only", "spiffe:", "scheme"],
    ["leading space", " spiffe://example.org/a", "scheme"],
    ["missing trust domain", "spiffe:///a", "trustDomainMissing"],
    ["missing trust domain, nothing else", "spiffe://", "trustDomainMissing"],
    ["uppercase trust domain", "spiffe://Example.org/a", "trustDomainChars"],
    ["bad char in trust domain", "spiffe://exa$mple.org/a", "trustDomainChars"],
    ["space in trust domain", "spiffe://exa mple.org/a", "trustDomainChars"],
    ["IPv6 trust domain", "spiffe://[::1]/a", "trustDomainChars"],
    ["non-ASCII trust domain", "spiffe://exämple.org/a", "trustDomainChars"],
    ["port", "spiffe://example.org:443/a", "port"],
    ["empty port", "spiffe://example.org:/a", "port"],
    ["userinfo", "spiffe://user@example.org/a", "userinfo"],
    ["userinfo with password", "spiffe://user:pw@example.org/a", "userinfo"],
    ["query", "spiffe://example.org/a?x=1", "query"],
    ["query without path", "spiffe://example.org?x", "query"],
    ["fragment", "spiffe://example.org/a#frag", "fragment"],
    ["query before fragment", "spiffe://example.org/a?q#f", "query"],
    ["fragment before ?", "spiffe://example.org/a#f?q", "fragment"],
    ["percent-encoded slash", "spiffe://example.org/a%2Fb", "percentEncoding"],
    ["percent-encoded char", "spiffe://example.org/%61", "percentEncoding"],
    ["percent in trust domain", "spiffe://exa%6Dple.org/a", "percentEncoding"],
    ["empty segment", "spiffe://example.org/a//b", "emptySegment"],
    ["leading empty segment", "spiffe://example.org//a", "emptySegment"],
    ["dot segment", "spiffe://example.org/a/./b", "dotSegment"],
    ["dot-dot segment", "spiffe://example.org/a/../b", "dotSegment"],
    ["final dot segment", "spiffe://example.org/a/..", "dotSegment"],
    ["trailing slash", "spiffe://example.org/a/", "trailingSlash"],
    ["slash only path", "spiffe://example.org/", "trailingSlash"],
    ["bad char in path", "spiffe://example.org/a$b", "pathChars"],
    ["space in path", "spiffe://example.org/a b", "pathChars"],
    ["colon in path", "spiffe://example.org/a:b", "pathChars"],
    ["at-sign in path", "spiffe://example.org/a@b", "pathChars"],
    ["backslash in path", "spiffe://example.org/a\\b", "pathChars"],
    ["non-ASCII in path", "spiffe://example.org/caf\u00e9", "pathChars"],
    ["newline in path", "spiffe://example.org/a\nb", "pathChars"],
  ];
  for (const [name, text, rule] of bad) {
    test(`${name}: ${JSON.stringify(text)} -> ${rule}`, () => assertRule(() => parseSpiffeId(text), rule));
  }
});

describe("parseSpiffeId: lengths", () => {
  test("helper builds exact sizes", () => {
    for (const n of [2047, 2048, 2049]) assert.equal(Buffer.byteLength(idOfBytes(n)), n);
  });
  test("2048-byte ID is accepted", () => assert.equal(parseSpiffeId(idOfBytes(2048)).text.length, 2048));
  test("2049-byte ID is refused", () => assertRule(() => parseSpiffeId(idOfBytes(2049)), "tooLong"));
  test("length counts bytes, not characters", () => {
    // 2047 ASCII bytes + one 2-byte char: 2048 characters but 2049 bytes.
    const text = idOfBytes(2048).slice(0, -1) + "\u00e9";
    assert.equal(text.length, 2048);
    assertRule(() => parseSpiffeId(text), "tooLong");
  });
  test("255-byte trust domain is accepted", () => {
    const td = "a".repeat(255);
    assert.equal(parseSpiffeId(`spiffe://${td}/x`).trustDomain, td);
    assert.equal(parseTrustDomain(td), td);
  });
  test("256-byte trust domain is refused", () => {
    const td = "a".repeat(256);
    assertRule(() => parseSpiffeId(`spiffe://${td}/x`), "trustDomainTooLong");
    assertRule(() => parseTrustDomain(td), "trustDomainTooLong");
  });
});

describe("error messages", () => {
  test("long or control-character input is quoted and shortened", () => {
    try {
      parseSpiffeId("spiffe://example.org/\u0000" + "a".repeat(500));
      assert.fail("should throw");
    } catch (e) {
      assert.ok(e instanceof SpiffeIdError);
      assert.ok(!e.message.includes("\u0000"));
      assert.ok(e.message.length < 300);
      assert.equal(e.name, "SpiffeIdError");
    }
  });
});

describe("parseTrustDomain", () => {
  test("bare name", () => assert.equal(parseTrustDomain("spike.ist"), "spike.ist"));
  test("spiffe:// form", () => assert.equal(parseTrustDomain("spiffe://spike.ist"), "spike.ist"));
  const bad: Array<[string, SpiffeIdRule]> = [
    ["", "trustDomainMissing"],
    ["Spike.ist", "trustDomainChars"],
    ["spike.ist:8443", "port"],
    ["me@spike.ist", "userinfo"],
    ["spike%2eist", "percentEncoding"],
    ["spike.ist/path", "trustDomainHasPath"],
    ["spiffe://spike.ist/path", "trustDomainHasPath"],
    ["SPIFFE://spike.ist", "scheme"],
    ["spiffe://", "trustDomainMissing"],
    ["spike ist", "trustDomainChars"],
  ];
  for (const [name, rule] of bad) {
    test(`${JSON.stringify(name)} -> ${rule}`, () => assertRule(() => parseTrustDomain(name), rule));
  }
});

describe("spiffeIdFrom", () => {
  test("builds and validates", () => {
    const id = spiffeIdFrom("spike.ist", "/spike/nexus");
    assert.equal(id.text, "spiffe://spike.ist/spike/nexus");
    assert.ok(spiffeIdEquals(id, parseSpiffeId("spiffe://spike.ist/spike/nexus")));
  });
  test("accepts the spiffe:// trust-domain form", () => {
    assert.equal(spiffeIdFrom("spiffe://spike.ist", "/a").text, "spiffe://spike.ist/a");
  });
  test("empty path is the trust domain ID", () => assert.equal(spiffeIdFrom("spike.ist", "").text, "spiffe://spike.ist"));
  test("path without leading slash", () => assertRule(() => spiffeIdFrom("spike.ist", "spike/nexus"), "pathLeadingSlash"));
  test("bad path", () => assertRule(() => spiffeIdFrom("spike.ist", "/a/../b"), "dotSegment"));
  test("bad trust domain", () => assertRule(() => spiffeIdFrom("SPIKE.ist", "/a"), "trustDomainChars"));
  test("path smuggling a query", () => assertRule(() => spiffeIdFrom("spike.ist", "/a?b"), "query"));
  test("too long overall", () => assertRule(() => spiffeIdFrom("spike.ist", "/" + "a".repeat(2048)), "tooLong"));
});

describe("equality and membership", () => {
  const a = parseSpiffeId("spiffe://spike.ist/spike/nexus");
  test("equal IDs", () => assert.ok(spiffeIdEquals(a, parseSpiffeId("spiffe://spike.ist/spike/nexus"))));
  test("path is case-sensitive", () => assert.ok(!spiffeIdEquals(a, parseSpiffeId("spiffe://spike.ist/spike/Nexus"))));
  test("different trust domain", () => assert.ok(!spiffeIdEquals(a, parseSpiffeId("spiffe://other.ist/spike/nexus"))));
  test("member of its trust domain", () => assert.ok(isMemberOf(a, "spike.ist")));
  test("not a member of another", () => assert.ok(!isMemberOf(a, "other.ist")));
  test("not a member of a suffix/prefix lookalike", () => {
    assert.ok(!isMemberOf(a, "ist"));
    assert.ok(!isMemberOf(a, "spike.is"));
    assert.ok(!isMemberOf(parseSpiffeId("spiffe://evil-spike.ist/x"), "spike.ist"));
  });
});

describe("matchesRole", () => {
  const base = parseSpiffeId("spiffe://spike.ist/spike/pilot/role/superuser");
  const cases: Array<[string, boolean]> = [
    ["spiffe://spike.ist/spike/pilot/role/superuser", true],
    ["spiffe://spike.ist/spike/pilot/role/superuser/alice", true],
    ["spiffe://spike.ist/spike/pilot/role/superuser/a/b", true],
    ["spiffe://spike.ist/spike/pilot/role/superuser-x", false], // string-prefix spoof
    ["spiffe://spike.ist/spike/pilot/role/superuserx", false],
    ["spiffe://spike.ist/spike/pilot/role/super", false],
    ["spiffe://spike.ist/spike/pilot/role", false],
    ["spiffe://spike.ist/spike/pilot/role/Superuser", false],
    ["spiffe://other.ist/spike/pilot/role/superuser", false], // same path, other trust domain
    ["spiffe://other.ist/spike/pilot/role/superuser/alice", false],
    ["spiffe://spike.ist", false],
  ];
  for (const [text, want] of cases) {
    test(`${text} ${want ? "matches" : "does not match"}`, () => {
      assert.equal(matchesRole(parseSpiffeId(text), base), want);
    });
  }
  test("trust-domain base matches every member but not other domains", () => {
    const root = parseSpiffeId("spiffe://spike.ist");
    assert.ok(matchesRole(parseSpiffeId("spiffe://spike.ist/x"), root));
    assert.ok(matchesRole(root, root));
    assert.ok(!matchesRole(parseSpiffeId("spiffe://spike.istx/x"), root));
  });
  test("keeper role with numbered instances", () => {
    const keeper = parseSpiffeId("spiffe://spike.ist/spike/keeper");
    assert.ok(matchesRole(parseSpiffeId("spiffe://spike.ist/spike/keeper/1"), keeper));
    assert.ok(!matchesRole(parseSpiffeId("spiffe://spike.ist/spike/keeper1"), keeper));
  });
});
