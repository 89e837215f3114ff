-- Several Nexus on one database keep caches of policies, the keyring and the root key's generation. Every committed
-- change to those tables sends a notification on channel spike_changes naming the table, so the other instances
-- reload within a second (ADR 0020). Triggers, not application code: a change from any writer (another Nexus, a
-- restore, an operator's SQL) is announced, and only when its transaction commits.
CREATE FUNCTION spike_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('spike_changes', TG_ARGV[0]);
  RETURN NULL;
END
$$;

CREATE TRIGGER policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policies
  FOR EACH STATEMENT EXECUTE FUNCTION spike_notify_change('policies');
-- Not on `uses`: reserving a block of uses changes nothing another instance caches.
CREATE TRIGGER keyring_changed AFTER INSERT OR DELETE OR UPDATE OF state, wrapped_key ON keyring
  FOR EACH STATEMENT EXECUTE FUNCTION spike_notify_change('keyring');
CREATE TRIGGER root_key_changed AFTER INSERT OR UPDATE OR DELETE ON root_key
  FOR EACH STATEMENT EXECUTE FUNCTION spike_notify_change('root_key');
