-- Sessions end after SESSION_IDLE_MINUTES without a request, as well as SESSION_HOURS after signing in.
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Development and test only: a mail's secrets apart from its (redacted) outbox copy, for the outbox page.
CREATE TABLE "outbox_secrets" (
	"outbox_id" bigint PRIMARY KEY NOT NULL,
	"to_address" text NOT NULL,
	"secrets" text[] NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);--> statement-breakpoint
ALTER TABLE "outbox_secrets" ADD CONSTRAINT "outbox_secrets_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_secrets_to_address_idx" ON "outbox_secrets" USING btree ("to_address");--> statement-breakpoint
-- Codes are deleted once used or expired; those kept so far go now. Their hashes were unkeyed: every
-- code still open is retired too (a person asks for a new one).
DELETE FROM "sign_in_codes";--> statement-breakpoint
-- No sign-in code stays in clear in the outbox.
UPDATE "outbox" SET "text_body" = regexp_replace("text_body", 'sign-in code is [0-9]{6}', 'sign-in code is [redacted]', 'g')
WHERE "text_body" ~ 'sign-in code is [0-9]{6}';
