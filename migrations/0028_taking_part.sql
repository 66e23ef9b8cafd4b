-- One meaning of taking part (docs/definitions.md, "Taking part"): a participant takes part in an activity
-- when they were marked present at one of its sessions or their completion is recorded; a school takes
-- part when its completion of the activity is recorded or a participant enrolled with it took part.
-- Engagement, participants, "starting" a programme, stage counts and Mastering Number all read it.
-- Rows: one per enrolment taking part (enrolment_id and person_id set), and one per school completion
-- (enrolment_id and person_id NULL). A function (inlined by the planner, so a caller's conditions on
-- year or hub reach the tables) rather than a view, so that it holds no columns of its own. Its tables
-- are named with their schema: a materialised view's refresh reads it with an empty search path.
CREATE FUNCTION "taking_part"()
  RETURNS TABLE (enrolment_id int, activity_id int, person_id int, school_urn int, year_code text, hub_id int)
  LANGUAGE sql STABLE AS $$
  SELECT e.id, e.activity_id, e.person_id, e.school_urn, a.year_code, a.hub_id
  FROM public.enrolments e JOIN public.hub_activities a ON a.id = e.activity_id
  WHERE e.status = 'completed'
     OR EXISTS (SELECT 1 FROM public.attendance_marks m JOIN public.activity_sessions s ON s.id = m.session_id
                WHERE m.enrolment_id = e.id AND m.status = 'present' AND s.activity_id = e.activity_id)
  UNION ALL
  SELECT NULL::int, x.activity_id, NULL::int, x.school_urn, a.year_code, a.hub_id
  FROM public.activity_schools x JOIN public.hub_activities a ON a.id = x.activity_id
  WHERE x.status = 'completed' AND x.school_urn IS NOT NULL
$$;
--> statement-breakpoint
-- The reports' materialised views are made again from the new definition on first use.
DROP MATERIALIZED VIEW IF EXISTS "reporting_programme_people";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "reporting_school_years";
--> statement-breakpoint
DROP MATERIALIZED VIEW IF EXISTS "reporting_present_enrolments";
