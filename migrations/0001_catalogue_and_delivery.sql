CREATE TABLE "activity_leads" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"title" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_schools" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"school_urn" integer NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"commitment_statement" text,
	"commitment_recorded_at" timestamp with time zone,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_on" date
);
--> statement-breakpoint
CREATE TABLE "activity_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"location" text
);
--> statement-breakpoint
CREATE TABLE "attendance_marks" (
	"session_id" integer NOT NULL,
	"enrolment_id" integer NOT NULL,
	"status" text NOT NULL,
	"joined_via_enrolment_id" integer,
	"marked_by_person_id" integer,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "attendance_marks_session_id_enrolment_id_pk" PRIMARY KEY("session_id","enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" serial PRIMARY KEY NOT NULL,
	"activity_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"school_urn" integer,
	"role_in_school" text,
	"year_groups" text[] DEFAULT '{}' NOT NULL,
	"mentor_name" text,
	"mentor_email" text,
	"status" text DEFAULT 'registered' NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_on" date,
	"continues_enrolment_id" integer
);
--> statement-breakpoint
CREATE TABLE "hub_activities" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"ncp_id" integer NOT NULL,
	"year_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"reference" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ncps" (
	"id" serial PRIMARY KEY NOT NULL,
	"year_code" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"strand" text,
	"phases" text[] NOT NULL,
	"type" text NOT NULL,
	"participation" text DEFAULT 'not_required' NOT NULL,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rules" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completes_tfm_stage" text,
	"next_ncp_code" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accreditations" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"cohort" text,
	"awarded_on" date
);
--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "merged_into_person_id" integer;--> statement-breakpoint
ALTER TABLE "activity_leads" ADD CONSTRAINT "activity_leads_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_leads" ADD CONSTRAINT "activity_leads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_schools" ADD CONSTRAINT "activity_schools_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_sessions" ADD CONSTRAINT "activity_sessions_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_session_id_activity_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."activity_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_marks" ADD CONSTRAINT "attendance_marks_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_activities" ADD CONSTRAINT "hub_activities_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_activities" ADD CONSTRAINT "hub_activities_ncp_id_ncps_id_fk" FOREIGN KEY ("ncp_id") REFERENCES "public"."ncps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncps" ADD CONSTRAINT "ncps_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accreditations" ADD CONSTRAINT "accreditations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "activity_leads_uq" ON "activity_leads" USING btree ("activity_id","person_id");--> statement-breakpoint
CREATE INDEX "activity_leads_person_idx" ON "activity_leads" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "activity_schools_uq" ON "activity_schools" USING btree ("activity_id","school_urn");--> statement-breakpoint
CREATE INDEX "activity_schools_school_idx" ON "activity_schools" USING btree ("school_urn");--> statement-breakpoint
CREATE INDEX "activity_sessions_activity_idx" ON "activity_sessions" USING btree ("activity_id","starts_at");--> statement-breakpoint
CREATE INDEX "attendance_marks_enrolment_idx" ON "attendance_marks" USING btree ("enrolment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_uq" ON "enrolments" USING btree ("activity_id","person_id");--> statement-breakpoint
CREATE INDEX "enrolments_person_idx" ON "enrolments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "enrolments_school_idx" ON "enrolments" USING btree ("school_urn");--> statement-breakpoint
CREATE INDEX "hub_activities_hub_year_idx" ON "hub_activities" USING btree ("hub_id","year_code");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_activities_reference_uq" ON "hub_activities" USING btree ("hub_id","year_code","reference");--> statement-breakpoint
CREATE INDEX "hub_activities_ncp_idx" ON "hub_activities" USING btree ("ncp_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ncps_year_code_uq" ON "ncps" USING btree ("year_code","code");--> statement-breakpoint
CREATE INDEX "ncps_year_idx" ON "ncps" USING btree ("year_code");--> statement-breakpoint
CREATE INDEX "accreditations_person_idx" ON "accreditations" USING btree ("person_id");