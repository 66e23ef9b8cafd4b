import type pg from 'pg';
import { withForeignKeysCheckedOnce } from '../../platform/foreign-keys-checked-once.ts';
import type { DemoYears } from './demo-delivery.ts';

/**
 * The demonstration's local evaluation: HAPPI forms (evaluation/happi-*) and records of visits to schools
 * (evaluation/visit-*), the rows the product's use cases would have written, each step dated on its year's
 * timeline and kept only if it happened by yesterday:
 *  - HAPPI: every activity of the four years with a lead and sessions or schools (Work Groups, programme
 *    cohorts, Targeted Support) has a form, but 3%. Its lead begins the plan around the first session
 *    (the NCP family's suggested outcomes, the methods ticked) and submits it within a month (a fifth
 *    later: the deadline is 31 October); one of the hub's leadership reviews it within a week to a month
 *    (up to two at a slow hub), returning 12% once with a reason; the lead changes and resubmits it and it
 *    is accepted. Progress updates follow (after a month or so, mid-year, near the end); the evidence of
 *    impact is written in June and submitted by mid-July, reviewed (6% returned once) and accepted; 6%
 *    never submit it. So past years' forms are mostly accepted, and today's year is part-way: in December
 *    the running activities' plans are mostly accepted or waiting for review, some drafts, a few returned,
 *    with autumn progress updates; those starting later have none or a draft.
 *  - Visits: the leads of each Work Group (and Targeted Support) visit its schools (not withdrawn), from a
 *    week after its first session, on school days of its year up to yesterday: none to two a Work Group,
 *    fewer so far in today's year, two or three in a Targeted Support partnership; each with the year groups
 *    of its NCP (Mastering Number at Reception and KS1 sees Reception to Year 2; at KS2, Years 4 and 5…), a
 *    focus, mostly notes, and agreed actions, some the lead's, each with a due date, done or not by today.
 * The activities led by the demonstration's sign-in accounts always have a form and, once under way, a
 * visit. The texts are synthetic, chosen by a hash of the ids (`pg_temp.ev`), so the same seed and day give
 * the same rows. All in SQL, set-based, on the loader's transaction.
 */

/** An NCP family's intended outcomes under the two lenses, and the focus of its visits. */
interface Family {
  suffixes: string[];
  pupils: [string, string];
  practice: [string, string];
  focuses: string[];
}

/** By the NCP's code without its year (`09` for NCP26-09; `RI` for the RIWG project). */
const families: Family[] = [
  {
    suffixes: ['08', '09', '10', '11', '09s'],
    pupils: [
      'Pupils explain their reasoning in full sentences, using precise mathematical vocabulary',
      'Pupils keep up with the class through same-day intervention, so fewer need catch-up programmes',
    ],
    practice: [
      'Teachers plan lessons in small, coherent steps using the NCETM mastery professional development materials',
      'The maths lead establishes collaborative planning and lesson study in the school',
    ],
    focuses: [
      'Representations and structure in a place value lesson',
      'Small steps in a fractions lesson',
      'Same-day intervention: who is chosen and how',
      'Questioning to check understanding during the lesson',
      'Collaborative planning with the maths lead',
      'Follow-up of the TRG lesson on fluency',
    ],
  },
  {
    suffixes: ['07a', '07b'],
    pupils: [
      'Children have a secure understanding of number and fluency in facts within 10 by the end of Year 2',
      'Children enjoy the daily Mastering Number sessions and talk about numbers confidently',
    ],
    practice: [
      'Teachers use the rekenrek and the Mastering Number materials in a short daily session',
      'Teachers connect the Mastering Number sessions with the main maths lesson',
    ],
    focuses: [
      'The daily Mastering Number session in Reception',
      'Use of the rekenrek in Year 1',
      'Subitising and counting',
      'Number bonds within 10 in Year 2',
    ],
  },
  {
    suffixes: ['06'],
    pupils: [
      'Pupils in Years 4 and 5 recall multiplication facts fluently and use them to solve problems',
      'Pupils use known facts to derive related facts, such as 7 × 8 from 7 × 4',
    ],
    practice: [
      'Teachers deliver the short daily Mastering Number at KS2 practice sessions',
      'Teachers use arrays and other representations of multiplicative structure',
    ],
    focuses: [
      'Daily multiplication practice in Year 4',
      'Arrays and commutativity',
      'Derived facts in Year 5',
      'Preparing for the Multiplication Tables Check',
    ],
  },
  {
    suffixes: ['12', '13', '14', '15', '16'],
    pupils: [
      'Pupils develop a deep, connected understanding of the key ideas of Key Stage 3',
      'Pupils see mathematics as coherent and have a positive attitude to their lessons',
    ],
    practice: [
      'The department plans sequences of lessons together using the NCETM secondary mastery materials',
      'Teachers use the five big ideas of teaching for mastery in their planning',
    ],
    focuses: [
      'Department planning meeting on a Year 7 unit',
      'Variation in a Year 8 algebra lesson',
      'Mathematical thinking in a Year 9 lesson',
      'Coherence across a Key Stage 3 unit',
    ],
  },
  {
    suffixes: ['19'],
    pupils: [
      'Pupils make good progress across the move from Year 6 to Year 7',
      'Pupils meet consistent representations in Key Stages 2 and 3',
    ],
    practice: [
      'Primary and secondary teachers share approaches to planning across Years 5 to 8',
      'Teachers take part in lesson study across the phases',
    ],
    focuses: [
      'Lesson study: fractions in Years 6 and 7',
      'Representations of multiplication across Key Stages 2 and 3',
      'Transition work with the partner school',
    ],
  },
  {
    suffixes: ['20', '21', '22', '23', '24'],
    pupils: [
      'Students engage with mathematics and grow in confidence in solving problems',
      'Students make connections across topics rather than learn procedures in isolation',
    ],
    practice: [
      'Teachers use approaches that help students make connections and deepen their understanding',
      'Teachers share effective practice and resources across the institutions in the group',
    ],
    focuses: [
      'A GCSE resit lesson on ratio',
      'Core Maths: Fermi estimation in Year 12',
      'Use of technology in a Year 12 lesson',
      'Department discussion of problem-solving approaches',
    ],
  },
  {
    suffixes: ['33'],
    pupils: [
      'Pupils keep up with the class through same-day intervention',
      'Pupils’ attainment in the school’s chosen focus rises over the year',
    ],
    practice: [
      'The school’s leaders carry out the agreed implementation plan (Explore, Prepare, Deliver, Sustain)',
      'The maths subject leader supports colleagues through coaching and lesson visits',
    ],
    focuses: [
      'Review of the implementation plan with the headteacher',
      'Coaching the maths subject leader',
      'Lesson visit with the subject leader: place value in Year 3',
      'Fluency sessions in Key Stage 1',
    ],
  },
  {
    suffixes: ['RI'],
    pupils: [
      'Pupils benefit from the approach the Work Group is researching',
      'Pupils describe how the approach helps them understand the mathematics',
    ],
    practice: [
      'Teachers design, trial and evaluate an approach to the research question',
      'The findings are shared with the hub’s other schools',
    ],
    focuses: [
      'Data collection for the research question',
      'Trial lesson for the research question',
      'Pupil interviews about the approach',
    ],
  },
  {
    suffixes: ['01', '02', '03'],
    pupils: [
      'Pupils in the participants’ classes develop a deep understanding of the mathematics they are taught',
      'Pupils show a positive attitude to mathematics and persevere with problems',
    ],
    practice: [
      'Participants develop teaching, planning and assessment that support teaching for mastery',
      'Participants support colleagues in their own school in developing teaching for mastery',
    ],
    focuses: [],
  },
  {
    suffixes: ['04', '05'],
    pupils: [
      'The schools the participants support develop a coherent approach to teaching mathematics',
      'Pupils in those schools benefit from better-designed professional development for their teachers',
    ],
    practice: [
      'Participants design and lead professional development drawing on evidence-informed models',
      'Participants evaluate professional development with teachers and school leaders',
    ],
    focuses: [],
  },
  {
    suffixes: ['25', '26', '28a', '28b', '29a', '29b', '30'],
    pupils: [
      'Pupils benefit from teachers’ deeper subject knowledge, with fewer misconceptions left unaddressed',
      'Pupils experience lessons that build on what they already know',
    ],
    practice: [
      'Participants deepen their subject knowledge, with an emphasis on progression in key areas',
      'Participants are more confident planning lessons and explaining concepts',
    ],
    focuses: [],
  },
  {
    suffixes: ['27', '32'],
    pupils: [
      'Pupils supported by teaching assistants keep up with the class',
      'Pupils use the same representations with teaching assistants as in the lesson',
    ],
    practice: [
      'Teaching assistants understand the mathematics and the representations used in lessons',
      'Teaching assistants and teachers plan together how support is given in lessons',
    ],
    focuses: [],
  },
  {
    suffixes: ['*'],
    pupils: [
      'Pupils benefit from the practice the members develop',
      'Pupils show more confidence and enjoyment in mathematics',
    ],
    practice: [
      'Members share and refine their practice through the group',
      'Members lead developments in their own schools',
    ],
    focuses: ['Follow-up of the last session', 'Lesson observation and feedback'],
  },
];

