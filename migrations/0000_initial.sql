CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_hits" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sign_in_codes" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"requested_from_ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "academic_years" (
	"code" text PRIMARY KEY NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_areas" (
	"id" serial PRIMARY KEY NOT NULL,
	"hub_id" integer NOT NULL,
	"la_code" text NOT NULL,
	"district_code" text,
	"district_name" text,
	"is_demonstration" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hubs" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"lead_school_name" text,
	"lead_school_urn" integer,
	"contact_email" text,
	"contact_phone" text,
	"website" text,
	"name_status" text DEFAULT 'confirmed' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hubs_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "local_authorities" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"gss_code" text NOT NULL,
	"region_code" text NOT NULL,
	"region_name" text NOT NULL,
	"entity" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"given_name" text NOT NULL,
	"family_name" text NOT NULL,
	"school_urn" integer,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "role_assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"role" text NOT NULL,
	"title" text,
	"hub_id" integer,
	"school_urn" integer,
	"starts_on" date,
	"ends_on" date
);
--> statement-breakpoint
CREATE TABLE "register_imports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"row_count" integer NOT NULL,
	"added" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"actor_label" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_links" (
	"urn" integer NOT NULL,
	"linked_urn" integer NOT NULL,
	"link_name" text,
	"link_type" text NOT NULL,
	"established_on" date,
	CONSTRAINT "school_links_urn_linked_urn_link_type_pk" PRIMARY KEY("urn","linked_urn","link_type")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"urn" integer PRIMARY KEY NOT NULL,
	"la_code" text NOT NULL,
	"establishment_number" text,
	"name" text NOT NULL,
	"type_code" text,
	"type_name" text NOT NULL,
	"type_group_name" text,
	"status_name" text NOT NULL,
	"is_open" boolean NOT NULL,
	"open_date" date,
	"close_date" date,
	"phase_of_education" text,
	"phase" text NOT NULL,
	"is_state_funded" boolean NOT NULL,
	"statutory_low_age" integer,
	"statutory_high_age" integer,
	"has_sixth_form" boolean,
	"number_of_pupils" integer,
	"percentage_fsm" numeric(5, 2),
	"trust_name" text,
	"street" text,
	"locality" text,
	"town" text,
	"postcode" text,
	"district_code" text,
	"district_name" text,
	"region_name" text,
	"ukprn" text,
	"website" text,
	"telephone" text,
	"last_changed_date" date,
	"source" text DEFAULT 'gias' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_person_id" integer,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"hub_id" integer,
	"reason" text,
	"changes" jsonb
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"transport" text NOT NULL,
	"message_id" text,
	"error" text
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_areas" ADD CONSTRAINT "hub_areas_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_areas" ADD CONSTRAINT "hub_areas_la_code_local_authorities_code_fk" FOREIGN KEY ("la_code") REFERENCES "public"."local_authorities"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "rate_limit_hits_bucket_key_idx" ON "rate_limit_hits" USING btree ("bucket","key","occurred_at");--> statement-breakpoint
CREATE INDEX "sessions_person_idx" ON "sessions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "sign_in_codes_email_idx" ON "sign_in_codes" USING btree ("email","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_areas_la_district_uq" ON "hub_areas" USING btree ("la_code",coalesce("district_code", ''));--> statement-breakpoint
CREATE INDEX "hub_areas_hub_idx" ON "hub_areas" USING btree ("hub_id");--> statement-breakpoint
CREATE UNIQUE INDEX "people_email_uq" ON "people" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "role_assignments_person_idx" ON "role_assignments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "role_assignments_hub_idx" ON "role_assignments" USING btree ("hub_id");--> statement-breakpoint
CREATE INDEX "school_links_linked_idx" ON "school_links" USING btree ("linked_urn");--> statement-breakpoint
CREATE INDEX "schools_la_idx" ON "schools" USING btree ("la_code");--> statement-breakpoint
CREATE INDEX "schools_postcode_idx" ON "schools" USING btree (replace(upper("postcode"), ' ', '') text_pattern_ops);--> statement-breakpoint
CREATE INDEX "schools_name_search_idx" ON "schools" USING gin (to_tsvector('simple', "name"));--> statement-breakpoint
CREATE INDEX "events_subject_idx" ON "events" USING btree ("subject_type","subject_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_hub_idx" ON "events" USING btree ("hub_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_actor_idx" ON "events" USING btree ("actor_person_id","occurred_at");