CREATE TABLE "survey_answer_packs" (
	"invitation_id" integer PRIMARY KEY NOT NULL,
	"pack0" bigint,
	"pack1" bigint
);
--> statement-breakpoint
CREATE TABLE "survey_statement_numbers" (
	"ncp_key" text NOT NULL,
	"key" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "survey_statement_numbers_ncp_key_key_pk" PRIMARY KEY("ncp_key","key")
);
--> statement-breakpoint
ALTER TABLE "survey_answer_packs" ADD CONSTRAINT "survey_answer_packs_invitation_id_survey_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."survey_invitations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "survey_statement_numbers_n_uq" ON "survey_statement_numbers" USING btree ("ncp_key","n");--> statement-breakpoint
-- Each agreement statement of an NCP's participant surveys gets a number the first time it is written,
-- kept for good, so that packed answers keep their meaning when a template gets a new version.
CREATE FUNCTION "survey_number_statement"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  template_ncp text;
  template_kind text;
BEGIN
  IF NEW.type <> 'agreement' THEN
    RETURN NULL;
  END IF;
  SELECT t.ncp_key, t.kind INTO template_ncp, template_kind FROM public.survey_templates t WHERE t.id = NEW.template_id;
  IF template_kind NOT IN ('participant_early', 'participant_summer') THEN
    RETURN NULL;
  END IF;
  -- One numbering at a time per NCP, so two templates written at once cannot take the same number.
  PERFORM pg_advisory_xact_lock(hashtext('survey_statement_numbers'), hashtext(template_ncp));
  INSERT INTO public.survey_statement_numbers (ncp_key, key, n)
    SELECT template_ncp, NEW.key, coalesce(max(s.n) + 1, 0) FROM public.survey_statement_numbers s WHERE s.ncp_key = template_ncp
    ON CONFLICT (ncp_key, key) DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "survey_questions_number" AFTER INSERT ON "survey_questions"
  FOR EACH ROW EXECUTE FUNCTION "survey_number_statement"();
--> statement-breakpoint
-- The packs of the invitations whose answers a statement touched, made again from their answers.
CREATE FUNCTION "survey_repack"(touched int[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM public.survey_answer_packs p USING unnest(touched) u(id) WHERE p.invitation_id = u.id;
  INSERT INTO public.survey_answer_packs (invitation_id, pack0, pack1)
  SELECT a.invitation_id,
         bit_or(CASE WHEN n.n < 21 THEN a.value_number::int::bigint << (3 * n.n) END),
         bit_or(CASE WHEN n.n >= 21 THEN a.value_number::int::bigint << (3 * (n.n - 21)) END)
  FROM unnest(touched) u(id)
  JOIN public.survey_answers a ON a.invitation_id = u.id
  JOIN public.survey_questions q ON q.id = a.question_id AND q.type = 'agreement'
  JOIN public.survey_templates t ON t.id = q.template_id
  JOIN public.survey_statement_numbers n ON n.ncp_key = t.ncp_key AND n.key = q.key AND n.n < 42
  WHERE a.value_number BETWEEN 1 AND 5 AND a.value_number = trunc(a.value_number)
  GROUP BY a.invitation_id;
$$;
--> statement-breakpoint
CREATE FUNCTION "survey_answers_repack"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.survey_repack(ARRAY(SELECT DISTINCT invitation_id FROM new_answers));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.survey_repack(ARRAY(SELECT DISTINCT invitation_id FROM old_answers));
  ELSE
    PERFORM public.survey_repack(ARRAY(
      SELECT invitation_id FROM new_answers UNION SELECT invitation_id FROM old_answers));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "survey_answers_repack_insert" AFTER INSERT ON "survey_answers"
  REFERENCING NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION "survey_answers_repack"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_repack_update" AFTER UPDATE ON "survey_answers"
  REFERENCING OLD TABLE AS old_answers NEW TABLE AS new_answers FOR EACH STATEMENT EXECUTE FUNCTION "survey_answers_repack"();
--> statement-breakpoint
CREATE TRIGGER "survey_answers_repack_delete" AFTER DELETE ON "survey_answers"
  REFERENCING OLD TABLE AS old_answers FOR EACH STATEMENT EXECUTE FUNCTION "survey_answers_repack"();
--> statement-breakpoint
-- What was written before: statements numbered in the order of their keys, answers packed.
INSERT INTO "survey_statement_numbers" (ncp_key, key, n)
  SELECT ncp_key, key, (row_number() OVER (PARTITION BY ncp_key ORDER BY key) - 1)::int
  FROM (SELECT DISTINCT t.ncp_key, q.key FROM "survey_questions" q JOIN "survey_templates" t ON t.id = q.template_id
        WHERE q.type = 'agreement' AND t.kind IN ('participant_early', 'participant_summer')) s;
--> statement-breakpoint
SELECT "survey_repack"(ARRAY(SELECT DISTINCT invitation_id FROM "survey_answers"));