/** An outcome some leads add to the suggested ones. */
const localOutcome = 'Lead teachers share what they learn with colleagues in their own schools';

const evidence = {
  pupils: [
    'The summer survey: most participants agree their pupils explain their reasoning more; pupil work from three schools shows fuller explanations.',
    'Pupil work collected on visits in the autumn and summer terms shows more accurate use of representations.',
    'Teachers’ assessments in the participating classes show more pupils keeping up; see the records of visits.',
    'Pupil interviews in four schools: pupils describe maths lessons as helping them understand, not just get answers.',
  ],
  practice: [
    'Registers show every school at all sessions but one; lead teachers describe changes to their planning in the summer survey.',
    'The records of visits show collaborative planning established in most of the schools.',
    'Interviews with the maths leads: lesson study is now part of each school’s professional development calendar.',
    'Lessons seen on visits show the agreed representations used consistently across year groups.',
  ],
};

/** Progress updates: early in the activity, in the middle, towards the end. */
const progress = [
  [
    'First sessions held with every school represented. Lead teachers have chosen their focus for the year and shared baseline pupil work.',
    'A good start: most participants completed the autumn survey; two schools need help to release their lead teacher.',
    'All schools engaged; the first gap task (a lesson on representations) was tried in each school. Visits planned for the spring term.',
    'Attendance strong at the first sessions. One school changed its lead teacher, who has been given the materials from session 1.',
  ],
  [
    'Visits to most schools done; collaborative planning now happens in four schools. Same-day intervention is being tried in two.',
    'Participants report growing confidence; pupil work shows more use of stem sentences. One school has struggled to release staff.',
    'The spring sessions focused on fluency; schools share their planning through the hub’s shared drive.',
    'Good progress: the lead teachers have each led a staff meeting in their own school.',
  ],
  [
    'Final visits booked; evidence is being collected for the impact section (pupil work and interviews).',
    'Most schools now embed the approaches; planning next year with the schools moving on to the next stage.',
    'Summer survey reminders sent; evidence of impact is being gathered for each outcome.',
  ],
];

const returnReasons = {
  plan: [
    'Please make the intended outcomes for pupils specific to the schools in the group, and say how you will know they have been met.',
    'The data collection methods need more detail: when will the visits happen, and what will you look for?',
    'Please add an outcome for professional learning and practice, and link the methods to each outcome.',
  ],
  impact: [
    'Please give evidence for each outcome, with links to the pupil work or records of visits you mention.',
    'The evidence for the pupil outcomes relies on the survey alone: please add what the visits showed.',
  ],
};

const acceptComments = [
  'Thank you: a clear plan.',
  'Accepted: well-chosen outcomes and methods.',
  'Thank you for a thorough account of the impact.',
  'Accepted. Please share the pupil work at the next LLME community meeting.',
];

