-- The transaction that last wrote each account. A node brings its liquidation index and account
-- cache up to date by reading the accounts written since the oldest transaction that was still
-- running when it last looked (pg_snapshot_xmin): unlike a sequence number, that misses no
-- transaction that commits late.
ALTER TABLE account ADD COLUMN changed_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX account_changed_xid ON account (changed_xid);
CREATE FUNCTION account_changed() RETURNS trigger AS $$
BEGIN
    NEW.changed_xid := pg_current_xact_id();
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER account_changed BEFORE INSERT OR UPDATE ON account
    FOR EACH ROW EXECUTE FUNCTION account_changed();
