CREATE TABLE "bank_holidays" (
	"date" date PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"added_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_feeds" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_mail_preferences" (
	"person_id" integer PRIMARY KEY NOT NULL,
	"daily_digest" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_notifications" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"kind" text NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"queued_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"digest" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_places" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"person_id" integer NOT NULL,
	"status" text NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_at" timestamp with time zone,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"added_by_organiser" boolean DEFAULT false NOT NULL,
	"connect_token" text NOT NULL,
	"dietary" text,
	"access" text,
	"other_requirements" text,
	"joined_via_place_id" integer,
	"attendance_marked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_targets" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"kind" text NOT NULL,
	"person_id" integer,
	"role" text,
	"hub_id" integer,
	"activity_id" integer,
	"ncp_id" integer
);
--> statement-breakpoint
CREATE TABLE "programme_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer,
	"ncp_id" integer,
	"activity_id" integer,
	"activity_session_id" integer,
	"title" text NOT NULL,
	"description" text,
	"format" text NOT NULL,
	"venue" text,
	"platform" text,
	"connect_url" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"confirm_by" date NOT NULL,
	"capacity" integer NOT NULL,
	"confirmed_count" integer DEFAULT 0 NOT NULL,
	"waiting_priority" text DEFAULT 'joined_first' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"sequence" integer DEFAULT 0 NOT NULL,
	"contact_name" text,
	"contact_email" text,
	"created_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programme_events_places_ck" CHECK ("programme_events"."confirmed_count" >= 0 AND "programme_events"."confirmed_count" <= "programme_events"."capacity"),
	CONSTRAINT "programme_events_times_ck" CHECK ("programme_events"."ends_at" > "programme_events"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "activity_funding_roles" (
	"activity_id" integer PRIMARY KEY NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"year_code" text NOT NULL,
	"ncp_code" text NOT NULL,
	"kind" text NOT NULL,
	"role" text,
	"claimant_name" text NOT NULL,
	"days" integer,
	"rate_pence" integer,
	"amount_pence" integer NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reason" text,
	"submitted_by_person_id" integer,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "grant_rule_sets" (
	"id" serial PRIMARY KEY NOT NULL,
	"year_code" text NOT NULL,
	"ncp_code" text NOT NULL,
	"rules" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_statement_lines" (
	"id" serial PRIMARY KEY NOT NULL,
	"revision_id" integer NOT NULL,
	"line_key" text NOT NULL,
	"activity_id" integer,
	"activity_title" text NOT NULL,
	"claim_id" integer,
	"ncp_code" text NOT NULL,
	"rule_kind" text NOT NULL,
	"rule_label" text NOT NULL,
	"source" text NOT NULL,
	"payee" text NOT NULL,
	"amount_pence" bigint NOT NULL,
	"counts" jsonb NOT NULL,
	"explanation" text NOT NULL,
	"items" jsonb,
	"is_adjustment" boolean DEFAULT false NOT NULL,
	"stated_pence" bigint
);
--> statement-breakpoint
CREATE TABLE "grant_statement_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"statement_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"total_pence" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grant_statements" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"year_code" text NOT NULL,
	"number" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text
);
--> statement-breakpoint
CREATE TABLE "reporting_refreshes" (
	"name" text PRIMARY KEY NOT NULL,
	"stale" boolean DEFAULT true NOT NULL,
	"refreshed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_comments" ADD CONSTRAINT "event_comments_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_comments" ADD CONSTRAINT "event_comments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_documents" ADD CONSTRAINT "event_documents_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_mail_preferences" ADD CONSTRAINT "event_mail_preferences_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_notifications" ADD CONSTRAINT "event_notifications_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_notifications" ADD CONSTRAINT "event_notifications_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_places" ADD CONSTRAINT "event_places_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_places" ADD CONSTRAINT "event_places_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_targets" ADD CONSTRAINT "event_targets_event_id_programme_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."programme_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_targets" ADD CONSTRAINT "event_targets_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_targets" ADD CONSTRAINT "event_targets_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_targets" ADD CONSTRAINT "event_targets_ncp_id_ncps_id_fk" FOREIGN KEY ("ncp_id") REFERENCES "public"."ncps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_ncp_id_ncps_id_fk" FOREIGN KEY ("ncp_id") REFERENCES "public"."ncps"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programme_events" ADD CONSTRAINT "programme_events_activity_session_id_activity_sessions_id_fk" FOREIGN KEY ("activity_session_id") REFERENCES "public"."activity_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_funding_roles" ADD CONSTRAINT "activity_funding_roles_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_claims" ADD CONSTRAINT "funding_claims_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_claims" ADD CONSTRAINT "funding_claims_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_rule_sets" ADD CONSTRAINT "grant_rule_sets_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statement_lines" ADD CONSTRAINT "grant_statement_lines_revision_id_grant_statement_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."grant_statement_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statement_revisions" ADD CONSTRAINT "grant_statement_revisions_statement_id_grant_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."grant_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statements" ADD CONSTRAINT "grant_statements_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statements" ADD CONSTRAINT "grant_statements_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "calendar_feeds_token_uq" ON "calendar_feeds" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "calendar_feeds_person_idx" ON "calendar_feeds" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "event_comments_event_idx" ON "event_comments" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "event_documents_event_idx" ON "event_documents" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_notifications_pending_idx" ON "event_notifications" USING btree ("sent_at","digest","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_notifications_dedupe_uq" ON "event_notifications" USING btree ("dedupe_key");--> statement-breakpoint
CREATE UNIQUE INDEX "event_places_uq" ON "event_places" USING btree ("event_id","person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_places_connect_uq" ON "event_places" USING btree ("connect_token");--> statement-breakpoint
CREATE INDEX "event_places_person_idx" ON "event_places" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "event_places_waiting_idx" ON "event_places" USING btree ("event_id","status","priority","requested_at");--> statement-breakpoint
CREATE INDEX "event_targets_event_idx" ON "event_targets" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_targets_person_idx" ON "event_targets" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "event_targets_activity_idx" ON "event_targets" USING btree ("activity_id");--> statement-breakpoint
CREATE INDEX "event_targets_ncp_idx" ON "event_targets" USING btree ("ncp_id");--> statement-breakpoint
CREATE INDEX "programme_events_hub_idx" ON "programme_events" USING btree ("hub_id","starts_at");--> statement-breakpoint
CREATE INDEX "programme_events_starts_idx" ON "programme_events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "funding_claims_hub_year_idx" ON "funding_claims" USING btree ("hub_id","year_code");--> statement-breakpoint
CREATE INDEX "funding_claims_status_idx" ON "funding_claims" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_rule_sets_year_ncp_uq" ON "grant_rule_sets" USING btree ("year_code","ncp_code");--> statement-breakpoint
CREATE INDEX "grant_statement_lines_revision_idx" ON "grant_statement_lines" USING btree ("revision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_statement_revisions_uq" ON "grant_statement_revisions" USING btree ("statement_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_statements_hub_year_number_uq" ON "grant_statements" USING btree ("hub_id","year_code","number");