const methodNotes = [
  'Visits to each school in the spring and summer terms, using the record of visits; pupil work collected at the first and last sessions.',
  'National surveys in the autumn and summer, and a short interview with each lead teacher at the end of the year.',
  'Registers of the sessions, and a sample of pupil work from each school in the autumn and summer terms.',
  'Lead teachers keep a short reflective log after each gap task, shared at the next session.',
];
const otherMethodNote =
  'Other: a short questionnaire for the schools’ maths leads in the summer term, alongside the national surveys.';

const visitNotes = [
  'Saw the lead teacher teach the lesson planned at the TRG; pupils used the representation confidently. Discussed next steps with the maths lead.',
  'Learning walk with the maths lead: stem sentences used consistently in most classes.',
  'Met the headteacher to agree release time for the lead teacher; saw part of a lesson.',
  'Pupils explained their reasoning well; some still rely on counting in ones. Agreed a focus on fluency.',
  'Joint lesson observation and feedback; the subject leader is ready to lead a staff meeting.',
];

const leadActions = [
  'Send the maths lead the NCETM materials on the focus topic',
  'Book the next visit and a joint lesson observation',
  'Share an example of same-day intervention from another school in the group',
];
const schoolActions = [
  'Share the TRG lesson plan with the year group team',
  'Plan a staff meeting on representations and structure',
  'Try same-day intervention in one class and review it after two weeks',
  'Collect pupil work from the focus class for the next session',
];
const actionOwners = ['Maths subject leader', 'Headteacher', 'Lead teacher', 'Year group team'];

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const array = (texts: readonly string[]) => `ARRAY[${texts.map(literal).join(', ')}]`;
/** One of the texts, chosen by the hash of a key (an SQL expression). */
const pick = (texts: readonly string[], key: string) =>
  `(${array(texts)})[1 + floor(${texts.length} * pg_temp.ev(${key}))::int]`;
/** A moment in England: a day (SQL) and the minutes after its midnight (an integer SQL expression). */
const moment = (day: string, minutes: string) =>
  `((${day} + make_interval(mins => ${minutes})) AT TIME ZONE 'Europe/London')`;
/** The moment of a form's step `ord` (1 to 11, below) on its day: between 9am and 7pm. */
const stepAt = (day: string, ord: string) => moment(day, `540 + (h.id * 7 + ${ord} * 151) % 600`);

const familiesJson = () =>
  JSON.stringify(
    families.map((f) => ({
      suffixes: f.suffixes,
      outcomes: [...f.pupils, ...f.practice],
      focuses: f.focuses,
    })),
  );

