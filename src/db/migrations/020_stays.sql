-- Stays: one row per entry a stay workflow watches (admission period or removal order), written by
-- the capture path at start and by the workflow's activities after; and the node's overstay list.
-- Rows carry ids, dates and statuses; the personal data stays in `entries`. Deleting an entry
-- (retention purge) removes its stay and its flags with it.

CREATE TABLE IF NOT EXISTS stays (
  entry_id               text PRIMARY KEY REFERENCES entries(id) ON DELETE CASCADE,
  workflow_id            text NOT NULL,
  rule_id                text NOT NULL,             -- admission rule applied (src/admission/rules.ts)
  category               text NOT NULL,
  admit_until            date,                      -- current last lawful day (moved by a granted extension)
  original_admit_until   date,
  status                 text NOT NULL,             -- StayStatus value (src/stays/contract.ts)
  extension_status       text,                      -- pending | granted | refused
  extension_until        date,
  exit_id                text,                      -- the matched exit (partner record id)
  exited_at              timestamptz,
  days_over              integer,
  removal_order_id       text,
  depart_by              date,
  removal_status         text,                      -- pending | departed | departed_late | missed
  departure_confirmed_at timestamptz,
  retain_until           date NOT NULL,
  revision               integer NOT NULL DEFAULT 0, -- the workflow's state revision; older writes are ignored
  started_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS stays_admit_until ON stays (admit_until);
CREATE INDEX IF NOT EXISTS stays_depart_by ON stays (depart_by) WHERE depart_by IS NOT NULL;

-- Flags raised by stay workflows. A flag is never deleted: late or corrected exit data lifts it
-- (lifted_at, lifted_reason), so the history of both the suspicion and its correction remains.
CREATE TABLE IF NOT EXISTS overstays (
  id            bigserial PRIMARY KEY,
  entry_id      text NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('in_country', 'out_of_country', 'removal_missed')),
  since         date NOT NULL,                      -- admit-until (depart-by for removal_missed)
  days_over     integer,                            -- set once a departure is recorded
  exit_id       text,
  flagged_at    timestamptz NOT NULL,
  lifted_at     timestamptz,
  lifted_reason text
);
CREATE UNIQUE INDEX IF NOT EXISTS overstays_standing ON overstays (entry_id, kind) WHERE lifted_at IS NULL;
CREATE INDEX IF NOT EXISTS overstays_entry ON overstays (entry_id);
