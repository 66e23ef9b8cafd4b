-- Records of visits to schools (issue 15): a visit made for an activity to one of its schools, by one
-- or more people (the activity's leads or the recorder), the year groups and classes seen, its focus
-- and notes, and the actions agreed (what, who, by when, open or done). The coverage of a school's
-- year groups is counted from the year groups seen. One visit per activity, school and day.
CREATE TABLE "school_visits" (
  "id" serial PRIMARY KEY,
  "activity_id" integer NOT NULL REFERENCES "hub_activities"("id") ON DELETE CASCADE,
  "hub_id" integer NOT NULL REFERENCES "hubs"("id"),
  "school_urn" integer NOT NULL REFERENCES "schools"("urn"),
  "visited_on" date NOT NULL,
  "year_groups" text[] NOT NULL DEFAULT '{}',
  "classes_seen" text,
  "focus" text NOT NULL,
  "notes" text,
  "recorded_by_person_id" integer REFERENCES "people"("id"),
  "created_at" timestamp with time zone NOT NULL DEFAULT now(),
  "updated_at" timestamp with time zone,
  "version" integer NOT NULL DEFAULT 1
);
--> statement-breakpoint
CREATE UNIQUE INDEX "school_visits_uq" ON "school_visits" ("activity_id", "school_urn", "visited_on");
--> statement-breakpoint
CREATE INDEX "school_visits_hub_idx" ON "school_visits" ("hub_id", "visited_on");
--> statement-breakpoint
CREATE INDEX "school_visits_school_idx" ON "school_visits" ("school_urn");
--> statement-breakpoint
CREATE INDEX "school_visits_recorded_by_idx" ON "school_visits" ("recorded_by_person_id");
--> statement-breakpoint
CREATE TRIGGER school_visits_edit_version BEFORE UPDATE ON school_visits
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TABLE "school_visit_visitors" (
  "visit_id" integer NOT NULL REFERENCES "school_visits"("id") ON DELETE CASCADE,
  "person_id" integer NOT NULL REFERENCES "people"("id"),
  PRIMARY KEY ("visit_id", "person_id")
);
--> statement-breakpoint
CREATE INDEX "school_visit_visitors_person_idx" ON "school_visit_visitors" ("person_id");
--> statement-breakpoint
CREATE TABLE "school_visit_actions" (
  "id" serial PRIMARY KEY,
  "visit_id" integer NOT NULL REFERENCES "school_visits"("id") ON DELETE CASCADE,
  "position" integer NOT NULL,
  "description" text NOT NULL,
  "owner_person_id" integer REFERENCES "people"("id"),
  "owner_text" text,
  "due_on" date,
  "status" text NOT NULL DEFAULT 'open',
  "done_on" date,
  CONSTRAINT "school_visit_actions_status_check" CHECK ("status" IN ('open', 'done')),
  CONSTRAINT "school_visit_actions_owner_check" CHECK ("owner_person_id" IS NOT NULL OR "owner_text" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "school_visit_actions_position_uq" ON "school_visit_actions" ("visit_id", "position");
--> statement-breakpoint
CREATE INDEX "school_visit_actions_owner_idx" ON "school_visit_actions" ("owner_person_id");