function statements({ years, today }: DemoYears): string[] {
  const day = `'${today}'::date`;
  const current = literal(years[3]);
  const yearList = years.map(literal).join(', ');
  // Everything happens up to yesterday (its times of day are then all past).
  const lastDay = `(${day} - 1)`;
  const happened = (d: string) => `(h.${d} IS NOT NULL)::int`;
  // A form's outcomes (`h`: a row of demo_eval_happi): its family's template, the evidence of the first
  // outcome linked to the activity's survey results (the NCPs with national surveys) and of the third to its
  // coverage of year groups (when visits were recorded).
  const template = `(SELECT o.outcomes FROM demo_eval_outcomes o WHERE o.family = h.family
                       AND o.local = (pg_temp.ev('local:' || h.id) < 0.2)
                       AND o.written = CASE WHEN h.d5 IS NOT NULL THEN 2 WHEN h.saved_on IS NOT NULL THEN 1 ELSE 0 END
                       AND o.start = floor(4 * pg_temp.ev('ev:' || h.id))::int)`;
  const surveyLink = `CASE WHEN h.saved_on IS NOT NULL AND h.sfx IN ('09', '12', '26')
      THEN jsonb_set(${template}, '{0,links}', jsonb_build_array('/activities/' || h.id || '/survey-results'))
      ELSE ${template} END`;
  const outcomes = `CASE WHEN h.d5 IS NOT NULL AND EXISTS (SELECT 1 FROM school_visits v WHERE v.activity_id = h.id)
      THEN jsonb_set(${surveyLink}, '{2,links}', jsonb_build_array('/activities/' || h.id || '/visits/coverage'))
      ELSE ${surveyLink} END`;
  /** A day's number in its year (1 September is 901, 31 August 831) as month × 100 + day. */
  const monthDay = (d: string) => `(date_part('month', ${d}) * 100 + date_part('day', ${d}))::int`;
  return [
    `CREATE OR REPLACE FUNCTION pg_temp.ev(key text) RETURNS double precision IMMUTABLE LANGUAGE sql AS
       $$ SELECT (hashtext('evaluation:' || key)::bigint + 2147483648)::double precision / 4294967296.0 $$`,

    // The NCP families (their intended outcomes and the focuses of their visits) and their NCPs' codes.
    `CREATE TEMP TABLE demo_eval_family ON COMMIT DROP AS
     SELECT f.n::int AS family, ARRAY(SELECT jsonb_array_elements_text(f.v->'outcomes')) AS outcomes,
            ARRAY(SELECT jsonb_array_elements_text(f.v->'focuses')) AS focuses,
            ARRAY(SELECT jsonb_array_elements_text(f.v->'suffixes')) AS suffixes
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY f(v, n)`,

    // The intended outcomes of a form by its family: the four suggested (two a lens) and now and then a
    // local one; with no evidence of impact yet, the first two's (a draft's), or all (submitted), chosen
    // from the lens's texts in turn from the form's start (0 to 3). The links are added form by form.
    `CREATE TEMP TABLE demo_eval_outcomes ON COMMIT DROP AS
     SELECT f.family, l.local, w.written, e.start,
            (SELECT jsonb_agg(jsonb_build_object(
               'key', 'o' || k, 'lens', CASE WHEN k <= 2 THEN 'pupils' ELSE 'practice' END,
               'text', CASE WHEN k <= 4 THEN f.outcomes[k] ELSE ${literal(localOutcome)} END,
               'evidence', CASE WHEN w.written = 2 OR (w.written = 1 AND k <= 2)
                                THEN CASE WHEN k <= 2 THEN (${array(evidence.pupils)})[1 + (e.start + k) % ${evidence.pupils.length}]
                                          ELSE (${array(evidence.practice)})[1 + (e.start + k) % ${evidence.practice.length}] END
                                ELSE '' END,
               'links', '[]'::jsonb) ORDER BY k)
             FROM generate_series(1, CASE WHEN l.local THEN 5 ELSE 4 END) k) AS outcomes
     FROM demo_eval_family f
     CROSS JOIN (VALUES (false), (true)) l(local) CROSS JOIN (VALUES (0), (1), (2)) w(written)
     CROSS JOIN generate_series(0, 3) e(start)`,

    `CREATE INDEX ON demo_eval_outcomes (family, local, written, start)`,

    // Each NCP's code without its year (`09` for NCP26-09, `RI` for a year's RIWG project) and its family.
    `CREATE TEMP TABLE demo_eval_ncp ON COMMIT DROP AS
     SELECT n.id, n.phases, k.sfx,
            coalesce((SELECT f.family FROM demo_eval_family f WHERE k.sfx = ANY(f.suffixes)),
                     (SELECT f.family FROM demo_eval_family f WHERE '*' = ANY(f.suffixes))) AS family
     FROM ncps n
     CROSS JOIN LATERAL (SELECT CASE WHEN n.code LIKE 'RIWG%' THEN 'RI' ELSE regexp_replace(n.code, '^NCP\\d\\d-', '') END AS sfx) k
     WHERE n.year_code IN (${yearList})`,

    // Every day of each year, whether it is a school day (a weekday outside the holidays, roughly), and how
    // many school days of the year come before it: a visit picks a school day between two dates by number.
    `CREATE TEMP TABLE demo_eval_calendar ON COMMIT DROP AS
     SELECT year_code, day, school, (count(*) FILTER (WHERE school) OVER (PARTITION BY year_code ORDER BY day) - school::int)::int AS before
     FROM (
       SELECT year_code, day, date_part('isodow', day) < 6 AND md NOT BETWEEN 723 AND 903 AND md NOT BETWEEN 1026 AND 1030
                AND md < 1220 AND md > 105 AND md NOT BETWEEN 216 AND 220 AND md NOT BETWEEN 401 AND 414
                AND md NOT BETWEEN 526 AND 530 AS school
       FROM (SELECT y.code AS year_code, d::date AS day, ${monthDay('d')} AS md
             FROM unnest(ARRAY[${yearList}]) y(code)
             CROSS JOIN generate_series(make_date(left(y.code, 4)::int, 9, 1), make_date(left(y.code, 4)::int + 1, 8, 31),
                                        interval '1 day') d) d
       OFFSET 0) c`,

    // Every activity of the demonstration's years with a lead, as the evaluation sees it: its first session
    // (its start, without sessions), its lead, its NCP's family, whether the lead is one of the
    // demonstration's sign-in accounts (the generated LLMEs are llme…@), and whether it has a HAPPI form
    // (an activity with sessions or schools, but a few) and that form's days on the year's timeline (a hub
    // reviews at its own pace), of which those that happened by the cut (d1 … d11, null otherwise): 1 the
    // plan submitted, 2 reviewed (returned or accepted), 3 resubmitted and 4 accepted (after a return), 5 the
    // impact submitted, 6 reviewed, 7 resubmitted and 8 accepted (after a return); 9 to 11 progress updates
    // (after the form was begun, before its impact was submitted). Each step is computed once (OFFSET 0
    // keeps the planner from repeating a step's expressions in the next).
    `CREATE TEMP TABLE demo_eval_happi ON COMMIT DROP AS
     SELECT h.id, h.hub_id, h.year_code, h.kind, h.ends_on, h.ys, h.ye, h.fs, h.lead_id, h.named, h.phases, h.sfx, h.family,
            h.has_work AND (h.named OR pg_temp.ev('none:' || h.id) >= 0.03) AND h.created_on <= h.cutoff AS form,
            h.plan_ret, h.impact_ret, h.created_on,
            h.reviewers[1 + floor(cardinality(h.reviewers) * pg_temp.ev('rv:' || h.id))::int] AS reviewer_id,
            CASE WHEN h.plan_sub1 <= h.cutoff THEN h.plan_sub1 END AS d1, CASE WHEN h.plan_rev1 <= h.cutoff THEN h.plan_rev1 END AS d2,
            CASE WHEN h.plan_sub2 <= h.cutoff THEN h.plan_sub2 END AS d3, CASE WHEN h.plan_rev2 <= h.cutoff THEN h.plan_rev2 END AS d4,
            CASE WHEN h.impact_sub1 <= h.cutoff THEN h.impact_sub1 END AS d5,
            CASE WHEN h.impact_rev1 <= h.cutoff THEN h.impact_rev1 END AS d6,
            CASE WHEN h.impact_sub2 <= h.cutoff THEN h.impact_sub2 END AS d7,
            CASE WHEN h.impact_rev2 <= h.cutoff THEN h.impact_rev2 END AS d8,
            ${[1, 2, 3]
              .map(
                (
                  k,
                ) => `CASE WHEN h.p${k} > h.created_on AND h.p${k} <= h.cutoff AND h.p${k} < coalesce(h.impact_sub1, h.ye + 1)
                         THEN h.p${k} END AS d${k + 8}`,
              )
              .join(', ')},
            CASE WHEN h.plan_acc <= h.cutoff THEN h.plan_acc END AS accepted_on,
            CASE WHEN h.impact_save <= h.cutoff THEN h.impact_save END AS saved_on
     FROM (
       SELECT t.*, t.impact_sub2 + 2 + floor(7 * pg_temp.ev('ir2:' || t.id))::int AS impact_rev2,
              -- The evidence of impact written in the weeks before it is submitted (half of those never
              -- submitted began it in June or July).
              CASE WHEN t.impact_sub1 IS NOT NULL
                     THEN greatest(t.plan_acc + 1, t.impact_sub1 - 1 - floor(18 * pg_temp.ev('svd:' || t.id))::int)
                   WHEN pg_temp.ev('sv2:' || t.id) < 0.5
                     THEN greatest(t.plan_acc + 1, make_date(left(t.year_code, 4)::int + 1, 6, 20)
                                                   + floor(25 * pg_temp.ev('svd:' || t.id))::int) END AS impact_save
       FROM (
         SELECT t.*, CASE WHEN t.impact_ret THEN t.impact_rev1 + 3 + floor(8 * pg_temp.ev('is2:' || t.id))::int END AS impact_sub2
         FROM (
           SELECT t.*, t.impact_sub1 + 2 + floor(12 * pg_temp.ev('ir1:' || t.id))::int AS impact_rev1
           FROM (
             -- The impact submitted from June to mid-July, after the plan was accepted (6% never submit it).
             SELECT p.*,
                    CASE WHEN pg_temp.ev('give:' || p.id) >= 0.06
                         THEN greatest(make_date(left(p.year_code, 4)::int + 1, 6, 8) + floor(40 * pg_temp.ev('i1:' || p.id))::int,
                                       p.plan_acc + 10) END AS impact_sub1
             FROM (
               SELECT r.*, coalesce(r.plan_rev2, r.plan_rev1) AS plan_acc
               FROM (
                 SELECT q.*, q.plan_sub2 + 2 + floor(8 * pg_temp.ev('r2:' || q.id))::int AS plan_rev2
                 FROM (
                   -- A returned plan is changed and submitted again within a few days to three weeks.
                   SELECT o.*, CASE WHEN o.plan_ret THEN o.plan_rev1 + 3 + floor(21 * pg_temp.ev('s2:' || o.id))::int END AS plan_sub2
                   FROM (
                     -- The hub's review: within a week to a month, or two at a slow hub.
                     SELECT c.*, c.plan_sub1 + 2 + floor((6 + 54 * pg_temp.ev('speed:' || c.hub_id || ':' || c.year_code) ^ 2)
                                                          * pg_temp.ev('r1:' || c.id))::int AS plan_rev1
                     FROM (
                       -- The plan submitted a few days to a month after it was begun (a fifth later still); a
                       -- spring or summer start's once the activity has begun.
                       SELECT b.*, greatest(
                                b.created_on + 4 + floor(30 * pg_temp.ev('s1:' || b.id) ^ 1.5)::int
                                  + CASE WHEN pg_temp.ev('late:' || b.id) < 0.2 THEN 20 + floor(50 * pg_temp.ev('late2:' || b.id))::int
                                         ELSE 0 END,
                                CASE WHEN NOT b.autumn THEN b.fs + floor(10 * pg_temp.ev('s0:' || b.id))::int END) AS plan_sub1
                       FROM (
                         -- The form begun around the first session (a spring or summer start's up to seven weeks
                         -- before it); progress updates after a month or so, in the middle and near the end.
                         SELECT x.*, least(${lastDay}, x.ye) AS cutoff, x.fs < make_date(left(x.year_code, 4)::int, 12, 1) AS autumn,
                                pg_temp.ev('ret:' || x.id) < 0.12 AS plan_ret, pg_temp.ev('iret:' || x.id) < 0.06 AS impact_ret,
                                greatest(x.ys + 2 + floor(10 * pg_temp.ev('c0:' || x.id))::int,
                                         x.fs + CASE WHEN x.fs < make_date(left(x.year_code, 4)::int, 12, 1)
                                                     THEN -21 + floor(35 * pg_temp.ev('c:' || x.id))::int
                                                     ELSE -50 + floor(60 * pg_temp.ev('c:' || x.id))::int END) AS created_on,
                                CASE WHEN pg_temp.ev('pp1:' || x.id) < CASE WHEN x.year_code = ${current} THEN 0.5 ELSE 0.25 END
                                     THEN x.fs + 40 + floor(40 * pg_temp.ev('p1:' || x.id))::int END AS p1,
                                CASE WHEN pg_temp.ev('pp2:' || x.id) < CASE WHEN x.year_code = ${current} THEN 0.4 ELSE 0.15 END
                                     THEN x.fs + 120 + floor(45 * pg_temp.ev('p2:' || x.id))::int END AS p2,
                                CASE WHEN pg_temp.ev('pp3:' || x.id) < CASE WHEN x.year_code = ${current} THEN 0.3 ELSE 0.05 END
                                     THEN x.fs + 200 + floor(30 * pg_temp.ev('p3:' || x.id))::int END AS p3
                         FROM (
                           SELECT a.id, a.hub_id, a.year_code, a.kind, a.ends_on, y.ys, (y.ys + interval '1 year' - interval '1 day')::date AS ye,
                                  coalesce(s.first, a.starts_on) AS fs, l.lead_id, p.email NOT LIKE 'llme%' AS named, n.phases, n.sfx,
                                  n.family,
                                  s.first IS NOT NULL OR EXISTS (SELECT 1 FROM activity_schools x WHERE x.activity_id = a.id) AS has_work,
                                  rv.reviewers
                           FROM hub_activities a
                           CROSS JOIN LATERAL (SELECT make_date(left(a.year_code, 4)::int, 9, 1) AS ys) y
                           JOIN demo_eval_ncp n ON n.id = a.ncp_id
                           JOIN (SELECT activity_id, min(person_id) AS lead_id FROM activity_leads GROUP BY 1) l ON l.activity_id = a.id
                           JOIN people p ON p.id = l.lead_id
                           LEFT JOIN (SELECT activity_id, min(starts_at)::date AS first FROM activity_sessions GROUP BY 1) s
                             ON s.activity_id = a.id
                           LEFT JOIN (SELECT hub_id, array_agg(person_id ORDER BY person_id) AS reviewers FROM role_assignments
                                      WHERE role = 'hub_leadership' AND title IN ('Maths Hub Lead', 'Assistant Maths Hub Lead')
                                      GROUP BY 1) rv ON rv.hub_id = a.hub_id
                           WHERE a.year_code IN (${yearList}) AND a.status <> 'cancelled'
                           OFFSET 0) x
                         OFFSET 0) b OFFSET 0) c OFFSET 0) o OFFSET 0) q OFFSET 0) r OFFSET 0) p OFFSET 0) t OFFSET 0) t OFFSET 0) t
       OFFSET 0) h
     ORDER BY h.id`,

    // Visits. How many each Work Group (or Targeted Support) makes between a week after its first session and
    // yesterday (or its end): none to two, fewer in today's year (one at least for a sign-in account's), two
    // or three in a Targeted Support partnership. The k visits fall in k equal parts of its school days, so
    // no two on the same day, and go to its schools (not withdrawn) in turn from one chosen by the hash. The
    // year groups seen are one, or two next to each other, of those the NCP (or the school's phase) is
    // about. Then who made them (the leads) and the actions agreed: none, one or two, the first owned by the
    // lead half the time, each due two to seven weeks on and done (the day it was) by today in most cases,
    // all in past years.
    `WITH plan AS MATERIALIZED (
       SELECT x.id, x.hub_id, x.year_code, x.lead_id, x.sfx, x.phases, x.family, x.k, c1.before AS lo,
              c2.before + c2.school::int AS hi,
              ARRAY(SELECT s.school_urn FROM activity_schools s WHERE s.activity_id = x.id AND s.status <> 'withdrawn'
                    ORDER BY s.school_urn) AS urns
       FROM (SELECT x.*, CASE
                WHEN x.id IN (SELECT activity_id FROM ts_partnerships) THEN 2 + floor(2 * pg_temp.ev('k:' || x.id))::int
                WHEN x.year_code = ${current} THEN greatest(x.named::int,
                  CASE WHEN pg_temp.ev('k:' || x.id) < 0.55 THEN 0 WHEN pg_temp.ev('k:' || x.id) < 0.88 THEN 1 ELSE 2 END)
                ELSE CASE WHEN pg_temp.ev('k:' || x.id) < 0.35 THEN 0 WHEN pg_temp.ev('k:' || x.id) < 0.9 THEN 1 ELSE 2 END END AS k
             FROM demo_eval_happi x WHERE x.kind IN ('work_group', 'targeted_support') OFFSET 0) x
       JOIN demo_eval_calendar c1 ON c1.day = greatest(x.fs + 7, x.ys)
       JOIN demo_eval_calendar c2 ON c2.day = least(x.ends_on, x.ye, ${lastDay})
       WHERE x.k > 0 AND c2.before + c2.school::int > c1.before),
     visit AS MATERIALIZED (
       SELECT v.*, d.day AS visited_on, v.activity_id || ':' || d.day AS key
       FROM (
         SELECT p.id AS activity_id, p.hub_id, p.year_code, p.lead_id, p.sfx, p.phases, p.family,
                g.lo + floor((g.hi - g.lo) * pg_temp.ev('day:' || p.id || ':' || j))::int AS n,
                p.urns[1 + (floor(cardinality(p.urns) * pg_temp.ev('first:' || p.id))::int + j - 1) % cardinality(p.urns)] AS urn
         FROM plan p
         CROSS JOIN LATERAL generate_series(1, p.k) j
         CROSS JOIN LATERAL (SELECT p.lo + ((p.hi - p.lo) * (j - 1)) / p.k AS lo, p.lo + ((p.hi - p.lo) * j) / p.k AS hi) g
         WHERE g.hi > g.lo AND cardinality(p.urns) > 0
         OFFSET 0) v
       JOIN demo_eval_calendar d ON d.year_code = v.year_code AND d.before = v.n AND d.school),
     made AS (
       INSERT INTO school_visits (activity_id, hub_id, school_urn, visited_on, year_groups, classes_seen, focus, notes,
                                  recorded_by_person_id, created_at)
       SELECT v.activity_id, v.hub_id, v.urn, v.visited_on, v.seen,
              CASE WHEN pg_temp.ev('cs:' || v.key) < 0.15 THEN NULL
                   WHEN cardinality(v.seen) = 2 THEN array_to_string(v.seen, ' and ') || ' classes'
                   ELSE v.seen[1] || ${pick([' class', ' (two classes)', ' class and an intervention group'], `'cn:' || v.key`)} END,
              coalesce(v.focuses[1 + floor(cardinality(v.focuses) * pg_temp.ev('f:' || v.key))::int],
                       'Follow-up of the last session'),
              CASE WHEN pg_temp.ev('n:' || v.key) < 0.8 THEN ${pick(visitNotes, `'nt:' || v.key`)} END,
              v.lead_id,
              ${moment(
                `least(v.visited_on + floor(3 * pg_temp.ev('rec:' || v.key))::int, ${lastDay})`,
                `930 + (v.activity_id * 13 + (v.visited_on - DATE '2000-01-01') * 29) % 240`,
              )}
       FROM (
         SELECT v.*, v.groups[i.first:i.first + CASE WHEN pg_temp.ev('yg2:' || v.key) < 0.35 THEN 1 ELSE 0 END] AS seen
         FROM (
           SELECT v.*, f.focuses, CASE
               WHEN v.sfx IN ('07a', '07b') THEN ARRAY['Reception', 'Year 1', 'Year 2']
               WHEN v.sfx = '06' THEN ARRAY['Year 4', 'Year 5']
               WHEN v.sfx IN ('23', '24') OR v.phases = ARRAY['post_16'] OR s.phase = 'post_16' THEN ARRAY['Year 12', 'Year 13']
               WHEN v.sfx = '19' THEN CASE WHEN s.phase = 'secondary' THEN ARRAY['Year 7', 'Year 8'] ELSE ARRAY['Year 5', 'Year 6'] END
               WHEN v.sfx = '20' THEN ARRAY['Year 10', 'Year 11']
               WHEN v.phases = ARRAY['secondary'] OR s.phase = 'secondary'
                 THEN ARRAY['Year 7', 'Year 8', 'Year 9', 'Year 10', 'Year 11']
               ELSE ARRAY['Reception', 'Year 1', 'Year 2', 'Year 3', 'Year 4', 'Year 5', 'Year 6'] END AS groups
           FROM visit v
           JOIN demo_eval_family f ON f.family = v.family
           -- The school's phase, where the NCP's phases leave it open.
           CROSS JOIN LATERAL (SELECT CASE WHEN cardinality(v.phases) > 1
                                           THEN (SELECT s.phase FROM schools s WHERE s.urn = v.urn) END AS phase) s
           OFFSET 0) v
         CROSS JOIN LATERAL (SELECT 1 + floor(cardinality(v.groups) * pg_temp.ev('yg:' || v.key))::int AS first) i
         OFFSET 0) v
       ORDER BY v.activity_id, v.visited_on
       RETURNING id, activity_id, visited_on, recorded_by_person_id),
     visitors AS (
       INSERT INTO school_visit_visitors (visit_id, person_id)
       SELECT m.id, l.person_id FROM made m JOIN activity_leads l ON l.activity_id = m.activity_id
       ORDER BY m.id, l.person_id)
     INSERT INTO school_visit_actions (visit_id, position, description, owner_person_id, owner_text, due_on, status, done_on)
     SELECT m.id, m.k, CASE WHEN m.lead THEN ${pick(leadActions, `'la:' || m.key || ':' || m.k`)}
                            ELSE ${pick(schoolActions, `'sa:' || m.key || ':' || m.k`)} END,
            CASE WHEN m.lead THEN m.recorded_by_person_id END,
            CASE WHEN NOT m.lead THEN ${pick(actionOwners, `'ow:' || m.key || ':' || m.k`)} END,
            m.due_on, CASE WHEN m.done THEN 'done' ELSE 'open' END, CASE WHEN m.done THEN m.done_on END
     FROM (
       SELECT m.*, m.done_on <= ${lastDay} AND (m.ye < ${day} OR pg_temp.ev('did:' || m.key || ':' || m.k) < 0.85) AS done
       FROM (
         SELECT m.*, least(m.visited_on + 3 + floor((m.due_on - m.visited_on + 7) * pg_temp.ev('done:' || m.key || ':' || m.k))::int,
                           m.ye) AS done_on
         FROM (
           SELECT m.id, m.recorded_by_person_id, m.visited_on, k, m.key, k = 1 AND pg_temp.ev('ol:' || m.key) < 0.5 AS lead,
                  m.visited_on + 14 + floor(35 * pg_temp.ev('due:' || m.key || ':' || k))::int AS due_on,
                  make_date(extract(year FROM m.visited_on - 243)::int + 1, 8, 31) AS ye
           FROM (SELECT m.*, m.activity_id || ':' || m.visited_on AS key FROM made m) m
           CROSS JOIN generate_series(1, 2) k
           WHERE k <= CASE WHEN pg_temp.ev('na:' || m.key) < 0.55 THEN 0 WHEN pg_temp.ev('na:' || m.key) < 0.93 THEN 1 ELSE 2 END
           OFFSET 0) m
         OFFSET 0) m
       OFFSET 0) m
     ORDER BY m.id, m.k`,

    // The forms, in the state their last step left them: the outcomes suggested for the NCP's family (and a
    // local one now and then); the methods ticked; the timestamps of the latest steps; the version each
    // submission, review and save raised (the evidence of impact saved, and a returned section changed
    // before it was submitted again; a progress update raises none).
    `INSERT INTO happi_forms (activity_id, hub_id, year_code, section, status, outcomes, methods, methods_notes,
                              plan_submitted_at, impact_submitted_at, reviewed_at, created_at, updated_at, version)
     SELECT t.id, t.hub_id, t.year_code, t.section, t.status, t.outcomes, t.methods, t.methods_notes,
            t.plan_submitted_at, t.impact_submitted_at, t.reviewed_at, t.created_at,
            greatest(t.created_at, t.plan_submitted_at, t.impact_submitted_at, t.reviewed_at, t.progress_at, t.saved_at),
            t.version
     FROM (
       SELECT h.id, h.hub_id, h.year_code,
              CASE WHEN h.d5 IS NOT NULL OR h.accepted_on IS NOT NULL THEN 'impact' ELSE 'plan' END AS section,
              CASE WHEN h.d8 IS NOT NULL THEN 'accepted' WHEN h.d7 IS NOT NULL THEN 'submitted'
                   WHEN h.d6 IS NOT NULL THEN CASE WHEN h.impact_ret THEN 'returned' ELSE 'accepted' END
                   WHEN h.d5 IS NOT NULL THEN 'submitted' WHEN h.accepted_on IS NOT NULL THEN 'draft'
                   WHEN h.d3 IS NOT NULL THEN 'submitted' WHEN h.d2 IS NOT NULL THEN 'returned'
                   WHEN h.d1 IS NOT NULL THEN 'submitted' ELSE 'draft' END AS status,
              ${outcomes} AS outcomes,
              array_remove(ARRAY[
                CASE WHEN pg_temp.ev('m1:' || h.id) < 0.8 THEN 'national_surveys' END,
                CASE WHEN h.kind IN ('work_group', 'targeted_support') AND pg_temp.ev('m2:' || h.id) < 0.85 THEN 'visits' END,
                CASE WHEN pg_temp.ev('m3:' || h.id) < 0.6 OR pg_temp.ev('m1:' || h.id) >= 0.8 THEN 'registers' END,
                CASE WHEN pg_temp.ev('m4:' || h.id) < 0.3 THEN 'interviews' END,
                CASE WHEN h.kind IN ('work_group', 'targeted_support') AND pg_temp.ev('m5:' || h.id) < 0.45 THEN 'pupil_work' END,
                CASE WHEN pg_temp.ev('m6:' || h.id) < 0.05 THEN 'other' END], NULL) AS methods,
              CASE WHEN pg_temp.ev('m6:' || h.id) < 0.05 THEN ${literal(otherMethodNote)}
                   WHEN pg_temp.ev('mn:' || h.id) < 0.6 THEN ${pick(methodNotes, `'mnt:' || h.id`)} END AS methods_notes,
              ${stepAt('coalesce(h.d3, h.d1)', 'CASE WHEN h.d3 IS NOT NULL THEN 3 ELSE 1 END')} AS plan_submitted_at,
              ${stepAt('coalesce(h.d7, h.d5)', 'CASE WHEN h.d7 IS NOT NULL THEN 7 ELSE 5 END')} AS impact_submitted_at,
              ${stepAt(
                'coalesce(h.d8, h.d6, h.d4, h.d2)',
                'CASE WHEN h.d8 IS NOT NULL THEN 8 WHEN h.d6 IS NOT NULL THEN 6 WHEN h.d4 IS NOT NULL THEN 4 ELSE 2 END',
              )} AS reviewed_at,
              ${stepAt('coalesce(h.d11, h.d10, h.d9)', 'CASE WHEN h.d11 IS NOT NULL THEN 11 WHEN h.d10 IS NOT NULL THEN 10 ELSE 9 END')}
                AS progress_at,
              ${moment('h.created_on', '480 + h.id % 60')} AS created_at,
              ${moment('h.saved_on', '1020 + h.id % 180')} AS saved_at,
              1 + ${['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd3', 'd7', 'saved_on'].map(happened).join(' + ')} AS version
       FROM (SELECT * FROM demo_eval_happi WHERE form ORDER BY id OFFSET 0) h
       OFFSET 0) t`,

    // The entries: submissions and progress updates by the lead, reviews by one of the hub's leadership (a
    // return's reason; now and then a word on accepting); a progress update is in the plan's section until
    // the plan was accepted.
    `INSERT INTO happi_entries (form_id, kind, section, written_on, text, person_id, created_at)
     SELECT h.form_id, h.kind, h.section, h.day,
            CASE h.ord
              WHEN 2 THEN CASE WHEN h.plan_ret THEN ${pick(returnReasons.plan, `'rp:' || h.id`)}
                               WHEN pg_temp.ev('ac1:' || h.id) < 0.3 THEN ${pick(acceptComments.slice(0, 2), `'act1:' || h.id`)} END
              WHEN 6 THEN CASE WHEN h.impact_ret THEN ${pick(returnReasons.impact, `'ri:' || h.id`)}
                               WHEN pg_temp.ev('ac2:' || h.id) < 0.3 THEN ${pick(acceptComments.slice(2), `'act2:' || h.id`)} END
              WHEN 9 THEN ${pick(progress[0]!, `'pt1:' || h.id`)}
              WHEN 10 THEN ${pick(progress[1]!, `'pt2:' || h.id`)}
              WHEN 11 THEN ${pick(progress[2]!, `'pt3:' || h.id`)} END,
            CASE WHEN h.kind IN ('progress', 'submitted') THEN h.lead_id ELSE h.reviewer_id END,
            ${stepAt('h.day', 'h.ord')}
     FROM (
       SELECT f.id AS form_id, h.id, h.plan_ret, h.impact_ret, h.lead_id, h.reviewer_id, e.ord, e.kind, e.day,
              coalesce(e.section, CASE WHEN e.day >= h.accepted_on THEN 'impact' ELSE 'plan' END) AS section
       FROM demo_eval_happi h
       JOIN happi_forms f ON f.activity_id = h.id
       CROSS JOIN LATERAL (VALUES
         (1, 'submitted', 'plan', h.d1), (2, CASE WHEN h.plan_ret THEN 'returned' ELSE 'accepted' END, 'plan', h.d2),
         (3, 'submitted', 'plan', h.d3), (4, 'accepted', 'plan', h.d4),
         (5, 'submitted', 'impact', h.d5), (6, CASE WHEN h.impact_ret THEN 'returned' ELSE 'accepted' END, 'impact', h.d6),
         (7, 'submitted', 'impact', h.d7), (8, 'accepted', 'impact', h.d8),
         (9, 'progress', NULL, h.d9), (10, 'progress', NULL, h.d10), (11, 'progress', NULL, h.d11)) e(ord, kind, section, day)
       WHERE h.form AND e.day IS NOT NULL
       ORDER BY f.id, e.day, e.ord) h`,
  ];
}

