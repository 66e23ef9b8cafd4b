CREATE TABLE "ts_partnerships" (
	"id" serial PRIMARY KEY NOT NULL,
	"referral_id" integer NOT NULL,
	"hub_id" integer NOT NULL,
	"school_urn" integer NOT NULL,
	"year_code" text NOT NULL,
	"isp_person_id" integer NOT NULL,
	"isp_credentials" text NOT NULL,
	"school_leaders" text NOT NULL,
	"activity_id" integer NOT NULL,
	"phase" text DEFAULT 'explore' NOT NULL,
	"started_on" date NOT NULL,
	"handover_activity_id" integer,
	"transition_notes" text,
	"moved_on_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ts_plan_items" (
	"id" serial PRIMARY KEY NOT NULL,
	"partnership_id" integer NOT NULL,
	"phase" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"owner" text,
	"due_on" date,
	"added_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ts_referrals" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"school_urn" integer NOT NULL,
	"year_code" text NOT NULL,
	"barriers" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'waiting' NOT NULL,
	"decision_note" text,
	"referred_by_person_id" integer,
	"decided_by_person_id" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_referral_id_ts_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."ts_referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_school_urn_schools_urn_fk" FOREIGN KEY ("school_urn") REFERENCES "public"."schools"("urn") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_isp_person_id_people_id_fk" FOREIGN KEY ("isp_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_partnerships" ADD CONSTRAINT "ts_partnerships_handover_activity_id_hub_activities_id_fk" FOREIGN KEY ("handover_activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_plan_items" ADD CONSTRAINT "ts_plan_items_partnership_id_ts_partnerships_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."ts_partnerships"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_plan_items" ADD CONSTRAINT "ts_plan_items_added_by_person_id_people_id_fk" FOREIGN KEY ("added_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_referrals" ADD CONSTRAINT "ts_referrals_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_referrals" ADD CONSTRAINT "ts_referrals_school_urn_schools_urn_fk" FOREIGN KEY ("school_urn") REFERENCES "public"."schools"("urn") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_referrals" ADD CONSTRAINT "ts_referrals_referred_by_person_id_people_id_fk" FOREIGN KEY ("referred_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ts_referrals" ADD CONSTRAINT "ts_referrals_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ts_partnerships_referral_uq" ON "ts_partnerships" USING btree ("referral_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ts_partnerships_activity_uq" ON "ts_partnerships" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "ts_partnerships_hub_idx" ON "ts_partnerships" USING btree ("hub_id","year_code","phase");--> statement-breakpoint
CREATE INDEX "ts_partnerships_school_idx" ON "ts_partnerships" USING btree ("school_urn");--> statement-breakpoint
CREATE INDEX "ts_partnerships_isp_idx" ON "ts_partnerships" USING btree ("isp_person_id");--> statement-breakpoint
CREATE INDEX "ts_partnerships_handover_idx" ON "ts_partnerships" USING btree ("handover_activity_id");--> statement-breakpoint
CREATE INDEX "ts_plan_items_partnership_idx" ON "ts_plan_items" USING btree ("partnership_id");--> statement-breakpoint
CREATE INDEX "ts_plan_items_added_by_idx" ON "ts_plan_items" USING btree ("added_by_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ts_referrals_school_year_uq" ON "ts_referrals" USING btree ("school_urn","year_code") WHERE status <> 'declined';--> statement-breakpoint
CREATE INDEX "ts_referrals_hub_idx" ON "ts_referrals" USING btree ("hub_id","year_code","status");--> statement-breakpoint
CREATE INDEX "ts_referrals_referred_by_idx" ON "ts_referrals" USING btree ("referred_by_person_id");--> statement-breakpoint
CREATE INDEX "ts_referrals_decided_by_idx" ON "ts_referrals" USING btree ("decided_by_person_id");--> statement-breakpoint
-- Schools receiving Targeted Support count partnerships (docs/definitions.md): the reports' school-year
-- view is made again from the new definition on first use, and partnerships mark the reports stale.
DROP MATERIALIZED VIEW IF EXISTS "reporting_programme_people";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "reporting_school_years";
--> statement-breakpoint
CREATE TRIGGER ts_partnerships_reporting_stale AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ts_partnerships
  FOR EACH STATEMENT EXECUTE FUNCTION reporting_mark_stale();
