-- A mention email sent is remembered on the mention, so that the 7am digest does not tell the person of
-- the same message again (issue 18: notification overload).
ALTER TABLE "community_mentions" ADD COLUMN "emailed_at" timestamp with time zone;
