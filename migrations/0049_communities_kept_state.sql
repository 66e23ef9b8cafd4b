-- A mention email sent is remembered on the mention, so that the 7am digest does not tell the person of
-- the same message again (issue 18: notification overload).
ALTER TABLE "community_mentions" ADD COLUMN "emailed_at" timestamp with time zone;
--> statement-breakpoint
-- A deleted document's files are erased from the document store 30 days after it was deleted (the
-- retention schedule, docs/privacy.md); each version's record stays (who, when, the file's name) and says
-- when its bytes were erased.
ALTER TABLE "document_versions" ADD COLUMN "bytes_erased_at" timestamp with time zone;
