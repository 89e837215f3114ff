-- The root key's public traces, and admin tokens. The root key itself is never stored: only a key check value
-- (an HMAC under a key derived from it), so a rebuilt key can be verified before it is used.

-- One row once bootstrapped; the row's existence is what makes a second bootstrap impossible.
CREATE TABLE root_key (
  singleton        boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  generation       integer     NOT NULL CHECK (generation > 0),
  key_check        bytea       NOT NULL,
  shares_total     integer     NOT NULL CHECK (shares_total BETWEEN 1 AND 1000),
  shares_needed    integer     NOT NULL CHECK (shares_needed BETWEEN 1 AND shares_total),
  bootstrapped_at  timestamptz NOT NULL DEFAULT now(),
  rotated_at       timestamptz
);

-- Admin tokens: the second factor for dangerous ceremonies. A token is `spike_at_<id>_<secret>`; the row keeps the
-- SHA-256 of the whole token (256 random bits: the hash reveals nothing usable) to check a presented token in
-- constant time, and the token itself encrypted under the keyring, AAD-bound to its row.
CREATE TABLE admin_tokens (
  id            uuid        PRIMARY KEY,
  name          text        NOT NULL,
  token_sha256  bytea       NOT NULL,
  ciphertext    bytea       NOT NULL,
  created_by    text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
