-- Data versions (src/platform/data-versions-schema.ts): every statement that changes what a kept page
-- shows records the scopes it changed for its transaction ('national', 'hub:ID', 'activity:ID'), and at
-- commit one deferred trigger gives each of those scopes a new version from one sequence, in one
-- statement and in the order of the scopes (so two transactions lock version rows in the same order).
-- The versions and the change become visible together; version rows are locked only while committing.
CREATE SEQUENCE data_versions_seq;
--> statement-breakpoint
CREATE FUNCTION data_versions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (scope, version)
    SELECT b.scope, nextval('data_versions_seq') FROM data_version_bumps b WHERE b.txid = NEW.txid ORDER BY b.scope
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  DELETE FROM data_version_bumps WHERE txid = NEW.txid;
  DELETE FROM data_version_commits WHERE txid = NEW.txid;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER data_version_commits_apply AFTER INSERT ON data_version_commits
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_versions_apply();
--> statement-breakpoint
-- Records the scopes of a statement for its transaction.
CREATE FUNCTION data_versions_record(scopes text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tx bigint := pg_current_xact_id()::text::bigint;
BEGIN
  IF scopes IS NULL OR cardinality(scopes) = 0 THEN
    RETURN;
  END IF;
  INSERT INTO data_version_bumps (txid, scope) SELECT tx, s FROM unnest(scopes) s ON CONFLICT DO NOTHING;
  INSERT INTO data_version_commits (txid) VALUES (tx) ON CONFLICT DO NOTHING;
END $$;
--> statement-breakpoint
-- The national records: schools, people, hubs and the areas they serve, local authorities, NCPs,
-- academic years. People are added without a page changing (a new person shows only once enrolled or
-- leading, which raises their activity's version).
CREATE FUNCTION data_versions_bump_national() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM data_versions_record(ARRAY['national']);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['schools', 'hubs', 'hub_areas', 'local_authorities', 'ncps', 'academic_years'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national()', t || '_data_version', t);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE TRIGGER people_data_version AFTER UPDATE OR DELETE OR TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
-- A hub's records: the changed rows' activities and their hubs, from the statement's transition
-- tables. Activities carry their hub; leads, schools, enrolments and sessions their activity; marks
-- their session. An emptied table (TRUNCATE) raises the national version, which every key includes.
CREATE FUNCTION data_versions_bump_activities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_of text;
  changed text;
  scopes text[] := '{}';
  found text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM data_versions_record(ARRAY['national']);
    RETURN NULL;
  END IF;
  -- The activities of the changed rows, with their hubs; %I is the transition table.
  changed := CASE TG_TABLE_NAME
    WHEN 'hub_activities' THEN 'SELECT id AS activity_id, hub_id FROM %I'
    WHEN 'attendance_marks' THEN 'SELECT a.id AS activity_id, a.hub_id FROM (SELECT DISTINCT session_id FROM %I) r
      JOIN activity_sessions s ON s.id = r.session_id JOIN hub_activities a ON a.id = s.activity_id'
    ELSE 'SELECT a.id AS activity_id, a.hub_id FROM (SELECT DISTINCT activity_id FROM %I) r
      JOIN hub_activities a ON a.id = r.activity_id'
  END;
  FOREACH rows_of IN ARRAY CASE TG_OP
    WHEN 'INSERT' THEN ARRAY['new_rows'] WHEN 'DELETE' THEN ARRAY['old_rows'] ELSE ARRAY['new_rows', 'old_rows'] END
  LOOP
    EXECUTE format('SELECT array_agg(DISTINCT x.scope) FROM (' || changed || ') c
      CROSS JOIN LATERAL (VALUES (''hub:'' || c.hub_id), (''activity:'' || c.activity_id)) x(scope)', rows_of)
      INTO found;
    scopes := scopes || coalesce(found, '{}');
  END LOOP;
  PERFORM data_versions_record(scopes);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hub_activities', 'activity_leads', 'activity_schools', 'enrolments', 'activity_sessions',
    'attendance_marks'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities()', t || '_data_version_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities()', t || '_data_version_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities()', t || '_data_version_delete', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I
      FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities()', t || '_data_version_truncate', t);
  END LOOP;
END $$;
