-- Issue 27: groups the agreement leaves out of the exchange (CBSA: no information is shared on
-- Registered Indians or protected persons). A local column the port sets at capture; never
-- transmitted (the outbound batch selects only the agreed elements, src/record/columns.ts), and the
-- scope condition leaves such rows out of every batch (src/scope/rules.ts). Existing rows carry no
-- such information: they stay NULL, which is what the port sent for them.
ALTER TABLE entries ADD COLUMN IF NOT EXISTS exempt_group text
  CHECK (exempt_group IS NULL OR exempt_group IN ('registered_indian', 'protected_person'));
