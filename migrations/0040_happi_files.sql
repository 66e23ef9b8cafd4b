CREATE TABLE "happi_files" (
	"id" serial PRIMARY KEY NOT NULL,
	"form_id" integer NOT NULL,
	"outcome_key" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by_person_id" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "happi_files" ADD CONSTRAINT "happi_files_form_id_happi_forms_id_fk" FOREIGN KEY ("form_id") REFERENCES "public"."happi_forms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "happi_files" ADD CONSTRAINT "happi_files_uploaded_by_person_id_people_id_fk" FOREIGN KEY ("uploaded_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "happi_files_form_idx" ON "happi_files" USING btree ("form_id");--> statement-breakpoint
CREATE INDEX "happi_files_person_idx" ON "happi_files" USING btree ("uploaded_by_person_id");