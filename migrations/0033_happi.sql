-- HAPPI forms (issue 15): one Hub Activity Plan, Progress and Impact form per activity (intended
-- outcomes under the handbook's two lenses, local data collection methods, evidence of impact), its
-- entries (dated progress updates, and the history of submissions and reviews with comments), and the
-- reminders of its deadlines already sent (one per activity, section, notice and deadline).
CREATE TABLE "happi_forms" (
  "id" serial PRIMARY KEY,
  "activity_id" integer NOT NULL REFERENCES "hub_activities"("id") ON DELETE CASCADE,
  "hub_id" integer NOT NULL REFERENCES "hubs"("id"),
  "year_code" text NOT NULL,
  "section" text NOT NULL DEFAULT 'plan',
  "status" text NOT NULL DEFAULT 'draft',
  "outcomes" jsonb NOT NULL DEFAULT '[]'::jsonb,
  "methods" text[] NOT NULL DEFAULT '{}',
  "methods_notes" text,
  "plan_submitted_at" timestamp with time zone,
  "impact_submitted_at" timestamp with time zone,
  "reviewed_at" timestamp with time zone,
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone NOT NULL DEFAULT now(),
  "version" integer NOT NULL DEFAULT 1,
  CONSTRAINT "happi_forms_section_check" CHECK ("section" IN ('plan', 'impact')),
  CONSTRAINT "happi_forms_status_check" CHECK ("status" IN ('draft', 'submitted', 'returned', 'accepted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "happi_forms_activity_uq" ON "happi_forms" ("activity_id");
--> statement-breakpoint
CREATE INDEX "happi_forms_hub_year_idx" ON "happi_forms" ("hub_id", "year_code");
--> statement-breakpoint
CREATE TRIGGER happi_forms_edit_version BEFORE UPDATE ON happi_forms
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TABLE "happi_entries" (
  "id" serial PRIMARY KEY,
  "form_id" integer NOT NULL REFERENCES "happi_forms"("id") ON DELETE CASCADE,
  "kind" text NOT NULL,
  "section" text NOT NULL,
  "written_on" date NOT NULL,
  "text" text,
  "person_id" integer REFERENCES "people"("id"),
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "happi_entries_kind_check" CHECK ("kind" IN ('progress', 'submitted', 'returned', 'accepted')),
  CONSTRAINT "happi_entries_section_check" CHECK ("section" IN ('plan', 'impact'))
);
--> statement-breakpoint
CREATE INDEX "happi_entries_form_idx" ON "happi_entries" ("form_id");
--> statement-breakpoint
CREATE INDEX "happi_entries_person_idx" ON "happi_entries" ("person_id");
--> statement-breakpoint
CREATE TABLE "happi_reminders" (
  "id" serial PRIMARY KEY,
  "activity_id" integer NOT NULL REFERENCES "hub_activities"("id") ON DELETE CASCADE,
  "section" text NOT NULL,
  "notice" text NOT NULL,
  "due_on" date NOT NULL,
  "recipients" integer NOT NULL DEFAULT 0,
  "sent_at" timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT "happi_reminders_section_check" CHECK ("section" IN ('plan', 'impact')),
  CONSTRAINT "happi_reminders_notice_check" CHECK ("notice" IN ('due_soon', 'overdue'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "happi_reminders_uq" ON "happi_reminders" ("activity_id", "section", "notice", "due_on");
