-- Evaluation reports (issue 15): a hub's or an NCP's report in the form of an Evaluation-in-Residence
-- case report (research questions, context, activity and data collection, themes as findings with
-- possible implications, conclusion), its co-authors, the evidence it draws on, and each implication
-- as an action with an owner, a due date and a status followed up to done.
CREATE TABLE "evaluation_reports" (
  "id" serial PRIMARY KEY,
  "hub_id" integer REFERENCES "hubs"("id"),
  "ncp_key" text,
  "year_code" text NOT NULL REFERENCES "academic_years"("code"),
  "title" text NOT NULL,
  "research_questions" text[] NOT NULL DEFAULT '{}'::text[],
  "context" text NOT NULL DEFAULT '',
  "activity_and_data" text NOT NULL DEFAULT '',
  "conclusion" text NOT NULL DEFAULT '',
  "status" text NOT NULL DEFAULT 'draft',
  "published_at" timestamp with time zone,
  "version" integer NOT NULL DEFAULT 1,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "evaluation_reports_status_check" CHECK ("status" IN ('draft', 'published')),
  CONSTRAINT "evaluation_reports_owner_check" CHECK ("hub_id" IS NOT NULL OR "ncp_key" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX "evaluation_reports_hub_year_idx" ON "evaluation_reports" ("hub_id", "year_code");
--> statement-breakpoint
CREATE INDEX "evaluation_reports_ncp_year_idx" ON "evaluation_reports" ("ncp_key", "year_code");
--> statement-breakpoint
CREATE TABLE "evaluation_report_coauthors" (
  "report_id" integer NOT NULL REFERENCES "evaluation_reports"("id") ON DELETE CASCADE,
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  CONSTRAINT "evaluation_report_coauthors_pk" PRIMARY KEY ("report_id", "person_id")
);
--> statement-breakpoint
CREATE INDEX "evaluation_report_coauthors_person_idx" ON "evaluation_report_coauthors" ("person_id");
--> statement-breakpoint
CREATE TABLE "evaluation_report_evidence" (
  "id" serial PRIMARY KEY,
  "report_id" integer NOT NULL REFERENCES "evaluation_reports"("id") ON DELETE CASCADE,
  "position" integer NOT NULL,
  "kind" text NOT NULL,
  "address" text NOT NULL,
  "label" text NOT NULL,
  CONSTRAINT "evaluation_report_evidence_kind_check" CHECK ("kind" IN ('survey_results', 'visit_records', 'registers', 'progression_funnels', 'activity', 'other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_report_evidence_uq" ON "evaluation_report_evidence" ("report_id", "position");
--> statement-breakpoint
CREATE TABLE "evaluation_report_themes" (
  "id" serial PRIMARY KEY,
  "report_id" integer NOT NULL REFERENCES "evaluation_reports"("id") ON DELETE CASCADE,
  "position" integer NOT NULL,
  "finding" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_report_themes_uq" ON "evaluation_report_themes" ("report_id", "position");
--> statement-breakpoint
CREATE INDEX "evaluation_report_themes_search_idx" ON "evaluation_report_themes" USING gin (to_tsvector('english', "finding"));
--> statement-breakpoint
CREATE TABLE "evaluation_report_actions" (
  "id" serial PRIMARY KEY,
  "report_id" integer NOT NULL REFERENCES "evaluation_reports"("id") ON DELETE CASCADE,
  "theme_id" integer NOT NULL REFERENCES "evaluation_report_themes"("id") ON DELETE CASCADE,
  "position" integer NOT NULL,
  "implication" text NOT NULL,
  "owner_person_id" integer REFERENCES "people"("id"),
  "due_on" date,
  "status" text NOT NULL DEFAULT 'open',
  "closing_note" text,
  "closed_at" timestamp with time zone,
  "version" integer NOT NULL DEFAULT 1,
  CONSTRAINT "evaluation_report_actions_status_check" CHECK ("status" IN ('open', 'in_progress', 'done')),
  CONSTRAINT "evaluation_report_actions_done_check" CHECK ("status" <> 'done' OR ("closing_note" IS NOT NULL AND "closed_at" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "evaluation_report_actions_uq" ON "evaluation_report_actions" ("theme_id", "position");
--> statement-breakpoint
CREATE INDEX "evaluation_report_actions_report_idx" ON "evaluation_report_actions" ("report_id");
--> statement-breakpoint
CREATE INDEX "evaluation_report_actions_owner_idx" ON "evaluation_report_actions" ("owner_person_id");
--> statement-breakpoint
CREATE INDEX "evaluation_report_actions_search_idx" ON "evaluation_report_actions" USING gin (to_tsvector('english', "implication"));
