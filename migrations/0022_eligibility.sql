-- Eligibility (src/modules/journeys/school-eligibility.ts). The Mastery Readiness criteria hub staff
-- record for a school (the seven of the specification, src/modules/journeys/readiness-criteria.ts):
-- one row per school and criterion, checked by the catalogue's `eligibility.anyOf` rules.
CREATE TABLE "school_criteria" (
	"school_urn" integer NOT NULL,
	"criterion_code" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by_person_id" integer REFERENCES "people"("id"),
	"note" text,
	CONSTRAINT "school_criteria_pk" PRIMARY KEY ("school_urn", "criterion_code")
);
--> statement-breakpoint
-- A school admitted to an activity by hub leadership although it does not meet the
-- NCP's rules: the reasons it was refused and the justification given (also in the event log).
CREATE TABLE "eligibility_overrides" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL REFERENCES "hub_activities"("id") ON DELETE CASCADE,
	"school_urn" integer NOT NULL,
	"reasons" text[] NOT NULL,
	"justification" text NOT NULL,
	"admitted_by_person_id" integer REFERENCES "people"("id"),
	"admitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "eligibility_overrides_school_idx" ON "eligibility_overrides" ("school_urn");
--> statement-breakpoint
CREATE INDEX "eligibility_overrides_activity_idx" ON "eligibility_overrides" ("activity_id");
