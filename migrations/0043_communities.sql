-- Communities (issue 18): spaces whose members follow the records, threads of messages, boosts,
-- reads, notification levels, mentions and the daily digest's runs. A space's identity is its kind
-- and key ('ncp' + ncps.id, 'hub' + hubs.id, 'activity' + hub_activities.id); its row is written on
-- the first change in it (a post, a guest, a setting) or, for an activity, when its lead opens it.
CREATE TABLE "community_spaces" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by_person_id" integer REFERENCES "people"("id"),
	CONSTRAINT "community_spaces_kind_check" CHECK ("kind" IN ('ncp', 'hub', 'activity'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "community_spaces_uq" ON "community_spaces" USING btree ("kind","ref_id");
--> statement-breakpoint
CREATE INDEX "community_spaces_opened_by_idx" ON "community_spaces" USING btree ("opened_by_person_id");
--> statement-breakpoint
CREATE TABLE "community_guests" (
	"space_id" integer NOT NULL REFERENCES "community_spaces"("id") ON DELETE cascade,
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"added_by_person_id" integer REFERENCES "people"("id"),
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_guests_space_id_person_id_pk" PRIMARY KEY("space_id","person_id")
);
--> statement-breakpoint
CREATE INDEX "community_guests_person_idx" ON "community_guests" USING btree ("person_id");
--> statement-breakpoint
CREATE INDEX "community_guests_added_by_idx" ON "community_guests" USING btree ("added_by_person_id");
--> statement-breakpoint
CREATE TABLE "community_threads" (
	"id" serial PRIMARY KEY NOT NULL,
	"space_id" integer NOT NULL REFERENCES "community_spaces"("id") ON DELETE cascade,
	"title" text NOT NULL,
	"author_person_id" integer NOT NULL REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"last_message_at" timestamp with time zone,
	"reply_count" integer DEFAULT 0 NOT NULL,
	"pinned_at" timestamp with time zone,
	"pinned_by_person_id" integer REFERENCES "people"("id"),
	"answered_message_id" integer,
	"answered_by_person_id" integer REFERENCES "people"("id")
);
--> statement-breakpoint
CREATE INDEX "community_threads_space_idx" ON "community_threads" USING btree ("space_id","last_message_at" DESC, "id" DESC) WHERE "published_at" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "community_threads_author_idx" ON "community_threads" USING btree ("author_person_id");
--> statement-breakpoint
CREATE INDEX "community_threads_pinned_by_idx" ON "community_threads" USING btree ("pinned_by_person_id");
--> statement-breakpoint
CREATE INDEX "community_threads_answered_by_idx" ON "community_threads" USING btree ("answered_by_person_id");
--> statement-breakpoint
CREATE TABLE "community_messages" (
	"id" serial PRIMARY KEY NOT NULL,
	"thread_id" integer NOT NULL REFERENCES "community_threads"("id") ON DELETE cascade,
	"author_person_id" integer NOT NULL REFERENCES "people"("id"),
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"deleted_by_person_id" integer REFERENCES "people"("id"),
	"quote_of_message_id" integer REFERENCES "community_messages"("id"),
	"scheduled_for" timestamp with time zone,
	"is_draft" boolean DEFAULT false NOT NULL,
	"document_id" integer REFERENCES "documents"("id"),
	"search" tsvector GENERATED ALWAYS AS (to_tsvector('english', "body")) STORED
);
--> statement-breakpoint
CREATE INDEX "community_messages_thread_idx" ON "community_messages" USING btree ("thread_id","id");
--> statement-breakpoint
CREATE INDEX "community_messages_author_idx" ON "community_messages" USING btree ("author_person_id");
--> statement-breakpoint
CREATE INDEX "community_messages_deleted_by_idx" ON "community_messages" USING btree ("deleted_by_person_id");
--> statement-breakpoint
CREATE INDEX "community_messages_quote_idx" ON "community_messages" USING btree ("quote_of_message_id");
--> statement-breakpoint
CREATE INDEX "community_messages_published_idx" ON "community_messages" USING btree ("published_at");
--> statement-breakpoint
CREATE INDEX "community_messages_due_idx" ON "community_messages" USING btree ("scheduled_for") WHERE "published_at" IS NULL AND NOT "is_draft";
--> statement-breakpoint
CREATE INDEX "community_messages_document_idx" ON "community_messages" USING btree ("document_id");
--> statement-breakpoint
CREATE INDEX "community_messages_search_idx" ON "community_messages" USING gin ("search");
--> statement-breakpoint
ALTER TABLE "community_threads" ADD CONSTRAINT "community_threads_answered_message_fk" FOREIGN KEY ("answered_message_id") REFERENCES "community_messages"("id") ON DELETE set null;
--> statement-breakpoint
CREATE INDEX "community_threads_answered_idx" ON "community_threads" USING btree ("answered_message_id");
--> statement-breakpoint
CREATE TABLE "community_boosts" (
	"message_id" integer NOT NULL REFERENCES "community_messages"("id") ON DELETE cascade,
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_boosts_message_id_person_id_pk" PRIMARY KEY("message_id","person_id")
);
--> statement-breakpoint
CREATE INDEX "community_boosts_person_idx" ON "community_boosts" USING btree ("person_id");
--> statement-breakpoint
CREATE TABLE "community_reads" (
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"thread_id" integer NOT NULL REFERENCES "community_threads"("id") ON DELETE cascade,
	"last_read_message_id" integer NOT NULL,
	"read_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_reads_person_id_thread_id_pk" PRIMARY KEY("person_id","thread_id")
);
--> statement-breakpoint
CREATE INDEX "community_reads_thread_idx" ON "community_reads" USING btree ("thread_id");
--> statement-breakpoint
CREATE TABLE "community_subscriptions" (
	"id" serial PRIMARY KEY NOT NULL,
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	"space_id" integer REFERENCES "community_spaces"("id") ON DELETE cascade,
	"thread_id" integer REFERENCES "community_threads"("id") ON DELETE cascade,
	"level" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_subscriptions_level_check" CHECK ("level" IN ('all', 'mentions', 'none')),
	CONSTRAINT "community_subscriptions_one_check" CHECK (("space_id" IS NULL) <> ("thread_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "community_subscriptions_space_uq" ON "community_subscriptions" USING btree ("person_id","space_id") WHERE "space_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "community_subscriptions_thread_uq" ON "community_subscriptions" USING btree ("person_id","thread_id") WHERE "thread_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "community_subscriptions_space_idx" ON "community_subscriptions" USING btree ("space_id");
--> statement-breakpoint
CREATE INDEX "community_subscriptions_thread_idx" ON "community_subscriptions" USING btree ("thread_id");
--> statement-breakpoint
CREATE TABLE "community_mentions" (
	"message_id" integer NOT NULL REFERENCES "community_messages"("id") ON DELETE cascade,
	"person_id" integer NOT NULL REFERENCES "people"("id"),
	CONSTRAINT "community_mentions_message_id_person_id_pk" PRIMARY KEY("message_id","person_id")
);
--> statement-breakpoint
CREATE INDEX "community_mentions_person_idx" ON "community_mentions" USING btree ("person_id");
--> statement-breakpoint
CREATE TABLE "community_digest_runs" (
	"day" date PRIMARY KEY NOT NULL,
	"window_from" timestamp with time zone NOT NULL,
	"window_to" timestamp with time zone NOT NULL,
	"people" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Today's academic year in England, '2026/27' (1 September to 31 August).
CREATE FUNCTION "community_current_year"() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT y::text || '/' || lpad(((y + 1) % 100)::text, 2, '0')
  FROM (SELECT CASE WHEN extract(month FROM d) >= 9 THEN extract(year FROM d)::int
                    ELSE extract(year FROM d)::int - 1 END AS y
        FROM (SELECT (now() AT TIME ZONE 'Europe/London')::date AS d) today) years
$$;
--> statement-breakpoint
-- The leads of an NCP's space (one per NCP and year: an ncps row).
CREATE FUNCTION "community_ncp_leads"(p_ncp integer) RETURNS TABLE(person_id integer) LANGUAGE sql STABLE AS $$
  -- The NCP's Project Lead and Coordination Team (roles of migration 0041, by the NCP's number across
  -- years: "09" for NCP23-09), and the national administrators.
  SELECT ra.person_id FROM role_assignments ra JOIN ncps n ON n.id = p_ncp
  WHERE (ra.role = 'national_admin'
         OR (ra.role IN ('ncp_project_lead', 'ncp_coordination')
             AND ra.ncp_key = regexp_replace(n.code, '^NCP\d\d-', '')))
    AND (ra.starts_on IS NULL OR ra.starts_on <= current_date)
    AND (ra.ends_on IS NULL OR ra.ends_on > current_date)
$$;
--> statement-breakpoint
-- Who is in a space today, from the records (nothing is copied: joining and leaving follow them).
--  ncp:      the leads of the NCP's activities in every hub (not cancelled), led by community_ncp_leads;
--  hub:      the hub's LLMEs and leadership today, and every leader of its activities this year (or
--            still planned or running), led by its LLME Community Leads of this year;
--  activity: its leads (who lead the space) and its participants taking part (not withdrawn or deferred);
-- and, for every kind, the guests its leads added. Merged, disabled and erased people are never members.
CREATE FUNCTION "community_space_members"(p_kind text, p_ref integer) RETURNS TABLE(person_id integer, is_lead boolean) LANGUAGE sql STABLE AS $$
  SELECT m.person_id, bool_or(m.is_lead) AS is_lead FROM (
    SELECT l.person_id, true AS is_lead FROM community_ncp_leads(p_ref) l WHERE p_kind = 'ncp'
    UNION ALL
    SELECT al.person_id, false FROM activity_leads al JOIN hub_activities a ON a.id = al.activity_id
    WHERE p_kind = 'ncp' AND a.ncp_id = p_ref AND a.status <> 'cancelled'
    UNION ALL
    SELECT cl.person_id, true FROM llme_community_leads cl
    WHERE p_kind = 'hub' AND cl.hub_id = p_ref AND cl.year_code = community_current_year()
    UNION ALL
    SELECT ra.person_id, false FROM role_assignments ra
    WHERE p_kind = 'hub' AND ra.hub_id = p_ref AND ra.role IN ('llme', 'hub_leadership')
      AND (ra.starts_on IS NULL OR ra.starts_on <= current_date)
      AND (ra.ends_on IS NULL OR ra.ends_on > current_date)
    UNION ALL
    SELECT al.person_id, false FROM activity_leads al JOIN hub_activities a ON a.id = al.activity_id
    WHERE p_kind = 'hub' AND a.hub_id = p_ref AND a.status <> 'cancelled'
      AND (a.year_code = community_current_year() OR a.status IN ('planned', 'running'))
    UNION ALL
    SELECT al.person_id, true FROM activity_leads al WHERE p_kind = 'activity' AND al.activity_id = p_ref
    UNION ALL
    SELECT e.person_id, false FROM enrolments e
    WHERE p_kind = 'activity' AND e.activity_id = p_ref AND e.status IN ('registered', 'completed')
    UNION ALL
    SELECT g.person_id, false FROM community_guests g JOIN community_spaces s ON s.id = g.space_id
    WHERE s.kind = p_kind AND s.ref_id = p_ref
  ) m
  JOIN people p ON p.id = m.person_id
  WHERE p.merged_into_person_id IS NULL AND p.disabled_at IS NULL AND p.erased_at IS NULL
  GROUP BY m.person_id
$$;
--> statement-breakpoint
-- The spaces a person is in today (the same rules as community_space_members, from the person's side).
-- An activity's space counts once its lead has opened it. National administrators (NCP leads) list the
-- NCP spaces of this year's catalogue here (they may open any year's).
CREATE FUNCTION "community_spaces_of"(p_person integer) RETURNS TABLE(kind text, ref_id integer, is_lead boolean) LANGUAGE sql STABLE AS $$
  SELECT s.kind, s.ref_id, bool_or(s.is_lead) FROM (
    SELECT 'ncp'::text AS kind, a.ncp_id AS ref_id, false AS is_lead
    FROM activity_leads al JOIN hub_activities a ON a.id = al.activity_id
    WHERE al.person_id = p_person AND a.status <> 'cancelled'
    UNION ALL
    SELECT 'ncp', n.id, true FROM ncps n
    WHERE n.year_code = community_current_year()
      AND p_person IN (SELECT l.person_id FROM community_ncp_leads(n.id) l)
    UNION ALL
    SELECT 'hub', cl.hub_id, true FROM llme_community_leads cl
    WHERE cl.person_id = p_person AND cl.year_code = community_current_year()
    UNION ALL
    SELECT 'hub', ra.hub_id, false FROM role_assignments ra
    WHERE ra.person_id = p_person AND ra.hub_id IS NOT NULL AND ra.role IN ('llme', 'hub_leadership')
      AND (ra.starts_on IS NULL OR ra.starts_on <= current_date)
      AND (ra.ends_on IS NULL OR ra.ends_on > current_date)
    UNION ALL
    SELECT 'hub', a.hub_id, false FROM activity_leads al JOIN hub_activities a ON a.id = al.activity_id
    WHERE al.person_id = p_person AND a.status <> 'cancelled'
      AND (a.year_code = community_current_year() OR a.status IN ('planned', 'running'))
    UNION ALL
    SELECT 'activity', al.activity_id, true FROM activity_leads al
    JOIN community_spaces cs ON cs.kind = 'activity' AND cs.ref_id = al.activity_id
    WHERE al.person_id = p_person
    UNION ALL
    SELECT 'activity', e.activity_id, false FROM enrolments e
    JOIN community_spaces cs ON cs.kind = 'activity' AND cs.ref_id = e.activity_id
    WHERE e.person_id = p_person AND e.status IN ('registered', 'completed')
    UNION ALL
    SELECT cs.kind, cs.ref_id, false FROM community_guests g JOIN community_spaces cs ON cs.id = g.space_id
    WHERE g.person_id = p_person
  ) s
  WHERE EXISTS (SELECT 1 FROM people p WHERE p.id = p_person AND p.merged_into_person_id IS NULL
                  AND p.disabled_at IS NULL AND p.erased_at IS NULL)
  GROUP BY s.kind, s.ref_id
$$;
