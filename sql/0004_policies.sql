-- Access policies (issue 5). A policy grants permissions to the callers whose SPIFFE ID matches spiffe_id_pattern on
-- the paths that match path_pattern. Patterns are RE2 regular expressions matched against the whole string; Nexus
-- validates and compiles them before it stores them. Names and patterns are not secret and are stored in plaintext.
CREATE TABLE policies (
  name text PRIMARY KEY CHECK (name ~ '^[A-Za-z0-9._-]{1,128}$'),
  spiffe_id_pattern text NOT NULL CHECK (spiffe_id_pattern <> ''),
  path_pattern text NOT NULL CHECK (path_pattern <> ''),
  permissions text[] NOT NULL CHECK (cardinality(permissions) >= 1
    AND permissions <@ ARRAY['read', 'write', 'list', 'execute', 'super']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  updated_by text NOT NULL
);
CREATE INDEX policies_spiffe_id_pattern ON policies (spiffe_id_pattern);
CREATE INDEX policies_path_pattern ON policies (path_pattern);
