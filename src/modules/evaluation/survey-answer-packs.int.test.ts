import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson } from '../../../test/support/factories.ts';
import { answerSurvey, makeSurveyTemplate } from '../../../test/support/survey-result-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { beforeAfter } from './survey-results-before-after.ts';

/**
 * The before/after reads answers packed per invitation (`survey_answer_packs`), kept by triggers on
 * `survey_answers`. Whatever writes the answers (insert, edit, delete, a new template version with new
 * and reordered statements), the before/after must equal the same figures counted plainly from the
 * answers table, answer by answer.
 */
describe('packed survey answers', () => {
  let t: TestContext;
  const year = '2023/24';

  /** The before/after per hub and statement, counted from `survey_answers` one answer at a time. */
  async function plainCount() {
    const { rows } = await t.db.execute<{
      key: string;
      hub_id: number;
      pairs: number;
      before: number;
      after: number;
      improved: number;
    }>(sql`
      WITH a AS (
        SELECT i.hub_id, i.activity_id, i.person_id, i.kind, q.key, x.value_number::int AS v
        FROM survey_answers x
        JOIN survey_invitations i ON i.id = x.invitation_id
        JOIN survey_questions q ON q.id = x.question_id
        JOIN survey_templates t ON t.id = q.template_id
        WHERE t.ncp_key = '09' AND q.type = 'agreement' AND i.submitted_at IS NOT NULL AND i.year_code = ${year}
      )
      SELECT e.key, e.hub_id, count(*)::int AS pairs, avg(e.v)::float8 AS before, avg(s.v)::float8 AS after,
             (count(*) FILTER (WHERE s.v > e.v))::int AS improved
      FROM a e JOIN a s ON s.activity_id = e.activity_id AND s.person_id = e.person_id AND s.key = e.key
      WHERE e.kind = 'participant_early' AND s.kind = 'participant_summer'
      GROUP BY e.key, e.hub_id ORDER BY e.key, e.hub_id`);
    return rows;
  }

  async function packedCount() {
    const rows = await beforeAfter(t.db, {
      ncpKey: '09',
      yearCode: year,
      scope: { kind: 'all' },
      groupBy: 'hub',
    });
    return rows
      .filter((r) => r.key !== null && r.groupId !== null)
      .map((r) => ({
        key: r.key!,
        hub_id: r.groupId!,
        pairs: r.pairs,
        before: r.meanBefore,
        after: r.meanAfter,
        improved: Math.round(r.improvedShare * r.pairs),
      }))
      .sort((a, b) => a.key.localeCompare(b.key) || a.hub_id - b.hub_id);
  }

  async function expectSame() {
    const plain = await plainCount();
    const packed = await packedCount();
    expect(plain.length).toBeGreaterThan(0);
    expect(packed.map((r) => [r.key, r.hub_id, r.pairs, r.improved])).toEqual(
      plain.map((r) => [r.key, r.hub_id, r.pairs, r.improved]),
    );
    packed.forEach((r, i) => {
      expect(r.before).toBeCloseTo(plain[i]!.before, 9);
      expect(r.after).toBeCloseTo(plain[i]!.after, 9);
    });
  }

  let summerId: number;

  beforeAll(async () => {
    t = await createTestApp();
    const ncp = await makeNcp(t.db, { yearCode: year, code: 'NCP23-09', title: 'Primary TfM Development' });
    const hubs = [await makeHub(t.db, { slug: 'packs-a' }), await makeHub(t.db, { slug: 'packs-b' })];
    // Keys written in an order unlike their alphabetical one: numbers follow the order of writing.
    const early = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_early',
      questions: [
        { key: 'zeta', type: 'agreement' },
        { key: 'alpha', type: 'agreement' },
        { key: 'notes', type: 'free_text' },
      ],
    });
    const summer = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_summer',
      questions: [
        { key: 'alpha', type: 'agreement' },
        { key: 'mid', type: 'agreement' },
        { key: 'zeta', type: 'agreement' },
      ],
    });
    summerId = summer.id;
    for (const [h, hub] of hubs.entries()) {
      const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: year });
      for (let p = 0; p < 6; p++) {
        const person = await makePerson(t.db, []);
        await enrol(t.db, { activityId: activity.id, personId: person.id });
        const v = (k: number) => 1 + ((p * 3 + k + h) % 5);
        await answerSurvey(t.db, {
          templateId: early.id,
          activity,
          personId: person.id,
          answers: { zeta: v(1), alpha: v(2), notes: 'Some notes' },
        });
        await answerSurvey(t.db, {
          templateId: summer.id,
          activity,
          personId: person.id,
          answers: p === 5 ? null : { alpha: v(4), mid: v(0), zeta: v(3) },
        });
      }
    }
  });
  afterAll(() => t?.close());

  it('numbers each statement once, in the order first written', async () => {
    const { rows } = await t.db.execute<{ key: string; n: number }>(
      sql`SELECT key, n FROM survey_statement_numbers WHERE ncp_key = '09' ORDER BY n`,
    );
    expect(rows).toEqual([
      { key: 'zeta', n: 0 },
      { key: 'alpha', n: 1 },
      { key: 'mid', n: 2 },
    ]);
  });

  it('gives the figures counted plainly from the answers', async () => {
    await expectSame();
  });

  it('follows answers edited, deleted and added', async () => {
    await t.db.execute(sql`UPDATE survey_answers x SET value_number = 6 - x.value_number
      FROM survey_invitations i WHERE i.id = x.invitation_id AND i.kind = 'participant_summer' AND i.person_id % 2 = 0`);
    await expectSame();
    await t.db.execute(sql`DELETE FROM survey_answers x USING survey_questions q
      WHERE q.id = x.question_id AND q.key = 'alpha' AND x.invitation_id % 3 = 0`);
    await expectSame();
    await t.db.execute(
      sql`DELETE FROM survey_invitations WHERE id IN (SELECT min(id) FROM survey_invitations)`,
    );
    await expectSame();
  });

  it('keeps the numbers when a new version reorders and adds statements', async () => {
    const v2 = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_summer',
      version: 2,
      questions: [
        { key: 'new', type: 'agreement' },
        { key: 'zeta', type: 'agreement' },
        { key: 'alpha', type: 'agreement' },
      ],
    });
    const { rows } = await t.db.execute<{ key: string; n: number }>(
      sql`SELECT key, n FROM survey_statement_numbers WHERE ncp_key = '09' ORDER BY n`,
    );
    expect(rows.map((r) => `${r.key}=${r.n}`)).toEqual(['zeta=0', 'alpha=1', 'mid=2', 'new=3']);
    // The summer answers move to the new version (as if answered on it): same keys, other questions.
    await t.db.execute(sql`UPDATE survey_answers x SET question_id = q2.id
      FROM survey_questions q1, survey_questions q2
      WHERE q1.id = x.question_id AND q1.template_id = ${summerId} AND q2.template_id = ${v2.id} AND q2.key = q1.key`);
    await t.db.execute(
      sql`UPDATE survey_invitations SET template_id = ${v2.id} WHERE template_id = ${summerId}`,
    );
    await expectSame();
  });
});
