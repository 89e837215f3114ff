-- The audit log: one row per audited call, numbered 1, 2, 3, ... without gaps and chained by SHA-256 (each row's
-- hash covers its fields and the previous row's hash; nexus/audit/chain.ts defines the encoding).
--
-- audit_head is a single row holding the newest sequence and hash. A writer locks it (SELECT ... FOR UPDATE),
-- appends the next row and moves the head in one transaction, so concurrent writers, in one Nexus or in several on
-- one database, chain in one order. It also holds the anchor: where the kept chain starts after a prune.
CREATE TABLE audit_log (
  sequence        bigint      PRIMARY KEY CHECK (sequence > 0),
  recorded_at     timestamptz NOT NULL,
  caller          text        NOT NULL,
  action          text        NOT NULL,
  resource        text        NOT NULL,
  -- "ok", "denied", or the gRPC status code name the caller got ("NOT_FOUND", "UNAVAILABLE", ...).
  outcome         text        NOT NULL,
  request_id      text        NOT NULL,
  duration_micros bigint      NOT NULL CHECK (duration_micros >= 0),
  prev_hash       bytea       NOT NULL CHECK (length(prev_hash) = 32),
  hash            bytea       NOT NULL CHECK (length(hash) = 32)
);

CREATE INDEX audit_log_recorded_at ON audit_log (recorded_at);

CREATE TABLE audit_head (
  singleton       boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
  sequence        bigint      NOT NULL,
  hash            bytea       NOT NULL CHECK (length(hash) = 32),
  anchor_sequence bigint      NOT NULL,
  anchor_hash     bytea       NOT NULL CHECK (length(anchor_hash) = 32),
  anchor_time     timestamptz
);

INSERT INTO audit_head (singleton, sequence, hash, anchor_sequence, anchor_hash, anchor_time)
VALUES (true, 0, decode(repeat('00', 32), 'hex'), 0, decode(repeat('00', 32), 'hex'), NULL);
