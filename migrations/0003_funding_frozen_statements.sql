-- Custom SQL migration file, put your code below! ---- A closed grant statement is never rewritten: the database refuses to change it, to add a revision to
-- it, or to change or remove any stored revision or line (later changes are adjustments on the next
-- statement; see docs/funding.md).
CREATE FUNCTION grant_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'grant_statements' THEN
    IF OLD.status = 'closed' THEN
      RAISE EXCEPTION 'grant statement % is closed and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  ELSIF TG_TABLE_NAME = 'grant_statement_revisions' AND TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM grant_statements WHERE id = NEW.statement_id AND status = 'closed') THEN
      RAISE EXCEPTION 'grant statement % is closed: no new revision', NEW.statement_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  ELSIF TG_TABLE_NAME = 'grant_statement_lines' AND TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM grant_statement_revisions r JOIN grant_statements s ON s.id = r.statement_id
               WHERE r.id = NEW.revision_id AND s.status = 'closed') THEN
      RAISE EXCEPTION 'grant statement revision % belongs to a closed statement', NEW.revision_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'stated grant revisions and lines are history and cannot be changed or removed' USING ERRCODE = 'check_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER grant_statements_frozen BEFORE UPDATE OR DELETE ON grant_statements
  FOR EACH ROW EXECUTE FUNCTION grant_statement_frozen();
--> statement-breakpoint
CREATE TRIGGER grant_statement_revisions_frozen BEFORE INSERT OR UPDATE OR DELETE ON grant_statement_revisions
  FOR EACH ROW EXECUTE FUNCTION grant_statement_frozen();
--> statement-breakpoint
CREATE TRIGGER grant_statement_lines_frozen BEFORE INSERT OR UPDATE OR DELETE ON grant_statement_lines
  FOR EACH ROW EXECUTE FUNCTION grant_statement_frozen();
