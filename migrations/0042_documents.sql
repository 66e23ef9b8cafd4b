CREATE TABLE "document_blobs" (
	"key" text PRIMARY KEY NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"created_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"document_id" integer NOT NULL,
	"number" integer NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"blob_key" text NOT NULL,
	"uploaded_by_person_id" integer,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "shared_pages" (
	"id" serial PRIMARY KEY NOT NULL,
	"owner_kind" text NOT NULL,
	"owner_id" text NOT NULL,
	"title" text NOT NULL,
	"created_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shared_page_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"page_id" integer NOT NULL,
	"number" integer NOT NULL,
	"body" text NOT NULL,
	"edited_by_person_id" integer,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_versions" ADD CONSTRAINT "document_versions_uploaded_by_person_id_people_id_fk" FOREIGN KEY ("uploaded_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_pages" ADD CONSTRAINT "shared_pages_created_by_person_id_people_id_fk" FOREIGN KEY ("created_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_page_revisions" ADD CONSTRAINT "shared_page_revisions_page_id_shared_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."shared_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shared_page_revisions" ADD CONSTRAINT "shared_page_revisions_edited_by_person_id_people_id_fk" FOREIGN KEY ("edited_by_person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "documents_owner_idx" ON "documents" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "documents_person_idx" ON "documents" USING btree ("created_by_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "document_versions_number_idx" ON "document_versions" USING btree ("document_id","number");--> statement-breakpoint
CREATE INDEX "document_versions_person_idx" ON "document_versions" USING btree ("uploaded_by_person_id");--> statement-breakpoint
CREATE INDEX "shared_pages_owner_idx" ON "shared_pages" USING btree ("owner_kind","owner_id");--> statement-breakpoint
CREATE INDEX "shared_pages_person_idx" ON "shared_pages" USING btree ("created_by_person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "shared_page_revisions_number_idx" ON "shared_page_revisions" USING btree ("page_id","number");--> statement-breakpoint
CREATE INDEX "shared_page_revisions_person_idx" ON "shared_page_revisions" USING btree ("edited_by_person_id");--> statement-breakpoint
-- HAPPI evidence files keep their metadata; their bytes move to the blob store (key happi/<id>).
ALTER TABLE "happi_files" ADD COLUMN "blob_key" text;--> statement-breakpoint
INSERT INTO "document_blobs" ("key", "bytes", "size", "sha256")
	SELECT 'happi/' || "id", "bytes", octet_length("bytes"), encode(sha256("bytes"), 'hex') FROM "happi_files";--> statement-breakpoint
UPDATE "happi_files" SET "blob_key" = 'happi/' || "id";--> statement-breakpoint
ALTER TABLE "happi_files" ALTER COLUMN "blob_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "happi_files" DROP COLUMN "bytes";
