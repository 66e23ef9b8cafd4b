-- Edit versions (src/platform/edit-versions.ts): a record that people edit through a form carries a
-- version, raised on every change to what the form edits. A form carries the version it was made from
-- and the save writes only `WHERE id = $1 AND version = $2`, so a stale save is refused, not lost.
-- The trigger raises the version for every other writer too (imports, the command line, SQL), unless
-- the statement sets it itself; columns named in the trigger's arguments (counters kept by the
-- system, not edited in the form) do not raise it.
ALTER TABLE "hub_activities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "programme_events" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "ncps" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "local_authorities" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
ALTER TABLE "grant_rule_sets" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE FUNCTION edit_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ignored text[] := ARRAY['version', 'updated_at'] || TG_ARGV::text[];
BEGIN
  IF NEW.version = OLD.version AND (to_jsonb(NEW) - ignored) IS DISTINCT FROM (to_jsonb(OLD) - ignored) THEN
    NEW.version := OLD.version + 1;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER hub_activities_edit_version BEFORE UPDATE ON hub_activities
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TRIGGER programme_events_edit_version BEFORE UPDATE ON programme_events
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise('confirmed_count', 'confirm_by');
--> statement-breakpoint
CREATE TRIGGER ncps_edit_version BEFORE UPDATE ON ncps
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TRIGGER hubs_edit_version BEFORE UPDATE ON hubs
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TRIGGER local_authorities_edit_version BEFORE UPDATE ON local_authorities
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
--> statement-breakpoint
CREATE TRIGGER grant_rule_sets_edit_version BEFORE UPDATE ON grant_rule_sets
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise();
