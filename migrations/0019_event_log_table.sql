-- The event log's table is renamed so that it cannot be confused with the events module (programme
-- events, event_places…): events → event_log, with its sequence and indexes. Its actions are now a
-- closed vocabulary (src/platform/audit-actions.ts): the few old rows whose names or subject types
-- differ from it are brought into it, so every row reads as a sentence.
ALTER TABLE "events" RENAME TO "event_log";
--> statement-breakpoint
ALTER SEQUENCE "events_id_seq" RENAME TO "event_log_id_seq";
--> statement-breakpoint
ALTER INDEX "events_pkey" RENAME TO "event_log_pkey";
--> statement-breakpoint
ALTER INDEX "events_subject_idx" RENAME TO "event_log_subject_idx";
--> statement-breakpoint
ALTER INDEX "events_hub_idx" RENAME TO "event_log_hub_idx";
--> statement-breakpoint
ALTER INDEX "events_actor_idx" RENAME TO "event_log_actor_idx";
--> statement-breakpoint
UPDATE "event_log" SET "action" = 'person.created_in_bulk' WHERE "action" = 'people.created';
--> statement-breakpoint
UPDATE "event_log" SET "subject_type" = 'programme_event' WHERE "action" = 'event.person_invited' AND "subject_type" = 'event';
--> statement-breakpoint
UPDATE "event_log" SET "subject_type" = 'hub_activity'
WHERE "action" IN ('activity_school.registered', 'activity_school.commitment_recorded') AND "subject_type" = 'activity';
