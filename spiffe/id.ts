// SPIFFE IDs per the SPIFFE-ID standard. Nothing is normalised: anything that is
// not already canonical is rejected, so `text` can be compared byte for byte.

export const SPIFFE_ID_MAX_BYTES = 2048;
export const TRUST_DOMAIN_MAX_BYTES = 255;

/** Rule codes (SpiffeIdError.rule) and the message each one carries. */
export const SPIFFE_ID_RULES = {
  empty: "SPIFFE ID cannot be empty",
  tooLong: `SPIFFE ID must be at most ${SPIFFE_ID_MAX_BYTES} bytes`,
  scheme: 'scheme is missing or invalid: it must be exactly "spiffe://" in lowercase',
  trustDomainMissing: "trust domain is missing",
  trustDomainTooLong: `trust domain must be at most ${TRUST_DOMAIN_MAX_BYTES} bytes`,
  trustDomainChars:
    "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores",
  trustDomainHasPath: "a trust domain name cannot have a path",
  userinfo: "userinfo is not allowed",
  port: "port is not allowed",
  query: "query is not allowed",
  fragment: "fragment is not allowed",
  percentEncoding: "percent-encoding is not allowed",
  pathLeadingSlash: "path must be empty or start with a slash",
  emptySegment: "path cannot contain empty segments",
  dotSegment: "path cannot contain dot segments",
  trailingSlash: "path cannot have a trailing slash",
  pathChars: "path segment characters are limited to letters, numbers, dots, dashes, and underscores",
} as const;

export type SpiffeIdRule = keyof typeof SPIFFE_ID_RULES;

export class SpiffeIdError extends Error {
  readonly rule: string;
  constructor(rule: SpiffeIdRule, input: string) {
    super(`invalid SPIFFE ID ${quote(input)}: ${SPIFFE_ID_RULES[rule]}`);
    this.name = "SpiffeIdError";
    this.rule = rule;
  }
}

export interface SpiffeId {
  readonly trustDomain: string;
  readonly path: string;
  readonly text: string;
}

const SCHEME = "spiffe://";
const TD_CHARS = /^[a-z0-9._-]+$/;
const SEGMENT_CHARS = /^[a-zA-Z0-9._-]+$/;

export function parseSpiffeId(text: string): SpiffeId {
  if (text.length === 0) throw new SpiffeIdError("empty", text);
  if (Buffer.byteLength(text, "utf8") > SPIFFE_ID_MAX_BYTES) throw new SpiffeIdError("tooLong", text);
  if (!text.startsWith(SCHEME)) throw new SpiffeIdError("scheme", text);

  const rest = text.slice(SCHEME.length);
  // Query and fragment end the URI wherever they appear, so report the first one.
  const q = rest.indexOf("?");
  const f = rest.indexOf("#");
  if (q >= 0 && (f < 0 || q < f)) throw new SpiffeIdError("query", text);
  if (f >= 0) throw new SpiffeIdError("fragment", text);

  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? "" : rest.slice(slash);
  checkAuthority(authority, text);
  checkPath(path, text);
  return Object.freeze({ trustDomain: authority, path, text });
}

/** Accepts "spike.ist" or "spiffe://spike.ist" (no path) and returns the bare name. */
export function parseTrustDomain(name: string): string {
  if (name.toLowerCase().startsWith(SCHEME)) {
    const id = parseSpiffeId(name);
    if (id.path !== "") throw new SpiffeIdError("trustDomainHasPath", name);
    return id.trustDomain;
  }
  if (name.includes("/")) throw new SpiffeIdError("trustDomainHasPath", name);
  checkAuthority(name, name);
  return name;
}

export function spiffeIdEquals(a: SpiffeId, b: SpiffeId): boolean {
  return a.text === b.text;
}

export function isMemberOf(id: SpiffeId, trustDomain: string): boolean {
  return id.trustDomain === trustDomain;
}

/**
 * True when `id` is `base` or lies below it (base path + "/" + segments).
 * A bare string prefix is not enough: ".../superuser-x" is not under ".../superuser".
 */
export function matchesRole(id: SpiffeId, base: SpiffeId): boolean {
  if (id.trustDomain !== base.trustDomain) return false;
  return id.path === base.path || id.path.startsWith(base.path + "/");
}

/** Builds an ID from parts and validates the result like any parsed ID. */
export function spiffeIdFrom(trustDomain: string, path: string): SpiffeId {
  const td = parseTrustDomain(trustDomain);
  const text = SCHEME + td + path;
  if (path !== "" && !path.startsWith("/")) throw new SpiffeIdError("pathLeadingSlash", text);
  return parseSpiffeId(text);
}

function checkAuthority(authority: string, input: string): void {
  if (authority.length === 0) throw new SpiffeIdError("trustDomainMissing", input);
  if (authority.includes("@")) throw new SpiffeIdError("userinfo", input);
  // IPv6 literals are excluded; say so rather than calling their colons a port.
  if (authority.startsWith("[")) throw new SpiffeIdError("trustDomainChars", input);
  if (authority.includes(":")) throw new SpiffeIdError("port", input);
  if (authority.includes("%")) throw new SpiffeIdError("percentEncoding", input);
  if (Buffer.byteLength(authority, "utf8") > TRUST_DOMAIN_MAX_BYTES) {
    throw new SpiffeIdError("trustDomainTooLong", input);
  }
  if (!TD_CHARS.test(authority)) throw new SpiffeIdError("trustDomainChars", input);
}

function checkPath(path: string, input: string): void {
  if (path === "") return;
  if (path.includes("%")) throw new SpiffeIdError("percentEncoding", input);
  const segments = path.slice(1).split("/");
  segments.forEach((seg, i) => {
    if (seg === "") {
      throw new SpiffeIdError(i === segments.length - 1 ? "trailingSlash" : "emptySegment", input);
    }
    if (seg === "." || seg === "..") throw new SpiffeIdError("dotSegment", input);
    if (!SEGMENT_CHARS.test(seg)) throw new SpiffeIdError("pathChars", input);
  });
}

// Inputs can be long or hold control characters; keep messages short and printable.
function quote(s: string): string {
  const shown = s.length > 100 ? `${s.slice(0, 100)}…` : s;
  return JSON.stringify(shown);
}
