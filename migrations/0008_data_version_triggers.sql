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
CREATE TRIGGER schools_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON schools
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER people_data_version AFTER UPDATE OR DELETE OR TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER hubs_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hubs
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER ncps_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ncps
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER hub_areas_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hub_areas
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER local_authorities_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON local_authorities
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
CREATE TRIGGER academic_years_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON academic_years
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
-- A hub's records: the changed rows' activities and their hubs, from the statement's transition
-- tables. Activities carry their hub; leads, schools, enrolments and sessions their activity; marks
-- their session. An emptied table (TRUNCATE) raises the national version, which every key includes.
CREATE FUNCTION data_versions_bump_activities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  scopes text[] := '{}';
  found text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM data_versions_record(ARRAY['national']);
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF TG_TABLE_NAME = 'hub_activities' THEN
      SELECT array_agg(DISTINCT x.scope) INTO found FROM new_rows r
        CROSS JOIN LATERAL (VALUES ('hub:' || r.hub_id), ('activity:' || r.id)) x(scope);
    ELSIF TG_TABLE_NAME = 'attendance_marks' THEN
      SELECT array_agg(DISTINCT x.scope) INTO found
        FROM (SELECT DISTINCT session_id FROM new_rows) r
        JOIN activity_sessions s ON s.id = r.session_id JOIN hub_activities a ON a.id = s.activity_id
        CROSS JOIN LATERAL (VALUES ('hub:' || a.hub_id), ('activity:' || a.id)) x(scope);
    ELSE
      SELECT array_agg(DISTINCT x.scope) INTO found
        FROM (SELECT DISTINCT activity_id FROM new_rows) r JOIN hub_activities a ON a.id = r.activity_id
        CROSS JOIN LATERAL (VALUES ('hub:' || a.hub_id), ('activity:' || a.id)) x(scope);
    END IF;
    scopes := scopes || coalesce(found, '{}');
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_TABLE_NAME = 'hub_activities' THEN
      SELECT array_agg(DISTINCT x.scope) INTO found FROM old_rows r
        CROSS JOIN LATERAL (VALUES ('hub:' || r.hub_id), ('activity:' || r.id)) x(scope);
    ELSIF TG_TABLE_NAME = 'attendance_marks' THEN
      SELECT array_agg(DISTINCT x.scope) INTO found
        FROM (SELECT DISTINCT session_id FROM old_rows) r
        JOIN activity_sessions s ON s.id = r.session_id JOIN hub_activities a ON a.id = s.activity_id
        CROSS JOIN LATERAL (VALUES ('hub:' || a.hub_id), ('activity:' || a.id)) x(scope);
    ELSE
      SELECT array_agg(DISTINCT x.scope) INTO found
        FROM (SELECT DISTINCT activity_id FROM old_rows) r JOIN hub_activities a ON a.id = r.activity_id
        CROSS JOIN LATERAL (VALUES ('hub:' || a.hub_id), ('activity:' || a.id)) x(scope);
    END IF;
    scopes := scopes || coalesce(found, '{}');
  END IF;
  PERFORM data_versions_record(scopes);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_insert AFTER INSERT ON hub_activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_update AFTER UPDATE ON hub_activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_delete AFTER DELETE ON hub_activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_truncate AFTER TRUNCATE ON hub_activities
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_insert AFTER INSERT ON activity_leads
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_update AFTER UPDATE ON activity_leads
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_delete AFTER DELETE ON activity_leads
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_truncate AFTER TRUNCATE ON activity_leads
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_insert AFTER INSERT ON activity_schools
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_update AFTER UPDATE ON activity_schools
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_delete AFTER DELETE ON activity_schools
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_truncate AFTER TRUNCATE ON activity_schools
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_update AFTER UPDATE ON enrolments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_delete AFTER DELETE ON enrolments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_truncate AFTER TRUNCATE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_insert AFTER INSERT ON activity_sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_update AFTER UPDATE ON activity_sessions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_delete AFTER DELETE ON activity_sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_truncate AFTER TRUNCATE ON activity_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_insert AFTER INSERT ON attendance_marks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_update AFTER UPDATE ON attendance_marks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_delete AFTER DELETE ON attendance_marks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_truncate AFTER TRUNCATE ON attendance_marks
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_activities();