export interface DemoEvaluationSummary {
  happiForms: number;
  happiEntries: number;
  visits: number;
  visitActions: number;
}

/** The tables this step fills: their foreign keys are checked once, over all their rows, at its end. */
const evaluationTables = [
  'happi_forms',
  'happi_entries',
  'school_visits',
  'school_visit_visitors',
  'school_visit_actions',
];

/**
 * The demonstration's HAPPI forms and records of visits, on the loader's transaction (after the delivery
 * and Targeted Support, whose activities, schools and leads they are about).
 */
export async function loadDemoEvaluation(
  client: pg.PoolClient,
  when: DemoYears,
): Promise<DemoEvaluationSummary> {
  const json = familiesJson();
  const began = performance.now();
  let worked = 0;
  await withForeignKeysCheckedOnce(client, evaluationTables, async () => {
    const working = performance.now();
    for (const statement of statements(when)) {
      const started = performance.now();
      await client.query(statement, statement.includes('$1') ? [json] : []);
      if (process.env.DEMO_TIMINGS)
        console.error(Math.round(performance.now() - started), statement.slice(0, 70).replace(/\s+/g, ' '));
    }
    worked = performance.now() - working;
  });
  if (process.env.DEMO_TIMINGS)
    console.error(
      Math.round(performance.now() - began),
      `HAPPI forms and visits (${Math.round(performance.now() - began - worked)} of it their foreign keys)`,
    );
  const { rows } = await client.query<DemoEvaluationSummary>(
    `SELECT (SELECT count(*)::int FROM happi_forms) AS "happiForms",
            (SELECT count(*)::int FROM happi_entries) AS "happiEntries",
            (SELECT count(*)::int FROM school_visits) AS visits,
            (SELECT count(*)::int FROM school_visit_actions) AS "visitActions"`,
  );
  return rows[0]!;
}
