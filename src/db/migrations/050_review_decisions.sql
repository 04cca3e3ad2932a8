-- An operator's decision on a pair the matcher left for review: accepted (the pair becomes a match
-- with method 'operator') or rejected (the pair leaves the list). Who, when and why are kept here
-- and in the audit trail; the decision names ids only.
ALTER TABLE match_review ADD COLUMN IF NOT EXISTS decision text CHECK (decision IN ('accepted', 'rejected'));
ALTER TABLE match_review ADD COLUMN IF NOT EXISTS decided_by text;
ALTER TABLE match_review ADD COLUMN IF NOT EXISTS decided_at timestamptz;
ALTER TABLE match_review ADD COLUMN IF NOT EXISTS decision_reason text;
