-- A transaction that sends a notification takes a database-wide lock at commit and holds it through the WAL flush,
-- so notifying writers commit one at a time (measured here: 5,047 → 2,372 commits/s at 16 clients). A secret change
-- is therefore announced only when another Nexus is listening for it. Each Nexus's change feed registers here under
-- its instance; each Nexus's own connections carry that instance as `spike.instance`. A writer that is not a Nexus
-- (a restore, an operator's SQL) has no instance and notifies every registered feed. The answer is worked out once
-- per transaction. A feed that registers waits until every transaction that might have decided before its row was
-- visible has ended before its cache serves (ADR 0032). Rows of feeds that are gone are removed by the next feed
-- that registers; until then they only cost notifications nobody hears.
CREATE TABLE secret_cache_listeners (
  instance      text PRIMARY KEY,
  pid           integer NOT NULL,
  backend_start timestamptz NOT NULL
);

CREATE OR REPLACE FUNCTION spike_notify_secret_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.path ELSE NEW.path END;
  peers text := current_setting('spike.notify_peers', true);
BEGIN
  IF peers IS NULL OR peers = '' THEN
    peers := CASE WHEN EXISTS (
        SELECT 1 FROM secret_cache_listeners WHERE instance <> coalesce(current_setting('spike.instance', true), ''))
      THEN 'y' ELSE 'n' END;
    PERFORM set_config('spike.notify_peers', peers, true);
  END IF;
  IF peers = 'y' THEN
    PERFORM pg_notify('spike_secrets', CASE WHEN octet_length(changed) < 7900 THEN changed ELSE '*' END);
  END IF;
  RETURN NULL;
END $$;
