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
    // Most strings fail on a literal the pattern requires (its SPIFFE-ID path, a path segment): a substring check
    // costs nanoseconds, the regex engine about a microsecond.
    const required = requiredLiterals(source);
    test = required.length === 0 ? (s) => re.matches(s) : (s) => required.every((r) => s.includes(r)) && re.matches(s);
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

const ESCAPED_LITERAL = /[!-/:-@[-`{-~]/; // punctuation: "\." is a literal dot; "\d", "\w", "\b"... are not literals

/**
 * Literal runs every match must contain, read off the top level of `source` (a necessary condition, never a
 * sufficient one): a run ends at anything that is not a plain character, and a character made optional by the
 * quantifier after it is not required. Empty (no prefilter) for a top-level alternation, for flags (which could
 * make matching case-insensitive), and for anything this reader does not understand.
 */
export function requiredLiterals(source: string): string[] {
  if (source.includes("(?") || source.includes("\\Q")) return [];
  const runs: string[] = [];
  let run = "";
  const end = (): void => {
    if (run.length > 0) runs.push(run);
    run = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    let literal: string | undefined;
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined) return [];
      i++;
      if (ESCAPED_LITERAL.test(next)) literal = next;
      else if ("dDwWsSbBAz".includes(next)) {
        end(); // a one-character class or an assertion
        continue;
      } else return []; // \x41, \p{Greek}, \123...: a literal this reader does not decode
    } else if (c === "(" || c === "[") {
      end();
      const close = skipGroup(source, i);
      if (close < 0) return [];
      i = close;
      continue;
    } else if (c === "|") {
      return []; // top-level alternation: no literal is required by every branch
    } else if (c === ")" || c === "]") {
      return [];
    } else if (c === "{") {
      end(); // a counted repeat: skip its "{n,m}"
      const close = source.indexOf("}", i);
      if (close < 0) return [];
      i = close;
      continue;
    } else if (".^$*+?}".includes(c)) {
      // A quantifier here follows a group or class (a literal's own quantifier is handled below): nothing to undo.
      end();
      continue;
    } else {
      literal = c;
    }
    const q = source[i + 1];
    if (q === "*" || q === "?" || q === "{") {
      end(); // this character may be absent ("{0,...}"; any counted repeat is treated so, to stay on the safe side)
    } else if (q === "+") {
      run += literal;
      end(); // required once; what follows may repeat it
    } else {
      run += literal;
    }
  }
  end();
  return runs;
}

/** The index of the ")" or "]" closing the group or class opened at `open`, or -1. */
function skipGroup(source: string, open: number): number {
  let depth = 0;
  let inClass = false;
  for (let i = open; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      // "]" right after "[" or "[^" is a literal member
      if (c === "]" && !(source[i - 1] === "[" || (source[i - 1] === "^" && source[i - 2] === "["))) {
        inClass = false;
        if (depth === 0) return i;
      }
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
