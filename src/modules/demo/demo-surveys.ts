import type pg from 'pg';
import { seedTemplates } from '../evaluation/survey-seed.ts';
import type { DemoYears } from './demo-delivery.ts';

/**
 * The demonstration's national surveys: the shipped seed templates (NCPs 09, 12 and 26 and the other
 * years' codes of the same NCPs), each year's windows (early: October and November; summer: June to
 * mid-July; LLMEs: mid-June to July), and for every participant of those NCPs' activities an
 * invitation to each window opened by today, answered by 70% to 90% of them (the share varies by hub).
 * Answers are synthetic and deterministic (a hash of the invitation decides): most participants agree
 * more in the summer than early in the year, some the same, a few less. A window still open today is
 * part-way. All in SQL, on the loader's transaction.
 */

/** The words of free-text answers (one is chosen by a hash; most optional ones are left blank). */
const freeTexts = [
  'More confident using representations and structures with the whole class.',
  'Pupils explain their reasoning in full sentences more often.',
  'We now plan small steps together as a department.',
  'Using the same-day intervention has helped pupils keep up.',
  'Time to try the ideas in class between sessions.',
  'Better questioning to check understanding during the lesson.',
  'Still finding it hard to find time to plan with colleagues.',
  'Fluency practice every day has made a difference.',
];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

