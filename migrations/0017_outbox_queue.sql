-- The email road (docs/adr/0006): every email is an outbox row written in the transaction of the
-- change; the mail queue sends it after commit, with retries. `attempts` counts SMTP tries, `queued_at`
-- is when a send job was last queued for it, `failed_at` when the queue gave up.
ALTER TABLE "outbox" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "queued_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamp with time zone;
--> statement-breakpoint
-- Rows already in the outbox with an SMTP error were attempts of the old road, each followed by its
-- own row if retried: they are not sent again.
UPDATE "outbox" SET "failed_at" = now(), "attempts" = 1 WHERE "transport" = 'smtp' AND "sent_at" IS NULL;
--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE "transport" = 'smtp' AND "sent_at" IS NULL AND "failed_at" IS NULL;
