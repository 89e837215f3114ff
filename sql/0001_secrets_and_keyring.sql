-- Secrets, their metadata, and the keyring of data keys. Nexus is the only client of this database.
-- Secret values reach this database only as AES-256-GCM ciphertexts bound (by their AAD) to table, path and version:
-- a ciphertext copied to another row fails authentication. Paths and custom metadata are plaintext (indexed).

-- Data keys, each wrapped (encrypted) under the root key. Exactly one is active: new writes use it.
CREATE TABLE keyring (
  key_id       integer     PRIMARY KEY CHECK (key_id > 0),
  wrapped_key  bytea       NOT NULL,
  state        text        NOT NULL CHECK (state IN ('active', 'retired')),
  -- Encryptions reserved under this key so far (reserved in blocks, so it may run ahead of real use: safe).
  uses         bigint      NOT NULL DEFAULT 0 CHECK (uses >= 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);
CREATE UNIQUE INDEX keyring_one_active ON keyring ((state)) WHERE state = 'active';

-- One row per secret path. current_version is the highest version ever written; versions are never reused.
CREATE TABLE secret_metadata (
  path             text        COLLATE "C" PRIMARY KEY,
  current_version  integer     NOT NULL DEFAULT 0 CHECK (current_version >= 0),
  max_versions     integer     NOT NULL DEFAULT 0 CHECK (max_versions >= 0),  -- 0: the server default applies
  cas_required     boolean     NOT NULL DEFAULT false,
  custom_metadata  jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

-- One row per kept version. ciphertext is NULL once the version is destroyed.
CREATE TABLE secrets (
  path          text        COLLATE "C" NOT NULL REFERENCES secret_metadata (path) ON DELETE CASCADE,
  version       integer     NOT NULL CHECK (version > 0),
  ciphertext    bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  destroyed_at  timestamptz,
  PRIMARY KEY (path, version),
  CHECK ((destroyed_at IS NULL) = (ciphertext IS NOT NULL))
);
