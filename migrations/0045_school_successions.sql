-- The current school of every URN with a successor (docs/definitions.md, "Schools that change"), kept by
-- the writes to school_links instead of walked again by every read: journeys, engagement, stages and the
-- reports joined a recursive walk of all the links into each query (10–50 ms each, many per page).
-- The rule is unchanged: a 'Successor…' link from the old URN or a 'Predecessor…' link from the new one
-- means old → new; chains are followed to their end (up to 10 steps); a split goes to the lowest
-- successor URN.
CREATE TABLE "school_successions" (
	"urn" integer PRIMARY KEY NOT NULL,
	"current_urn" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "school_successions_current_idx" ON "school_successions" USING btree ("current_urn");
--> statement-breakpoint
CREATE FUNCTION "refresh_school_successions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One writer of the links at a time rebuilds it (a second waits, then sees the first's rows).
  PERFORM pg_advisory_xact_lock(hashtext('school_successions'));
  DELETE FROM public.school_successions;
  INSERT INTO public.school_successions (urn, current_urn)
  WITH RECURSIVE succession_edges AS (
    SELECT DISTINCT ON (from_urn) from_urn, to_urn FROM (
      SELECT urn AS from_urn, linked_urn AS to_urn FROM public.school_links WHERE link_type ILIKE 'successor%'
      UNION
      SELECT linked_urn AS from_urn, urn AS to_urn FROM public.school_links WHERE link_type ILIKE 'predecessor%'
    ) e
    WHERE from_urn <> to_urn
    ORDER BY from_urn, to_urn
  ),
  succession_walk (urn, current_urn, depth) AS (
    SELECT from_urn, to_urn, 1 FROM succession_edges
    UNION ALL
    SELECT w.urn, e.to_urn, w.depth + 1
    FROM succession_walk w JOIN succession_edges e ON e.from_urn = w.current_urn
    WHERE w.depth < 10
  )
  SELECT DISTINCT ON (urn) urn, current_urn FROM succession_walk ORDER BY urn, depth DESC;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Once per statement (an import writes its links in a few statements), in the writer's transaction.
CREATE TRIGGER "school_links_successions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "school_links"
  FOR EACH STATEMENT EXECUTE FUNCTION "refresh_school_successions"();
--> statement-breakpoint
-- The links already on record: a statement that writes nothing still fires the trigger.
INSERT INTO "school_links" ("urn", "linked_urn", "link_type") SELECT 0, 0, 'none' WHERE false;