function statements({ years, today }: DemoYears): string[] {
  const day = `'${today}'::date`;
  const yearList = years.map(literal).join(', ');
  const texts = `ARRAY[${freeTexts.map(literal).join(', ')}]`;
  return [
    `CREATE OR REPLACE FUNCTION pg_temp.su(key text) RETURNS double precision IMMUTABLE LANGUAGE sql AS
       $$ SELECT (hashtext('survey:' || key)::bigint + 2147483648)::double precision / 4294967296.0 $$`,

    `INSERT INTO survey_templates (ncp_key, kind, version, title, introduction, anonymous_free_text, published_at)
     SELECT t->>'ncpKey', t->>'kind', 1, t->>'title', t->>'introduction', (t->>'anonymousFreeText')::boolean, now()
     FROM jsonb_array_elements($1::jsonb) t
     ON CONFLICT DO NOTHING`,

    `INSERT INTO survey_questions (template_id, position, key, type, text, hint, options, required)
     SELECT st.id, q.ord, q.v->>'key', q.v->>'type', q.v->>'text', q.v->>'hint', coalesce(q.v->'options', '[]'::jsonb),
            coalesce((q.v->>'required')::boolean, true)
     FROM jsonb_array_elements($1::jsonb) t
     JOIN survey_templates st ON st.ncp_key = t->>'ncpKey' AND st.kind = t->>'kind' AND st.version = 1
     CROSS JOIN LATERAL jsonb_array_elements(t->'questions') WITH ORDINALITY q(v, ord)
     ON CONFLICT DO NOTHING`,

    `INSERT INTO survey_windows (year_code, kind, opens_on, closes_on)
     SELECT y.code, w.kind, make_date(left(y.code, 4)::int + w.year_add, w.om, w.od), make_date(left(y.code, 4)::int + w.year_add, w.cm, w.cd)
     FROM unnest(ARRAY[${yearList}]) y(code)
     CROSS JOIN (VALUES ('participant_early', 0, 10, 1, 11, 30), ('participant_summer', 1, 6, 1, 7, 15),
                        ('llme_end_of_year', 1, 6, 15, 7, 31)) w(kind, year_add, om, od, cm, cd)
     ON CONFLICT DO NOTHING`,

    // One invitation per participant taking part and window opened by today, for activities under way by
    // the window's end; answered by the hub's share (70% to 90%), on a day of the window up to today.
    `INSERT INTO survey_invitations (template_id, activity_id, hub_id, person_id, enrolment_id, year_code, kind, token_hash, issued_at, submitted_at)
     SELECT st.id, a.id, a.hub_id, e.person_id, e.id, a.year_code, w.kind,
            'demo:' || md5('survey-invitation:' || e.id || ':' || w.kind), w.opens_on::timestamptz,
            CASE WHEN pg_temp.su(e.id || ':' || w.kind) < 0.7 + 0.2 * pg_temp.su('hub:' || a.hub_id || ':' || w.kind)
                 THEN (w.opens_on + floor(pg_temp.su('day:' || e.id || ':' || w.kind)
                        * (least(w.closes_on, ${day}) - w.opens_on + 1))::int)::timestamptz + interval '17 hours' END
     FROM enrolments e
     JOIN hub_activities a ON a.id = e.activity_id
     JOIN ncps n ON n.id = a.ncp_id
     JOIN survey_windows w ON w.year_code = a.year_code AND w.kind IN ('participant_early', 'participant_summer')
     JOIN survey_templates st ON st.ncp_key = regexp_replace(n.code, '^NCP\\d\\d-', '') AND st.kind = w.kind AND st.version = 1
     WHERE a.year_code IN (${yearList}) AND w.opens_on <= ${day} AND a.starts_on <= w.closes_on
       AND a.status <> 'cancelled' AND e.status IN ('registered', 'completed')
     ORDER BY e.id, w.kind
     ON CONFLICT DO NOTHING`,

    // The answers. A participant's early agreement is 2 to 4 (1 or 5 now and then); in the summer, 80% of
    // participants agree more (by 1, sometimes 2), 12% the same, 8% less; hubs differ a little.
    `INSERT INTO survey_answers (invitation_id, question_id, value_number, value_text, value_choices)
     SELECT i.id, q.id,
       CASE q.type
         WHEN 'agreement' THEN least(5, greatest(1,
             round(1.3 + 3.0 * pg_temp.su('early:' || i.activity_id || ':' || i.person_id || ':' || q.key))
             + CASE WHEN i.kind = 'participant_early' THEN 0
                    ELSE CASE WHEN pg_temp.su('who:' || i.activity_id || ':' || i.person_id) < 0.8
                              THEN round(0.2 + 1.2 * pg_temp.su('gain:' || i.id || ':' || q.key) + 0.3 * pg_temp.su('hub:' || i.hub_id))
                              WHEN pg_temp.su('who:' || i.activity_id || ':' || i.person_id) < 0.92 THEN 0
                              ELSE -1 END END))
         WHEN 'number' THEN CASE q.key WHEN 'sessions_attended' THEN 3 + floor(3 * pg_temp.su('n:' || i.id))
                                      ELSE 1 + floor(20 * pg_temp.su('n:' || i.id) ^ 2) END
       END,
       CASE WHEN q.type = 'free_text' THEN (${texts})[1 + floor(${freeTexts.length} * pg_temp.su('t:' || i.id || ':' || q.key))::int] END,
       CASE q.type
         WHEN 'single_choice' THEN ARRAY[q.options->>floor(jsonb_array_length(q.options) * pg_temp.su('c:' || i.id) ^ 2)::int]
         WHEN 'multiple_choice' THEN ARRAY(SELECT o FROM jsonb_array_elements_text(q.options) WITH ORDINALITY x(o, k)
                                           WHERE k = 1 OR pg_temp.su('m:' || i.id || ':' || k) < 0.4 ORDER BY k)
       END
     FROM survey_invitations i
     JOIN survey_questions q ON q.template_id = i.template_id
     WHERE i.submitted_at IS NOT NULL
       AND (q.type <> 'free_text' OR pg_temp.su('w:' || i.id || ':' || q.key) < 0.3)
     ORDER BY i.id, q.position`,
  ];
}

export interface DemoSurveysSummary {
  invitations: number;
  answers: number;
}

/** The demonstration's surveys (templates, windows, invitations and answers), on the loader's transaction. */
export async function loadDemoSurveys(client: pg.PoolClient, when: DemoYears): Promise<DemoSurveysSummary> {
  const templates = JSON.stringify(seedTemplates());
  for (const statement of statements(when)) {
    const started = performance.now();
    await client.query(statement, statement.includes('$1') ? [templates] : []);
    if (process.env.DEMO_TIMINGS)
      console.error(Math.round(performance.now() - started), statement.slice(0, 70).replace(/\s+/g, ' '));
  }
  const { rows } = await client.query<{ invitations: number; answers: number }>(
    `SELECT (SELECT count(*)::int FROM survey_invitations) AS invitations,
            (SELECT count(*)::int FROM survey_answers) AS answers`,
  );
  return rows[0]!;
}
