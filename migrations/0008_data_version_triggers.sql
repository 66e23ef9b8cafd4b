-- Data versions (src/platform/data-versions-schema.ts): every statement that changes what a cached page
-- shows records the scopes it changed for its transaction (0 for the national records, else the hub's
-- id), and at commit a deferred trigger gives each of those scopes a new version from one sequence. The
-- version and the change become visible together, and a version row is locked only while committing.
CREATE SEQUENCE data_versions_seq;
--> statement-breakpoint
CREATE FUNCTION data_versions_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions (scope, version) VALUES (NEW.scope, nextval('data_versions_seq'))
    ON CONFLICT (scope) DO UPDATE SET version = EXCLUDED.version;
  DELETE FROM data_version_bumps WHERE txid = NEW.txid AND scope = NEW.scope;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER data_version_bumps_apply AFTER INSERT ON data_version_bumps
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_versions_apply();
--> statement-breakpoint
-- The national records: schools, people, hubs, NCPs, academic years. One bump per statement.
CREATE FUNCTION data_versions_bump_national() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_version_bumps (txid, scope) VALUES (pg_current_xact_id()::text::bigint, 0)
    ON CONFLICT DO NOTHING;
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
CREATE TRIGGER academic_years_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON academic_years
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_national();
--> statement-breakpoint
-- A hub's records. The changed rows' hubs, from the statement's transition tables: activities carry
-- their hub; leads, schools, enrolments and sessions their activity; marks their session. An emptied
-- table (TRUNCATE) raises the national version, which every cached page is kept under.
CREATE FUNCTION data_versions_bump_hubs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO data_version_bumps (txid, scope) VALUES (pg_current_xact_id()::text::bigint, 0)
      ON CONFLICT DO NOTHING;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    IF TG_TABLE_NAME = 'hub_activities' THEN
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, r.hub_id FROM new_rows r ON CONFLICT DO NOTHING;
    ELSIF TG_TABLE_NAME = 'attendance_marks' THEN
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, a.hub_id
        FROM (SELECT DISTINCT session_id FROM new_rows) r
        JOIN activity_sessions s ON s.id = r.session_id JOIN hub_activities a ON a.id = s.activity_id
        ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, a.hub_id
        FROM (SELECT DISTINCT activity_id FROM new_rows) r JOIN hub_activities a ON a.id = r.activity_id
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF TG_TABLE_NAME = 'hub_activities' THEN
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, r.hub_id FROM old_rows r ON CONFLICT DO NOTHING;
    ELSIF TG_TABLE_NAME = 'attendance_marks' THEN
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, a.hub_id
        FROM (SELECT DISTINCT session_id FROM old_rows) r
        JOIN activity_sessions s ON s.id = r.session_id JOIN hub_activities a ON a.id = s.activity_id
        ON CONFLICT DO NOTHING;
    ELSE
      INSERT INTO data_version_bumps (txid, scope)
        SELECT DISTINCT pg_current_xact_id()::text::bigint, a.hub_id
        FROM (SELECT DISTINCT activity_id FROM old_rows) r JOIN hub_activities a ON a.id = r.activity_id
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_insert AFTER INSERT ON hub_activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_update AFTER UPDATE ON hub_activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_delete AFTER DELETE ON hub_activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER hub_activities_data_version_truncate AFTER TRUNCATE ON hub_activities
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_insert AFTER INSERT ON activity_leads
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_update AFTER UPDATE ON activity_leads
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_delete AFTER DELETE ON activity_leads
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_leads_data_version_truncate AFTER TRUNCATE ON activity_leads
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_insert AFTER INSERT ON activity_schools
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_update AFTER UPDATE ON activity_schools
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_delete AFTER DELETE ON activity_schools
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_schools_data_version_truncate AFTER TRUNCATE ON activity_schools
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_insert AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_update AFTER UPDATE ON enrolments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_delete AFTER DELETE ON enrolments
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER enrolments_data_version_truncate AFTER TRUNCATE ON enrolments
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_insert AFTER INSERT ON activity_sessions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_update AFTER UPDATE ON activity_sessions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_delete AFTER DELETE ON activity_sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER activity_sessions_data_version_truncate AFTER TRUNCATE ON activity_sessions
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_insert AFTER INSERT ON attendance_marks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_update AFTER UPDATE ON attendance_marks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_delete AFTER DELETE ON attendance_marks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
--> statement-breakpoint
CREATE TRIGGER attendance_marks_data_version_truncate AFTER TRUNCATE ON attendance_marks
  FOR EACH STATEMENT EXECUTE FUNCTION data_versions_bump_hubs();
