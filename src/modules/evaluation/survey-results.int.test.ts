import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, enrol, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { type SignedIn, signInHubLead, signInNationalAnalyst } from '../../../test/support/hub-factories.ts';
import { answerSurvey, makeSurveyTemplate } from '../../../test/support/survey-result-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { currentAcademicYear } from '../hubs/year-options.ts';
import { surveyAnswers } from './survey-results-answers.ts';
import { beforeAfter, type ChangeRow } from './survey-results-before-after.ts';

/**
 * Survey results (issue 15): scope, anonymity, before/after on a small example computed by hand, and
 * the downloads. Five participants of NCP 09 in 2023/24: P1, P2, P3 in activity A1 (hub A, led by L1),
 * P4 in A2 (hub A, led by L2), P5 in B1 (hub B). Early and summer answers to two statements:
 *
 *          confidence  knowledge        confidence  knowledge
 *   P1  early   2          3      summer     4          3
 *   P2  early   3          2      summer     2          4
 *   P3  early   1          1      summer   (issued, not answered: not paired)
 *   P4  early   3          3      summer     5          4
 *   P5  early   4          4      summer     4          5
 *
 * Expected, by hand:
 *  A1 confidence: before (2+3)/2 = 2.5, after (4+2)/2 = 3, change (2−1)/2 = 0.5, improved 1 of 2 = 50%.
 *  A1 knowledge:  before 2.5, after 3.5, change (0+2)/2 = 1, improved 50%.
 *  A1 every statement: 4 pairs, before 10/4 = 2.5, after 13/4 = 3.25, change 3/4 = 0.75, improved 50%.
 *  Hub A every statement (P1, P2, P4): before 16/6 = 2.67, after 22/6 = 3.67, change 1, improved 4/6 = 67%.
 *  A2 every statement: before 3, after 4.5, change 1.5, improved 100%.
 *  England confidence: before 12/4 = 3, after 15/4 = 3.75, change 3/4 = 0.75, improved 2/4 = 50%.
 *  England knowledge: before 3, after 4, change 1, improved 3/4 = 75%.
 *  England every statement: 8 pairs, before 3, after 31/8 = 3.875, change 7/8 = 0.875, improved 5/8.
 *  Hub B every statement: before 4, after 4.5, change 0.5, improved 50%.
 */
