-- National surveys (issue 15): templates per NCP and kind in versions, their questions, each year's
-- windows, each person's invitation (own link, a hash of its token) and answers.
CREATE TABLE "survey_templates" (
  "id" serial PRIMARY KEY,
  "ncp_key" text NOT NULL,
  "kind" text NOT NULL,
  "version" integer NOT NULL,
  "title" text NOT NULL,
  "introduction" text,
  "anonymous_free_text" boolean NOT NULL DEFAULT false,
  "published_at" timestamp with time zone,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "created_by_person_id" integer REFERENCES "people"("id"),
  CONSTRAINT "survey_templates_kind_check" CHECK ("kind" IN ('participant_early', 'participant_summer', 'llme_end_of_year'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_templates_uq" ON "survey_templates" ("ncp_key", "kind", "version");
--> statement-breakpoint
CREATE TABLE "survey_questions" (
  "id" serial PRIMARY KEY,
  "template_id" integer NOT NULL REFERENCES "survey_templates"("id") ON DELETE CASCADE,
  "position" integer NOT NULL,
  "key" text NOT NULL,
  "type" text NOT NULL,
  "text" text NOT NULL,
  "hint" text,
  "options" jsonb NOT NULL DEFAULT '[]'::jsonb,
  "required" boolean NOT NULL DEFAULT true,
  CONSTRAINT "survey_questions_type_check" CHECK ("type" IN ('agreement', 'single_choice', 'multiple_choice', 'number', 'free_text'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_questions_position_uq" ON "survey_questions" ("template_id", "position");
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_questions_key_uq" ON "survey_questions" ("template_id", "key");
--> statement-breakpoint
CREATE TABLE "survey_windows" (
  "id" serial PRIMARY KEY,
  "year_code" text NOT NULL,
  "kind" text NOT NULL,
  "opens_on" date NOT NULL,
  "closes_on" date NOT NULL,
  CONSTRAINT "survey_windows_dates_check" CHECK ("opens_on" <= "closes_on")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_windows_uq" ON "survey_windows" ("year_code", "kind");
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
  "id" serial PRIMARY KEY,
  "template_id" integer NOT NULL REFERENCES "survey_templates"("id"),
  "activity_id" integer NOT NULL REFERENCES "hub_activities"("id") ON DELETE CASCADE,
  "hub_id" integer NOT NULL REFERENCES "hubs"("id"),
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  "enrolment_id" integer REFERENCES "enrolments"("id") ON DELETE SET NULL,
  "year_code" text NOT NULL,
  "kind" text NOT NULL,
  "token_hash" text NOT NULL,
  "issued_at" timestamp with time zone NOT NULL DEFAULT now(),
  "reminded_at" timestamp with time zone,
  "submitted_at" timestamp with time zone,
  "updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_uq" ON "survey_invitations" ("activity_id", "person_id", "kind");
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_token_uq" ON "survey_invitations" ("token_hash");
--> statement-breakpoint
CREATE INDEX "survey_invitations_person_idx" ON "survey_invitations" ("person_id");
--> statement-breakpoint
CREATE INDEX "survey_invitations_template_idx" ON "survey_invitations" ("template_id");
--> statement-breakpoint
CREATE INDEX "survey_invitations_hub_year_idx" ON "survey_invitations" ("hub_id", "year_code");
--> statement-breakpoint
CREATE TABLE "survey_answers" (
  "id" serial PRIMARY KEY,
  "invitation_id" integer NOT NULL REFERENCES "survey_invitations"("id") ON DELETE CASCADE,
  "question_id" integer NOT NULL REFERENCES "survey_questions"("id"),
  "value_number" numeric,
  "value_text" text,
  "value_choices" text[]
);
--> statement-breakpoint
CREATE UNIQUE INDEX "survey_answers_uq" ON "survey_answers" ("invitation_id", "question_id");
--> statement-breakpoint
CREATE INDEX "survey_answers_question_idx" ON "survey_answers" ("question_id");
