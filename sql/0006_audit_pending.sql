-- Audit records are written in two steps (ADR 0016):
--
-- 1. audit_pending: the call's record is inserted here, in the same transaction as the change it records (or, for a
--    read, committed before the read answers). No lock is shared between writers, so concurrent changes commit
--    concurrently and PostgreSQL can group their fsyncs.
-- 2. audit_log: a sealer (one at a time, under audit_head's row lock) moves pending rows in id order into the chain,
--    numbering and hashing them. Nothing is lost if a seal is interrupted: the rows stay pending until a later one.
--
-- A pending row is durable but not yet covered by the hash chain; Nexus seals within a fraction of a second, and
-- before it reads the log back (tail, export, verify, prune).
CREATE TABLE audit_pending (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  recorded_at     timestamptz NOT NULL,
  caller          text        NOT NULL,
  action          text        NOT NULL,
  resource        text        NOT NULL,
  outcome         text        NOT NULL,
  request_id      text        NOT NULL,
  duration_micros bigint      NOT NULL CHECK (duration_micros >= 0)
);
