import { sql } from 'drizzle-orm';
import { beforeAfter, beforeAfterSql } from '../src/modules/evaluation/survey-results-before-after.ts';
import { benchDatabase, fmt } from './support.ts';

const rounds = Number(process.env.MH_BENCH_ROUNDS ?? 7);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const RESPONSES = 10_000;
const QUESTIONS = 20;

async function ms(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/**
 * A national NCP's survey results: 10,000 participants in 40 hubs' 500 activities answered the early
 * and the summer survey, 20 agreement statements each (400,000 answers), and the NCP's before/after
 * per hub (`beforeAfter`, one statement grouped in PostgreSQL) is timed against one sequential scan of
 * the answers table in the same run. The steps alternate, round by round, so noise hits each alike.
 */
export async function benchSurveys(serverUrl: string): Promise<string[]> {
  const database = await benchDatabase(serverUrl, `mh_bench_surveys_${process.pid}`);
  try {
    const q = (text: string) => database.pool.query(text);
    await q(
      `INSERT INTO academic_years (code, starts_on, ends_on) VALUES ('2023/24', '2023-09-01', '2024-08-31')`,
    );
    await q(
      `INSERT INTO hubs (slug, name) SELECT 'hub-' || h, 'Bench Maths Hub ' || h FROM generate_series(1, 40) h`,
    );
    await q(`INSERT INTO ncps (year_code, code, title, phases, type)
             VALUES ('2023/24', 'NCP23-09', 'Primary TfM Development Work Groups', ARRAY['primary'], 'work_group')`);
    await q(`INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status)
             SELECT 1 + (a % 40), (SELECT id FROM ncps), '2023/24', 'work_group', 'Work Group ' || a, 'completed'
             FROM generate_series(1, 500) a ORDER BY a`);
    await q(`INSERT INTO people (email, given_name, family_name)
             SELECT 'p' || p || '@bench.example', 'Bench', 'Person ' || p FROM generate_series(1, ${RESPONSES}) p ORDER BY p`);
    await q(`INSERT INTO survey_templates (ncp_key, kind, version, title, published_at)
             VALUES ('09', 'participant_early', 1, 'Early', now()), ('09', 'participant_summer', 1, 'Summer', now())`);
    await q(`INSERT INTO survey_questions (template_id, position, key, type, text)
             SELECT t.id, n, 'statement_' || n, 'agreement', 'Statement ' || n
             FROM survey_templates t CROSS JOIN generate_series(1, ${QUESTIONS}) n`);
    await q(`INSERT INTO survey_invitations (template_id, activity_id, hub_id, person_id, year_code, kind, token_hash, submitted_at)
             SELECT t.id, a.id, a.hub_id, p.id, '2023/24', t.kind, md5(t.kind || p.id), now()
             FROM people p
             JOIN hub_activities a ON a.id = 1 + (p.id % 500)
             CROSS JOIN survey_templates t`);
    await q(`INSERT INTO survey_answers (invitation_id, question_id, value_number)
             SELECT i.id, qn.id, 1 + ((i.person_id * 7 + qn.position * 3 + CASE WHEN i.kind = 'participant_summer' THEN 1 ELSE 0 END) % 5)
             FROM survey_invitations i JOIN survey_questions qn ON qn.template_id = i.template_id`);
    await q('VACUUM ANALYZE survey_answers, survey_invitations, survey_questions, survey_templates');
    const answers = Number((await q('SELECT count(*) AS n FROM survey_answers')).rows[0].n);

    const scan = () => q('SELECT count(*), sum(value_number) FROM survey_answers');
    // The same scan by one process (PostgreSQL gives the scan above parallel workers, not the before/after).
    const serialScan = () =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
        await tx.execute(sql`SELECT count(*), sum(value_number) FROM survey_answers`);
      });
    const query = {
      ncpKey: '09',
      yearCode: '2023/24',
      scope: { kind: 'all' } as const,
      groupBy: 'hub' as const,
    };
    const results = () => beforeAfter(database.db, query);
    await scan();
    const rows = await results();
    const times = { scan: [] as number[], serial: [] as number[], results: [] as number[] };
    for (let round = 0; round < rounds; round++) {
      times.scan.push(await ms(scan));
      times.serial.push(await ms(serialScan));
      times.results.push(await ms(results));
    }
    // The plan: what the statement reads (the packs kept per invitation, not the answers).
    const plan = await database.db.execute(sql`EXPLAIN ${beforeAfterSql(query)}`);
    const answerScans = plan.rows.filter((r) =>
      String(Object.values(r)[0]).includes('on survey_answers'),
    ).length;
    const packs = Number((await q('SELECT count(*) AS n FROM survey_answer_packs')).rows[0].n);
    const base = median(times.scan);
    const england = rows.find((r) => r.key === null && r.groupId === null)!;
    const row = (label: string, t: number) => `| ${label} | ${fmt(t, 1)} | ${fmt(t / base, 2)} |`;
    return [
      `### Surveys: a national NCP's before/after per hub (${fmt(RESPONSES, 0)} participants × ${QUESTIONS} statements, early and summer: ${fmt(answers, 0)} answers; ${fmt(england.pairs, 0)} pairs, 40 hubs)`,
      '',
      `Median of ${rounds} rounds, the steps alternating. The before/after reads the answers packed per invitation (\`survey_answer_packs\`, ${fmt(packs, 0)} rows, kept by triggers on the answers); its plan ${answerScans === 0 ? 'does not read `survey_answers`' : `reads \`survey_answers\` ${answerScans} times`}.`,
      '',
      '| step | median (ms) | ratio to one scan of the answers |',
      '|---|---:|---:|',
      row('one sequential scan of `survey_answers` (`count`, `sum`; baseline)', base),
      row('the same scan by one process (no parallel workers)', median(times.serial)),
      row(
        'the NCP’s before/after per hub, per statement and for England (`beforeAfter`: statements, pairs, labels)',
        median(times.results),
      ),
      '',
      `Limit: at most 3 × the scan (issue 15). ${median(times.results) / base <= 3 ? 'Met.' : 'NOT MET.'}`,
      '',
    ];
  } finally {
    await database.drop();
  }
}
