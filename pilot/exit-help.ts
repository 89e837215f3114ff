// The exit-code table shown by `spike --help` (the same table as the README and ADR 0009). Kept apart from
// exit-codes.ts so that help does not load grpc-js.
export const EXIT_CODE_HELP = `
Exit codes (stable; one per failure class):
  0  success
  1  internal error (a bug)
  2  usage: unknown command or flag, a value that cannot be parsed, bad configuration
  3  not found
  4  permission denied
  5  invalid input (Nexus refused the request's content)
  6  unavailable: Nexus unreachable (or, with nothing configured, no dev stack running) or not ready (no database, waiting for Keepers)
  7  conflict: already exists, check-and-set mismatch, failed precondition, dev stack already running
  8  data loss: a ciphertext or the audit chain failed verification, a rewrap failed
  9  identity: no SVID for this CLI, or the server is not who it should be
  10 resource exhausted (limits)
  11 not implemented

With no environment set, spike talks to the local dev stack (\`npm start\`, i.e. \`spike dev up\`).
For a real deployment set SPIFFE_ENDPOINT_SOCKET (your SPIRE agent) and SPIKE_NEXUS_API_URL (host:port).`;
