-- Edit versions for people (src/platform/edit-versions.ts): correcting a person's name or email carries
-- the version the form was made from, so two staff correcting the same person at once cannot overwrite
-- each other. The password and the current school are changed by other forms and do not raise it.
ALTER TABLE "people" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;
--> statement-breakpoint
CREATE TRIGGER people_edit_version BEFORE UPDATE ON people
  FOR EACH ROW EXECUTE FUNCTION edit_version_raise('password_hash', 'school_urn');
