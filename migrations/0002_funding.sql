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
ALTER TABLE "activity_funding_roles" ADD CONSTRAINT "activity_funding_roles_activity_id_hub_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."hub_activities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_claims" ADD CONSTRAINT "funding_claims_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_claims" ADD CONSTRAINT "funding_claims_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_rule_sets" ADD CONSTRAINT "grant_rule_sets_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statement_lines" ADD CONSTRAINT "grant_statement_lines_revision_id_grant_statement_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."grant_statement_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statement_revisions" ADD CONSTRAINT "grant_statement_revisions_statement_id_grant_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."grant_statements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statements" ADD CONSTRAINT "grant_statements_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_statements" ADD CONSTRAINT "grant_statements_year_code_academic_years_code_fk" FOREIGN KEY ("year_code") REFERENCES "public"."academic_years"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "funding_claims_hub_year_idx" ON "funding_claims" USING btree ("hub_id","year_code");--> statement-breakpoint
CREATE INDEX "funding_claims_status_idx" ON "funding_claims" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_rule_sets_year_ncp_uq" ON "grant_rule_sets" USING btree ("year_code","ncp_code");--> statement-breakpoint
CREATE INDEX "grant_statement_lines_revision_idx" ON "grant_statement_lines" USING btree ("revision_id");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_statement_revisions_uq" ON "grant_statement_revisions" USING btree ("statement_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "grant_statements_hub_year_number_uq" ON "grant_statements" USING btree ("hub_id","year_code","number");