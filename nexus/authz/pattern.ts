// Policy patterns: RE2 regular expressions, evaluated in linear time (re2js, no backtracking), always matched
// against the WHOLE string. Upstream SPIKE matched them as substrings, so an unanchored "billing" matched
// "spiffe://evil/billing-x"; here "billing" matches only "billing", and the anchored regexes of upstream policy
// files ("^spiffe://spike\.ist/workload/.*$") mean what they say.
//
// Most real patterns are a literal or a literal followed by ".*"; those are decided by string comparison, and
// only the others run the regex engine.
import { RE2JS } from "re2js";
import { invalidArgument } from "../../lib/errors.js";

export const PATTERN_MAX_BYTES = 1024;

export interface Pattern {
  readonly source: string;
  /** Starts with "^" and ends with an unescaped "$". */
  readonly anchored: boolean;
  /** Full match. */
  readonly test: (s: string) => boolean;
}

const META = new Set([".", "[", "]", "(", ")", "*", "+", "?", "{", "}", "|", "^", "$", "\\"]);

/** True when `source` ends with a "$" that is not escaped (an even number of backslashes before it). */
function endsWithAnchor(source: string): boolean {
  if (!source.endsWith("$")) return false;
  let backslashes = 0;
  for (let i = source.length - 2; i >= 0 && source[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

export function isAnchored(source: string): boolean {
  return source.startsWith("^") && source.length >= 2 && endsWithAnchor(source);
}

/**
 * The literal a pattern stands for, when it is one: `{ literal, prefix: false }` for "abc" or "^a\.b$", and
 * `{ literal, prefix: true }` for "^spiffe://x/.*$". Anything else (classes, groups, repeats...) is undefined.
 */
export function literalForm(source: string): { literal: string; prefix: boolean } | undefined {
  let body = source.startsWith("^") ? source.slice(1) : source;
  if (endsWithAnchor(body)) body = body.slice(0, -1);
  let prefix = false;
  if (body.endsWith(".*") && !endsWithEscape(body.slice(0, -2))) {
    prefix = true;
    body = body.slice(0, -2);
  }
  let literal = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "\\") {
      const next = body[i + 1];
      // Only escaped punctuation is a literal; \d, \w, \Q... are not.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      literal += next;
      i++;
    } else if (META.has(c)) {
      return undefined;
    } else {
      literal += c;
    }
  }
  return { literal, prefix };
}

/** True when `s` ends with an odd number of backslashes (so a following character is escaped). */
function endsWithEscape(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

/** Compiles a pattern, or throws INVALID_ARGUMENT naming `what` and the problem. */
export function compilePattern(source: string, what: string): Pattern {
  if (source === "") throw invalidArgument(`${what} is empty`);
  if (Buffer.byteLength(source, "utf8") > PATTERN_MAX_BYTES) throw invalidArgument(`${what} is longer than ${PATTERN_MAX_BYTES} bytes`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw invalidArgument(`${what} ${JSON.stringify(source)} is not a valid RE2 regular expression: ${reason}`);
  }
  const anchored = isAnchored(source);
  const lit = literalForm(source);
  let test: (s: string) => boolean;
  if (lit === undefined) {
    test = (s) => re.matches(s);
  } else if (lit.prefix) {
    const { literal } = lit;
    // "." does not match a newline (RE2's default), so neither does the fast path.
    test = (s) => s.startsWith(literal) && !s.includes("\n", literal.length);
  } else {
    const { literal } = lit;
    test = (s) => s === literal;
  }
  return { source, anchored, test };
}
