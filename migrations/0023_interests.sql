-- The front door (issue 13). A person registers interest in a hub's activity, or in an NCP the hub
-- offers, for the hub to turn into registrations; and a hub lets people register directly on an
-- activity of its offer ("open for direct registration").
CREATE TABLE "interests" (
  "id" serial PRIMARY KEY,
  "activity_id" integer REFERENCES "hub_activities"("id") ON DELETE CASCADE,
  "ncp_id" integer REFERENCES "ncps"("id"),
  "hub_id" integer NOT NULL REFERENCES "hubs"("id"),
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  "school_urn" integer,
  "role_in_school" text,
  "year_groups" text[] NOT NULL DEFAULT '{}',
  "mentor_name" text,
  "mentor_email" text,
  "note" text,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "status" text NOT NULL DEFAULT 'open',
  "decided_by_person_id" integer REFERENCES "people"("id"),
  "decided_at" timestamp with time zone,
  CONSTRAINT "interests_status_check" CHECK ("status" IN ('open', 'registered', 'declined')),
  CONSTRAINT "interests_subject_check" CHECK ("activity_id" IS NOT NULL OR "ncp_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX "interests_hub_status_idx" ON "interests" ("hub_id", "status");
--> statement-breakpoint
CREATE INDEX "interests_person_idx" ON "interests" ("person_id");
--> statement-breakpoint
CREATE INDEX "interests_activity_idx" ON "interests" ("activity_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "interests_open_activity_uq" ON "interests" ("person_id", "activity_id")
  WHERE "status" = 'open' AND "activity_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "interests_open_ncp_uq" ON "interests" ("person_id", "hub_id", "ncp_id")
  WHERE "status" = 'open' AND "activity_id" IS NULL;
--> statement-breakpoint
ALTER TABLE "hub_activities" ADD COLUMN "open_for_direct_registration" boolean NOT NULL DEFAULT false;
--> statement-breakpoint
-- A teacher new to the platform asks for an account: their details wait here until they enter the
-- code emailed to them (a sign-in code, in sign_in_codes); only then is the person created.
CREATE TABLE "account_requests" (
  "id" serial PRIMARY KEY,
  "email" text NOT NULL,
  "given_name" text NOT NULL,
  "family_name" text NOT NULL,
  "school_urn" integer NOT NULL,
  "role_in_school" text NOT NULL,
  "year_groups" text[] NOT NULL DEFAULT '{}',
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "account_requests_email_uq" ON "account_requests" ("email");
