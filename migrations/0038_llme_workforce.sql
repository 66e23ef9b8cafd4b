CREATE TABLE "llme_community_attendance" (
	"meeting_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	CONSTRAINT "llme_community_attendance_meeting_id_person_id_pk" PRIMARY KEY("meeting_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "llme_community_leads" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"year_code" text NOT NULL,
	"person_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "llme_community_meetings" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"year_code" text NOT NULL,
	"held_on" date NOT NULL,
	"title" text NOT NULL,
	"created_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "programme_applications" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"hub_id" integer NOT NULL,
	"programme" text NOT NULL,
	"year_code" text NOT NULL,
	"status" text DEFAULT 'awaiting_hub' NOT NULL,
	"statement" text NOT NULL,
	"nominated_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sponsor_reason" text,
	"sponsored_by_person_id" integer,
	"sponsored_at" timestamp with time zone,
	"decision_reason" text,
	"decided_by_person_id" integer,
	"decided_at" timestamp with time zone,
	"cohort" text,
	"completed_on" date,
	"accreditation_id" integer
);
--> statement-breakpoint
ALTER TABLE "accreditations" ADD COLUMN "evidence_url" text;--> statement-breakpoint
ALTER TABLE "llme_community_attendance" ADD CONSTRAINT "llme_community_attendance_meeting_id_llme_community_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."llme_community_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llme_community_attendance" ADD CONSTRAINT "llme_community_attendance_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llme_community_leads" ADD CONSTRAINT "llme_community_leads_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llme_community_leads" ADD CONSTRAINT "llme_community_leads_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llme_community_meetings" ADD CONSTRAINT "llme_community_meetings_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "llme_community_meetings" ADD CONSTRAINT "llme_community_meetings_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_nominated_by_person_id_people_id_fk" FOREIGN KEY ("nominated_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_sponsored_by_person_id_people_id_fk" FOREIGN KEY ("sponsored_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_applications" ADD CONSTRAINT "programme_applications_accreditation_id_accreditations_id_fk" FOREIGN KEY ("accreditation_id") REFERENCES "public"."accreditations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "llme_community_attendance_person_idx" ON "llme_community_attendance" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "llme_community_leads_uq" ON "llme_community_leads" USING btree ("hub_id","year_code","person_id");--> statement-breakpoint
CREATE INDEX "llme_community_leads_person_idx" ON "llme_community_leads" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "llme_community_meetings_hub_idx" ON "llme_community_meetings" USING btree ("hub_id","year_code");--> statement-breakpoint
CREATE INDEX "llme_community_meetings_created_by_idx" ON "llme_community_meetings" USING btree ("created_by_person_id");--> statement-breakpoint
CREATE INDEX "programme_applications_person_idx" ON "programme_applications" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "programme_applications_hub_idx" ON "programme_applications" USING btree ("hub_id","year_code");--> statement-breakpoint
CREATE INDEX "programme_applications_nominated_by_idx" ON "programme_applications" USING btree ("nominated_by_person_id");--> statement-breakpoint
CREATE INDEX "programme_applications_sponsored_by_idx" ON "programme_applications" USING btree ("sponsored_by_person_id");--> statement-breakpoint
CREATE INDEX "programme_applications_decided_by_idx" ON "programme_applications" USING btree ("decided_by_person_id");