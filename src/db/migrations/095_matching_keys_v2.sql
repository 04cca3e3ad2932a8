-- Matching, issue 19: the blocking keys changed (document-number deletion neighbourhood, surname and
-- birth date alone, name codes with birth year or day and month). Keys stored under the old scheme
-- would miss candidates, so they are dropped: reconciliation re-keys open entries lazily, as it keys
-- new ones (activities/reconcile.ts keyOpenEntries), and exit keys are recomputed per batch anyway.
DELETE FROM entry_keys;
DELETE FROM entry_keys_version;
DELETE FROM exit_keys;
