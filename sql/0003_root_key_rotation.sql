-- Crash-safe root-key rotation. A rotation first records the new key's check value and the keyring wrapped under
-- the new key as "pending", then re-shards the Keepers, then swaps pending for current in one transaction. A Nexus
-- that restarts mid-way rebuilds whichever key the Keepers' shares give, and finishes or abandons the rotation.
ALTER TABLE root_key ADD COLUMN pending_generation integer;
ALTER TABLE root_key ADD COLUMN pending_key_check bytea;
ALTER TABLE root_key ADD CONSTRAINT root_key_pending_whole CHECK ((pending_generation IS NULL) = (pending_key_check IS NULL));
ALTER TABLE keyring ADD COLUMN wrapped_key_next bytea;
