-- The decision log is listed newest first by the time of each decision, then by id: a ledger
-- action's entry is now written with the action and a check's a moment after its answer, so the
-- order of ids is no longer the order of decisions.
DROP INDEX decision_log_entry_at;
DROP INDEX decision_log_entry_account;
CREATE INDEX decision_log_entry_at ON decision_log_entry (at, id);
CREATE INDEX decision_log_entry_account ON decision_log_entry (account_id, at, id);
