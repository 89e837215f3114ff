// Text from a request that will be stored or matched as text. PostgreSQL text cannot hold NUL (the query fails,
// which would surface as INTERNAL), and invalid UTF-8 has already been replaced by U+FFFD when the request was
// decoded, so a U+FFFD here most likely stands for bytes the caller did not mean: both are refused as
// INVALID_ARGUMENT before anything is touched.
import { invalidArgument } from "./errors.js";

// NUL, the other C0 controls except tab/newline/carriage return, DEL, and U+FFFD.
const UNSTORABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

export function storableText(text: string, what: string): string {
  const m = UNSTORABLE.exec(text);
  if (m !== null) {
    const code = (m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    throw invalidArgument(`${what} contains U+${code} at character ${m.index}${code === "FFFD" ? " (invalid UTF-8 in the request?)" : ""}: control characters and invalid UTF-8 are not accepted`);
  }
  return text;
}
