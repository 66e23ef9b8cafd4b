-- Outcomes (issue 13): when an activity ends, its lead or the hub's leadership record each school's and
-- each participant's outcome: completed, withdrawn (with a reason), or deferred to next year (a new
-- status: neither completed nor in progress this year). Status is text, so 'deferred' needs no change to
-- the column; the reason, its text for "other", and who recorded the outcome and when are new columns.
ALTER TABLE "activity_schools" ADD COLUMN "outcome_reason" text;
--> statement-breakpoint
ALTER TABLE "activity_schools" ADD COLUMN "outcome_reason_text" text;
--> statement-breakpoint
ALTER TABLE "activity_schools" ADD COLUMN "outcome_recorded_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "activity_schools" ADD COLUMN "outcome_recorded_by_person_id" integer;
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "outcome_reason" text;
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "outcome_reason_text" text;
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "outcome_recorded_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "outcome_recorded_by_person_id" integer;
