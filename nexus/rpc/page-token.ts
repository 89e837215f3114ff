// List page tokens: opaque to callers, they carry the last item returned and the scope (prefix or filter) it was
// listed under, so a token is refused when reused with another scope.
import { invalidArgument } from "../../lib/errors.js";

export function encodePageToken(scope: string, after: string): string {
  return Buffer.from(JSON.stringify([scope, after]), "utf8").toString("base64url");
}

/** The item to list after ("" for the first page); `what` names the scope in errors ("prefix", "filter"). */
export function decodePageToken(token: string, scope: string, what: string): string {
  if (token === "") return "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalidArgument("page_token is not a token this server issued");
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== "string" || parsed[0] !== scope) {
    throw invalidArgument(`page_token does not belong to this ${what}`);
  }
  return parsed[1];
}
