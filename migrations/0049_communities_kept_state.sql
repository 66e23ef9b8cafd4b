-- A mention email sent is remembered on the mention, so that the 7am digest does not tell the person of
-- the same message again (issue 18: notification overload).
ALTER TABLE "community_mentions" ADD COLUMN "emailed_at" timestamp with time zone;
--> statement-breakpoint
-- A deleted document's files are erased from the document store 30 days after it was deleted (the
-- retention schedule, docs/privacy.md); each version's record stays (who, when, the file's name) and says
-- when its bytes were erased.
ALTER TABLE "document_versions" ADD COLUMN "bytes_erased_at" timestamp with time zone;
--> statement-breakpoint
-- How many are in each space, kept, so that a space's front page reads one row instead of working out
-- every member from the records (20,200 in the communities benchmark: about 20 ms a view). Kept for the
-- spaces that have a `community_spaces` row (written by the first change in a space); a space without
-- one is counted from the records, as before.
-- - The writes only mark: statement triggers on the records membership follows add a row to
--   `community_member_count_marks` for each kept space a statement may have changed (an insert: no lock
--   that another writer waits for, whatever the transaction's length). A marked space's count is not
--   used; pages count it from the records until the `community-member-counts` job (every minute) has
--   taken the marks away and recounted it in the same transaction (the count, a later statement, sees
--   every change whose mark it took away).
-- - Membership also follows the calendar, which no write marks: roles' start and end dates against
--   `current_date`, and the academic year of `community_current_year()`. A count is used only on the day
--   and in the academic year it was made (`day`, `year_code`); the job recounts the others.
CREATE TABLE "community_member_counts" (
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"members" integer NOT NULL,
	"day" date NOT NULL,
	"year_code" text NOT NULL,
	CONSTRAINT "community_member_counts_pk" PRIMARY KEY ("kind", "ref_id")
);
--> statement-breakpoint
CREATE TABLE "community_member_count_marks" (
	"kind" text NOT NULL,
	"ref_id" integer NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "community_member_count_marks_space_idx" ON "community_member_count_marks" USING btree ("kind", "ref_id");
--> statement-breakpoint
-- Counts one space from the records (the job, after taking its marks away; the migration).
CREATE FUNCTION "community_recount"(p_kind text, p_ref integer) RETURNS void LANGUAGE sql VOLATILE AS $$
  INSERT INTO community_member_counts (kind, ref_id, members, day, year_code)
  SELECT p_kind, p_ref, count(*)::int, current_date, community_current_year()
  FROM community_space_members(p_kind, p_ref)
  ON CONFLICT (kind, ref_id) DO UPDATE
    SET members = EXCLUDED.members, day = EXCLUDED.day, year_code = EXCLUDED.year_code
$$;
--> statement-breakpoint
-- A statement changed records membership follows: mark the kept spaces it may have changed. TG_ARGV[0]
-- is a query of (kind, ref_id) over a transition table named by %1$I: `n` (new rows), `o` (old rows).
CREATE FUNCTION "community_member_counts_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    touched := format(TG_ARGV[0], 'n');
  ELSIF TG_OP = 'DELETE' THEN
    touched := format(TG_ARGV[0], 'o');
  ELSE
    touched := format(TG_ARGV[0], 'n') || ' UNION ' || format(TG_ARGV[0], 'o');
  END IF;
  EXECUTE 'INSERT INTO community_member_count_marks (kind, ref_id) SELECT s.kind, s.ref_id FROM community_spaces s'
    || ' WHERE (s.kind, s.ref_id) IN (' || touched || ')';
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A space's row is written: its count is kept from now on (the job makes it).
CREATE FUNCTION "community_spaces_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO community_member_count_marks (kind, ref_id) SELECT DISTINCT kind, ref_id FROM n;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER community_spaces_member_counts AFTER INSERT ON community_spaces
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION community_spaces_counted();
--> statement-breakpoint
-- Someone merged, disabled, erased (or back): every kept space is marked (rare; a person's spaces cannot
-- be asked of the records once they are no longer a member of any).
CREATE FUNCTION "community_people_counted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM n JOIN o ON o.id = n.id
             WHERE (n.merged_into_person_id, n.disabled_at, n.erased_at)
                   IS DISTINCT FROM (o.merged_into_person_id, o.disabled_at, o.erased_at)) THEN
    INSERT INTO community_member_count_marks (kind, ref_id) SELECT kind, ref_id FROM community_spaces;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_member_counts AFTER UPDATE ON people
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION community_people_counted();
--> statement-breakpoint
-- community_guests: the spaces its rows may put people in or take them out of.
CREATE TRIGGER community_guests_member_counts_insert AFTER INSERT ON community_guests
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT s.kind, s.ref_id FROM %1$I g JOIN community_spaces s ON s.id = g.space_id');
--> statement-breakpoint
CREATE TRIGGER community_guests_member_counts_update AFTER UPDATE ON community_guests
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT s.kind, s.ref_id FROM %1$I g JOIN community_spaces s ON s.id = g.space_id');
--> statement-breakpoint
CREATE TRIGGER community_guests_member_counts_delete AFTER DELETE ON community_guests
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT s.kind, s.ref_id FROM %1$I g JOIN community_spaces s ON s.id = g.space_id');
--> statement-breakpoint
-- activity_leads: the spaces its rows may put people in or take them out of.
CREATE TRIGGER activity_leads_member_counts_insert AFTER INSERT ON activity_leads
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', l.activity_id FROM %1$I l UNION SELECT ''ncp'', a.ncp_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id');
--> statement-breakpoint
CREATE TRIGGER activity_leads_member_counts_update AFTER UPDATE ON activity_leads
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', l.activity_id FROM %1$I l UNION SELECT ''ncp'', a.ncp_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id');
--> statement-breakpoint
CREATE TRIGGER activity_leads_member_counts_delete AFTER DELETE ON activity_leads
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', l.activity_id FROM %1$I l UNION SELECT ''ncp'', a.ncp_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I l JOIN hub_activities a ON a.id = l.activity_id');
--> statement-breakpoint
-- hub_activities: the spaces its rows may put people in or take them out of.
CREATE TRIGGER hub_activities_member_counts_insert AFTER INSERT ON hub_activities
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', a.id FROM %1$I a UNION SELECT ''ncp'', a.ncp_id FROM %1$I a WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I a');
--> statement-breakpoint
CREATE TRIGGER hub_activities_member_counts_update AFTER UPDATE ON hub_activities
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', a.id FROM %1$I a UNION SELECT ''ncp'', a.ncp_id FROM %1$I a WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I a');
--> statement-breakpoint
CREATE TRIGGER hub_activities_member_counts_delete AFTER DELETE ON hub_activities
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', a.id FROM %1$I a UNION SELECT ''ncp'', a.ncp_id FROM %1$I a WHERE a.ncp_id IS NOT NULL UNION SELECT ''hub'', a.hub_id FROM %1$I a');
--> statement-breakpoint
-- enrolments: the spaces its rows may put people in or take them out of.
CREATE TRIGGER enrolments_member_counts_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', e.activity_id FROM %1$I e');
--> statement-breakpoint
CREATE TRIGGER enrolments_member_counts_update AFTER UPDATE ON enrolments
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', e.activity_id FROM %1$I e');
--> statement-breakpoint
CREATE TRIGGER enrolments_member_counts_delete AFTER DELETE ON enrolments
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''activity'', e.activity_id FROM %1$I e');
--> statement-breakpoint
-- llme_community_leads: the spaces its rows may put people in or take them out of.
CREATE TRIGGER llme_community_leads_member_counts_insert AFTER INSERT ON llme_community_leads
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', l.hub_id FROM %1$I l');
--> statement-breakpoint
CREATE TRIGGER llme_community_leads_member_counts_update AFTER UPDATE ON llme_community_leads
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', l.hub_id FROM %1$I l');
--> statement-breakpoint
CREATE TRIGGER llme_community_leads_member_counts_delete AFTER DELETE ON llme_community_leads
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', l.hub_id FROM %1$I l');
--> statement-breakpoint
-- role_assignments: the spaces its rows may put people in or take them out of.
CREATE TRIGGER role_assignments_member_counts_insert AFTER INSERT ON role_assignments
  REFERENCING NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', r.hub_id FROM %1$I r WHERE r.hub_id IS NOT NULL AND r.role IN (''llme'', ''hub_leadership'') UNION SELECT ''ncp'', c.ref_id FROM %1$I r JOIN community_spaces c ON c.kind = ''ncp'' WHERE r.role IN (''national_admin'', ''ncp_project_lead'', ''ncp_coordination'')');
