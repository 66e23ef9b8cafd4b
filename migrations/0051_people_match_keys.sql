-- The keys the duplicate-people page pairs records on, kept with each row (stored generated columns):
-- the email and the two names lower-cased and trimmed. Working them out for every person on every
-- request took about a quarter of the page's statement (36,820 people on the demonstration data; the
-- statement 148 → 102 ms with the keys stored and name groups found before pairing). PostgreSQL
-- computes them on every insert and update, so they always follow the columns they come from
-- (an erasure's anonymised values included).
ALTER TABLE "people"
  ADD COLUMN "email_key" text GENERATED ALWAYS AS (lower(trim("email"))) STORED,
  ADD COLUMN "given_key" text GENERATED ALWAYS AS (lower(trim("given_name"))) STORED,
  ADD COLUMN "family_key" text GENERATED ALWAYS AS (lower(trim("family_name"))) STORED;