describe('survey results', () => {
  let t: TestContext;
  const year = '2023/24';
  let hubA: { id: number; slug: string };
  let hubB: { id: number; slug: string };
  let a1: { id: number; hubId: number; yearCode: string };
  let a2: { id: number; hubId: number; yearCode: string };
  let leadA: SignedIn;
  let leadB: SignedIn;
  let analyst: SignedIn;
  let l1: Awaited<ReturnType<typeof signedInClient>>;
  let earlyTemplate: { id: number };
  let summerTemplate: { id: number };
  const names: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    hubA = await makeHub(t.db, { slug: 'results-a', name: 'Alpha Maths Hub' });
    hubB = await makeHub(t.db, { slug: 'results-b', name: 'Beta Maths Hub' });
    leadA = await signInHubLead(t.app, t.db, hubA.id);
    leadB = await signInHubLead(t.app, t.db, hubB.id);
    analyst = await signInNationalAnalyst(t.app, t.db);
    const ncp = await makeNcp(t.db, { yearCode: year, code: 'NCP23-09', title: 'Primary TfM Development' });
    const early = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_early',
      anonymousFreeText: true,
      questions: [
        { key: 'confidence', type: 'agreement', text: 'I feel confident teaching mathematics.' },
        { key: 'knowledge', type: 'agreement', text: 'I understand the mathematics I teach.' },
        { key: 'role', type: 'single_choice', options: ['Class teacher', 'Subject leader'] },
        { key: 'years', type: 'number' },
        { key: 'hopes', type: 'free_text' },
      ],
    });
    const summer = await makeSurveyTemplate(t.db, {
      ncpKey: '09',
      kind: 'participant_summer',
      anonymousFreeText: false,
      questions: [
        { key: 'confidence', type: 'agreement', text: 'I feel confident teaching mathematics.' },
        { key: 'knowledge', type: 'agreement', text: 'I understand the mathematics I teach.' },
        { key: 'useful', type: 'multiple_choice', options: ['Sessions', 'Gap tasks'] },
        { key: 'change', type: 'free_text' },
      ],
    });
    earlyTemplate = early;
    summerTemplate = summer;
    const l1Person = await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }]);
    const l2Person = await makePerson(t.db, [{ role: 'llme', hubId: hubA.id }]);
    l1 = await signedInClient(t.app, t.db, l1Person.id);
    a1 = await makeActivity(t.db, { hubId: hubA.id, ncpId: ncp.id, yearCode: year, title: 'Alpha WG 1' });
    a2 = await makeActivity(t.db, { hubId: hubA.id, ncpId: ncp.id, yearCode: year, title: 'Alpha WG 2' });
    const b1 = await makeActivity(t.db, {
      hubId: hubB.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Beta WG 1',
    });
    await addLead(t.db, a1.id, l1Person.id);
    await addLead(t.db, a2.id, l2Person.id);
    const plan: [string, typeof a1, number[], number[] | null, string][] = [
      ['P1', a1, [2, 3], [4, 3], 'Class teacher'],
      ['P2', a1, [3, 2], [2, 4], 'Class teacher'],
      ['P3', a1, [1, 1], null, 'Subject leader'],
      ['P4', a2, [3, 3], [5, 4], 'Subject leader'],
      ['P5', b1, [4, 4], [4, 5], 'Class teacher'],
    ];
    for (const [label, activity, before, after, role] of plan) {
      const person = await makePerson(t.db, [], { givenName: label, familyName: 'Participantson' });
      names[label] = `${label} Participantson`;
      await enrol(t.db, { activityId: activity.id, personId: person.id });
      await answerSurvey(t.db, {
        templateId: early.id,
        activity,
        personId: person.id,
        answers: {
          confidence: before[0]!,
          knowledge: before[1]!,
          role,
          years: before[0]! * 2,
          hopes: `Hopes of ${label}`,
        },
      });
      await answerSurvey(t.db, {
        templateId: summer.id,
        activity,
        personId: person.id,
        answers: after
          ? {
              confidence: after[0]!,
              knowledge: after[1]!,
              useful: label === 'P1' ? ['Sessions', 'Gap tasks'] : ['Sessions'],
              change: `Change seen by ${label}`,
            }
          : null,
      });
    }
  });
  afterAll(() => t?.close());

  const find = (rows: ChangeRow[], key: string | null, groupId: number | null) =>
    rows.find((r) => r.key === key && r.groupId === groupId);
  const near = (value: number | undefined, expected: number) => expect(value).toBeCloseTo(expected, 6);

  it('computes the before/after per activity, hub and England as worked out by hand', async () => {
    const byHub = await beforeAfter(t.db, {
      ncpKey: '09',
      yearCode: year,
      scope: { kind: 'all' },
      groupBy: 'hub',
    });
    const england = find(byHub, null, null)!;
    expect(england.pairs).toBe(8);
    expect(england.participants).toBe(4);
    near(england.meanBefore, 3);
    near(england.meanAfter, 3.875);
    near(england.meanChange, 0.875);
    near(england.improvedShare, 5 / 8);
    const confidence = find(byHub, 'confidence', null)!;
    near(confidence.meanBefore, 3);
    near(confidence.meanAfter, 3.75);
    near(confidence.meanChange, 0.75);
    near(confidence.improvedShare, 0.5);
    near(find(byHub, 'knowledge', null)!.improvedShare, 0.75);
    const alpha = find(byHub, null, hubA.id)!;
    expect(alpha.groupLabel).toBe('Alpha Maths Hub');
    near(alpha.meanBefore, 16 / 6);
    near(alpha.meanAfter, 22 / 6);
    near(alpha.meanChange, 1);
    near(alpha.improvedShare, 4 / 6);
    const beta = find(byHub, null, hubB.id)!;
    near(beta.meanBefore, 4);
    near(beta.meanAfter, 4.5);
    near(beta.improvedShare, 0.5);

    const byActivity = await beforeAfter(t.db, {
      ncpKey: '09',
      yearCode: year,
      scope: { kind: 'hub', hubId: hubA.id },
      groupBy: 'activity',
    });
    const first = find(byActivity, null, a1.id)!;
    expect(first.pairs).toBe(4);
    near(first.meanBefore, 2.5);
    near(first.meanAfter, 3.25);
    near(first.meanChange, 0.75);
    near(first.improvedShare, 0.5);
    near(find(byActivity, 'confidence', a1.id)!.meanChange, 0.5);
    near(find(byActivity, 'knowledge', a1.id)!.meanAfter, 3.5);
    near(find(byActivity, null, a2.id)!.meanChange, 1.5);
    near(find(byActivity, null, null)!.meanChange, 1);
    // Another NCP or year has nothing.
    expect(
      await beforeAfter(t.db, { ncpKey: '12', yearCode: year, scope: { kind: 'all' }, groupBy: 'hub' }),
    ).toEqual([]);
  });

  it('puts each question’s answers together: agreement points and mean, choices, numbers, free text', async () => {
    const early = await surveyAnswers(t.db, {
      ncpKey: '09',
      yearCode: year,
      kind: 'participant_early',
      scope: { kind: 'hub', hubId: hubA.id },
    });
    expect(early.invited).toBe(4);
    expect(early.submitted).toBe(4);
    const q = (key: string) => early.questions.find((x) => x.key === key)!;
    // Confidence early in hub A: 2, 3, 1, 3.
    expect(q('confidence').points).toEqual([1, 1, 2, 0, 0]);
    near(q('confidence').mean!, 2.25);
    expect(q('role').choices).toEqual([
      { option: 'Class teacher', count: 2 },
      { option: 'Subject leader', count: 2 },
    ]);
    // Years: 4, 6, 2, 6 → mean 4.5, median 5.
    near(q('years').mean!, 4.5);
    near(q('years').median!, 5);
    // The early template is anonymous: no names with its free text.
    expect(q('hopes').texts.map((x) => x.name)).toEqual([null, null, null, null]);
    const summer = await surveyAnswers(t.db, {
      ncpKey: '09',
      yearCode: year,
      kind: 'participant_summer',
      scope: { kind: 'activity', activityId: a1.id },
    });
    expect(summer.invited).toBe(3);
    expect(summer.submitted).toBe(2);
    const useful = summer.questions.find((x) => x.key === 'useful')!;
    expect(useful.choices).toEqual([
      { option: 'Sessions', count: 2 },
      { option: 'Gap tasks', count: 1 },
    ]);
    expect(
      summer.questions
        .find((x) => x.key === 'change')!
        .texts.map((x) => x.name)
        .sort(),
    ).toEqual([names.P1, names.P2]);
  });

  it('shows a lead their own activity’s participants only, and another lead’s activity is not found', async () => {
    const own = await l1.get(paths.evaluation.surveys.activityResults(a1.id));
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(names.P1);
    expect(own.body).toContain(names.P2);
    for (const other of [names.P4, names.P5]) expect(own.body).not.toContain(other);
    expect((await l1.get(paths.evaluation.surveys.activityResults(a2.id))).statusCode).toBe(404);
    expect((await l1.get(paths.evaluation.surveys.activityResults(a2.id), {})).body).not.toContain(names.P4);
    const csv = await l1.get(`${paths.evaluation.surveys.activityResults(a1.id)}?format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(names.P4);
    expect(csv.body).toContain(names.P1);
  });

  it('shows free text of an anonymous template without the participant’s name', async () => {
    const page = await l1.get(`${paths.evaluation.surveys.activityResults(a1.id)}?kind=participant_early`);
    const list = /data-testid="free-text">([\s\S]*?)<\/ul>/.exec(page.body)![1]!;
    expect(list).toContain('Hopes of P1');
    expect(list).not.toContain('Participantson');
    const summer = await l1.get(`${paths.evaluation.surveys.activityResults(a1.id)}?kind=participant_summer`);
    const named = /data-testid="free-text">([\s\S]*?)<\/ul>/.exec(summer.body)![1]!;
    expect(named).toContain(names.P1);
  });

  it('gives hub leadership their hub only: another hub is not found', async () => {
    const own = await leadA.client.get(`${paths.evaluation.surveys.hubResults}?year=2023-24&ncp=09`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Alpha WG 1');
    expect(own.body).not.toContain('Beta WG 1');
    expect(
      (await leadB.client.get(`${paths.evaluation.surveys.hubResults}?hub=${hubA.slug}&year=2023-24&ncp=09`))
        .statusCode,
    ).toBe(404);
    expect((await leadB.client.get(paths.evaluation.surveys.activityResults(a1.id))).statusCode).toBe(404);
    expect((await leadA.client.get(paths.evaluation.surveys.results)).statusCode).toBe(403);
    const csv = await leadA.client.get(
      `${paths.evaluation.surveys.hubResults}?year=2023-24&ncp=09&format=csv`,
    );
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Alpha WG 2');
    expect(csv.body).not.toContain('Beta');
  });

  it('gives the national team the NCP across hubs with England, on the page and in the downloads', async () => {
    const page = await analyst.client.get(`${paths.evaluation.surveys.results}?year=2023-24&ncp=09`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Alpha Maths Hub');
    expect(page.body).toContain('Beta Maths Hub');
    expect(page.body).toContain('<svg role="img"');
    const csv = await analyst.client.get(
      `${paths.evaluation.surveys.results}?year=2023-24&ncp=09&format=csv`,
    );
    const lines = csv.body
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'Maths Hub,Statement,Statement key,Participants who answered both,Answers paired,Mean before (1 to 5),Mean after (1 to 5),Mean change,Improved (%)',
    );
    expect(lines).toContain('England,Every statement,,4,8,3,3.88,0.88,63');
    expect(lines).toContain('Alpha Maths Hub,Every statement,,3,6,2.67,3.67,1,67');
    expect(lines).toContain('England,I understand the mathematics I teach.,knowledge,4,4,3,4,1,75');
    const xlsx = await analyst.client.get(
      `${paths.evaluation.surveys.results}?year=2023-24&ncp=09&format=xlsx`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const england = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).value === 'England');
    expect(england?.getCell(8).value).toBe(0.88);
  });

  /** Which survey a results page shows: its answers' heading and count, the kind chosen, the downloads' kind. */
  const shown = (body: string) => {
    const select = /<select[^>]*id="kind"[^>]*>([\s\S]*?)<\/select>/.exec(body)![1]!;
    const download = /href="([^"]*)" data-testid="download-csv"/.exec(body)![1]!;
    return {
      heading: /id="answers">([^<]*)</.exec(body)![1],
      count: /data-testid="answers-count">([^<]*)</.exec(body)![1],
      chosen: [...select.matchAll(/<option value="([a-z_]+)" selected>/g)].map((m) => m[1]),
      downloadKind: new URLSearchParams(download.split('?')[1]!.replaceAll('&amp;', '&')).get('kind'),
    };
  };

  it('shows the latest participant survey issued in the year and scope unless a kind is asked for', async () => {
    // Today's year (what a page without ?year= shows): hub A's activity, its early survey answered by 2
    // of 3, no summer invitation yet.
    const year = currentAcademicYear();
    const ncp = await makeNcp(t.db, { yearCode: year, code: 'NCP99-09', title: 'Primary TfM Development' });
    const activity = await makeActivity(t.db, {
      hubId: hubA.id,
      ncpId: ncp.id,
      yearCode: year,
      title: 'Alpha WG today',
    });
    const people: number[] = [];
    for (const [i, confidence] of [4, 2, null].entries()) {
      const person = await makePerson(t.db, [], { givenName: `Q${i}`, familyName: 'Todayson' });
      people.push(person.id);
      await enrol(t.db, { activityId: activity.id, personId: person.id });
      await answerSurvey(t.db, {
        templateId: earlyTemplate.id,
        activity,
        personId: person.id,
        answers: confidence === null ? null : { confidence, knowledge: 3 },
      });
    }
    const early = {
      heading: 'Answers: participants, early (autumn)',
      count: '2 of 3 invited answered.',
      chosen: ['participant_early'],
      downloadKind: 'participant_early',
    };
    const hubPage = paths.evaluation.surveys.hubResults;
    const ncpPage = `${paths.evaluation.surveys.results}?ncp=09`;
    const activityPage = paths.evaluation.surveys.activityResults(activity.id);

    // No kind asked for and no summer invitation: the early survey, on each page.
    const hub = await leadA.client.get(hubPage);
    expect(hub.statusCode).toBe(200);
    expect(shown(hub.body)).toEqual(early);
    expect(hub.body).toContain('Mean 3 of 5, from 2 answers.');
    expect(shown((await analyst.client.get(ncpPage)).body)).toEqual(early);
    expect(shown((await leadA.client.get(activityPage)).body)).toEqual(early);
    // National staff sent from the hub page to the NCP across hubs are not given a kind they did not ask for.
    const sent = await analyst.client.get(`${hubPage}?ncp=09`);
    expect(sent.statusCode).toBe(302);
    expect(sent.headers.location).not.toContain('kind=');
    // An explicit kind is honoured, even with nothing to show.
    expect(shown((await leadA.client.get(`${hubPage}?kind=participant_summer`)).body)).toEqual({
      heading: 'Answers: participants, summer',
      count: '0 of 0 invited answered.',
      chosen: ['participant_summer'],
      downloadKind: 'participant_summer',
    });
    const llmes = shown((await leadA.client.get(`${activityPage}?kind=llme_end_of_year`)).body);
    expect(llmes.chosen).toEqual(['llme_end_of_year']);
    // The heading keeps the programme's own word as it is written.
    expect(llmes.heading).toBe('Answers: LLMEs, end of year');

    // Once a summer invitation is issued (not yet answered), the summer survey.
    await answerSurvey(t.db, {
      templateId: summerTemplate.id,
      activity,
      personId: people[0]!,
      answers: null,
    });
    const summer = {
      heading: 'Answers: participants, summer',
      count: '0 of 1 invited answered.',
      chosen: ['participant_summer'],
      downloadKind: 'participant_summer',
    };
    expect(shown((await leadA.client.get(hubPage)).body)).toEqual(summer);
    expect(shown((await analyst.client.get(ncpPage)).body)).toEqual(summer);
    expect(shown((await leadA.client.get(activityPage)).body)).toEqual(summer);
    // ... and the early survey still when asked for.
    expect(shown((await leadA.client.get(`${hubPage}?kind=participant_early`)).body)).toEqual(early);
    expect(shown((await analyst.client.get(`${ncpPage}&kind=participant_early`)).body)).toEqual(early);
    expect(shown((await leadA.client.get(`${activityPage}?kind=participant_early`)).body)).toEqual(early);
    // The scope decides: hub B has no invitation this year (hub A's summer one is not B's), so its page
    // shows the early survey, the year's first.
    expect(shown((await leadB.client.get(hubPage)).body).chosen).toEqual(['participant_early']);
  });
});
