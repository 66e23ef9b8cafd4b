-- A year's catalogue is a draft until the national team publishes it (src/modules/catalogue/publication.ts):
-- hubs plan only under published catalogues. Every year that already has NCPs was loaded from a
-- published catalogue, so it is marked published now. A year with NCPs and no row here counts as
-- published too (NCPs added directly); copying a catalogue forward starts its year as a draft.
CREATE TABLE "catalogue_years" (
  "year_code" text PRIMARY KEY NOT NULL REFERENCES "academic_years"("code"),
  "published_at" timestamp with time zone,
  "published_by_person_id" integer REFERENCES "people"("id")
);
--> statement-breakpoint
INSERT INTO "catalogue_years" ("year_code", "published_at")
SELECT DISTINCT "year_code", now() FROM "ncps";
--> statement-breakpoint
-- Publishing a year changes the catalogue and planning pages: a national change (migration 0008).
CREATE TRIGGER "catalogue_years_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "catalogue_years"
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
-- An activity copied forward from last year's (a Sustaining group, a community, a programme's second
-- year) names the activity it continues: each is copied forward once.
ALTER TABLE "hub_activities" ADD COLUMN "continues_activity_id" integer REFERENCES "hub_activities"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "hub_activities_continues_uq" ON "hub_activities" ("continues_activity_id");
