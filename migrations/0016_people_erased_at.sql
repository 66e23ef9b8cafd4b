-- UK GDPR erasure (src/modules/privacy/erase-person.ts): when a person's personal data was erased.
-- The row stays, anonymised, so that enrolments, attendance and places still count in the figures.
ALTER TABLE "people" ADD COLUMN "erased_at" timestamp with time zone;
