-- Every change to a secret or its metadata notifies channel spike_secrets with the path, on commit (PostgreSQL
-- delivers notifications only when the transaction commits, and merges duplicates within one). Each Nexus listens
-- and drops that path from its read cache, so a cached secret is never served for long after another Nexus on the
-- same database changed it (ADR 0027). Paths too long for a notification (8000 bytes) send '*': drop everything.
CREATE FUNCTION spike_notify_secret_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := CASE WHEN TG_OP = 'DELETE' THEN OLD.path ELSE NEW.path END;
BEGIN
  PERFORM pg_notify('spike_secrets', CASE WHEN octet_length(changed) < 7900 THEN changed ELSE '*' END);
  RETURN NULL;
END $$;

CREATE TRIGGER secret_metadata_notify AFTER INSERT OR UPDATE OR DELETE ON secret_metadata
  FOR EACH ROW EXECUTE FUNCTION spike_notify_secret_change();
CREATE TRIGGER secrets_notify AFTER INSERT OR UPDATE OR DELETE ON secrets
  FOR EACH ROW EXECUTE FUNCTION spike_notify_secret_change();
