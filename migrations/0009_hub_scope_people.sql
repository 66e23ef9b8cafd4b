-- An email a hub invited to an event that was no one's on the platform (issue 11): kept so that the
-- organiser is told the same whether or not an email is someone's, and so that whoever later has the
-- address is among those the event is for.
ALTER TABLE "event_targets" ADD COLUMN "email" text;
--> statement-breakpoint
CREATE INDEX "event_targets_email_idx" ON "event_targets" USING btree (lower("email")) WHERE "email" IS NOT NULL;
--> statement-breakpoint
-- A role a hub offered someone who already has an account elsewhere (issue 11): nothing is given until
-- they accept it themself.
CREATE TABLE "role_invitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL,
	"role" text NOT NULL,
	"hub_id" integer,
	"school_urn" integer,
	"title" text,
	"invited_by_person_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"accepted" boolean
);
--> statement-breakpoint
ALTER TABLE "role_invitations" ADD CONSTRAINT "role_invitations_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "role_invitations_person_idx" ON "role_invitations" USING btree ("person_id");
