-- Observability: indexes for what the metrics compute at every scrape and the dashboard reads per
-- day, so neither scans a table that grows with years of traffic.

-- entry_exit_open_stays: count of stays still waiting for a departure, by status.
CREATE INDEX IF NOT EXISTS stays_open_status ON stays (status)
  WHERE status IN ('awaiting_exit', 'extension_pending', 'overstay', 'removal_pending', 'removal_missed');

-- entry_exit_suspected_overstays_open: flags not lifted, by kind.
CREATE INDEX IF NOT EXISTS overstays_standing_kind ON overstays (kind) WHERE lifted_at IS NULL;

-- The dashboard's received exits and reconciliation rate per day.
CREATE INDEX IF NOT EXISTS exits_received_at ON exits (received_at);
