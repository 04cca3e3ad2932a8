-- The person index: each node links its own entries and the partner's exits that belong to one
-- person across documents (renewed passports, PR card or green card and passport, trusted-traveller
-- cards). Rows carry ids, scores and field outcomes only; the personal data stays in `entries` and
-- `exits`, and every link goes with its record (ON DELETE CASCADE, and the purge registry).

-- A person is an id and nothing else: 'P-' and a random UUID, never derived from personal data.
CREATE TABLE IF NOT EXISTS persons (
  id         text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every linked record belongs to exactly one person.
CREATE TABLE IF NOT EXISTS person_records (
  person_id  text NOT NULL REFERENCES persons (id),
  entry_id   text UNIQUE REFERENCES entries (id) ON DELETE CASCADE,
  exit_id    text UNIQUE REFERENCES exits (id) ON DELETE CASCADE,
  method     text NOT NULL CHECK (method IN ('first_record', 'evidence', 'operator_merge', 'operator_split')),
  confidence real NOT NULL,
  evidence   jsonb NOT NULL DEFAULT '{}'::jsonb,   -- field outcomes and the record compared with; no values
  linked_by  text NOT NULL DEFAULT 'system',
  linked_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((entry_id IS NULL) <> (exit_id IS NULL))
);
CREATE INDEX IF NOT EXISTS person_records_person ON person_records (person_id);

-- Links the index would not make by itself (uncertain or ambiguous): the record's own person and a
-- candidate person it may be, for an operator to merge or reject.
CREATE TABLE IF NOT EXISTS person_link_review (
  id               bigserial PRIMARY KEY,
  entry_id         text REFERENCES entries (id) ON DELETE CASCADE,
  exit_id          text REFERENCES exits (id) ON DELETE CASCADE,
  candidate_person text NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
  reason           text NOT NULL CHECK (reason IN ('uncertain', 'ambiguous')),
  score            real NOT NULL,
  confidence       real NOT NULL,
  evidence         jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  decision         text CHECK (decision IN ('merged', 'rejected')),
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  CHECK ((entry_id IS NULL) <> (exit_id IS NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS person_link_review_entry ON person_link_review (entry_id, candidate_person) WHERE entry_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS person_link_review_exit ON person_link_review (exit_id, candidate_person) WHERE exit_id IS NOT NULL;

-- Removal orders placed on a person (who may have no entry to hang the order on); any departure
-- of theirs recorded on or after the order's date confirms it.
CREATE TABLE IF NOT EXISTS person_removal_orders (
  order_id          text PRIMARY KEY,          -- the order's reference, no personal data
  person_id         text NOT NULL REFERENCES persons (id),
  issued_on         date NOT NULL,
  depart_by         date NOT NULL,
  placed_by         text NOT NULL,
  placed_at         timestamptz NOT NULL DEFAULT now(),
  departure_exit_id text REFERENCES exits (id) ON DELETE SET NULL,
  departed_on       date,
  confirmed_at      timestamptz
);
CREATE INDEX IF NOT EXISTS person_removal_orders_person ON person_removal_orders (person_id);

-- What identifies a person who has no record on this node yet (a removal order on someone who came
-- by air): the same elements a record carries, kept here in PostgreSQL with the other personal data.
-- The linker weighs records against them as against the person's own records.
CREATE TABLE IF NOT EXISTS person_identities (
  id              bigserial PRIMARY KEY,
  person_id       text NOT NULL REFERENCES persons (id),
  surname         text NOT NULL,
  first_name      text NOT NULL DEFAULT '',
  date_of_birth   date NOT NULL,
  citizenship     text NOT NULL,
  sex             text NOT NULL,
  document_type   text NOT NULL,
  document_number text NOT NULL,
  document_issuer text NOT NULL,
  source          text NOT NULL CHECK (source IN ('removal_order')),
  created_by      text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS person_identities_person ON person_identities (person_id);
CREATE INDEX IF NOT EXISTS person_identities_dob ON person_identities (date_of_birth);