--> statement-breakpoint
CREATE TRIGGER role_assignments_member_counts_update AFTER UPDATE ON role_assignments
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', r.hub_id FROM %1$I r WHERE r.hub_id IS NOT NULL AND r.role IN (''llme'', ''hub_leadership'') UNION SELECT ''ncp'', c.ref_id FROM %1$I r JOIN community_spaces c ON c.kind = ''ncp'' WHERE r.role IN (''national_admin'', ''ncp_project_lead'', ''ncp_coordination'')');
--> statement-breakpoint
CREATE TRIGGER role_assignments_member_counts_delete AFTER DELETE ON role_assignments
  REFERENCING OLD TABLE AS o FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''hub'', r.hub_id FROM %1$I r WHERE r.hub_id IS NOT NULL AND r.role IN (''llme'', ''hub_leadership'') UNION SELECT ''ncp'', c.ref_id FROM %1$I r JOIN community_spaces c ON c.kind = ''ncp'' WHERE r.role IN (''national_admin'', ''ncp_project_lead'', ''ncp_coordination'')');
--> statement-breakpoint
-- ncps: the spaces its rows may put people in or take them out of.
CREATE TRIGGER ncps_member_counts_update AFTER UPDATE ON ncps
  REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT
  EXECUTE FUNCTION community_member_counts_changed('SELECT ''ncp'', n.id FROM %1$I n');
--> statement-breakpoint
-- The spaces already written: their counts, made now.
SELECT community_recount(kind, ref_id) FROM (SELECT kind, ref_id FROM community_spaces ORDER BY kind, ref_id) s;
