-- An email a hub invited to an event that was no one's on the platform (issue 11): kept so that the
-- organiser is told the same whether or not an email is someone's, and so that whoever later has the
-- address is among those the event is for.
ALTER TABLE "event_targets" ADD COLUMN "email" text;
--> statement-breakpoint
CREATE INDEX "event_targets_email_idx" ON "event_targets" USING btree (lower("email")) WHERE "email" IS NOT NULL;
