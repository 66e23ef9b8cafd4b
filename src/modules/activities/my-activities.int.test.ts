import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addLead,
  enrol,
  makeActivity,
  makeNcp,
  makeSession,
  mark,
} from '../../../test/support/delivery-factories.ts';
import { makeHub, makePerson, signedInClient } from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';

describe('an LLME’s registers to take', () => {
  let t: TestContext;
  afterAll(() => t?.close());
  beforeAll(async () => {
    t = await createTestApp();
  });

  it('counts the marks and enrolments of that session’s activity only, not every enrolment in England', async () => {
    const hub = await makeHub(t.db, { slug: 'north' });
    const ncp = await makeNcp(t.db, { yearCode: '2023/24', code: 'NCP23-09', title: 'Primary TfM' });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
    const mine = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: '2023/24',
      title: 'Mine',
    });
    await addLead(t.db, mine.id, llme.id);
    const session = await makeSession(t.db, { activityId: mine.id, startsAt: '2023-10-10T13:30:00Z' });
    const enrolled: { id: number }[] = [];
    for (let i = 0; i < 3; i++)
      enrolled.push(await enrol(t.db, { activityId: mine.id, personId: (await makePerson(t.db)).id }));
    // A withdrawn participant has no register to take.
    await enrol(t.db, { activityId: mine.id, personId: (await makePerson(t.db)).id, status: 'withdrawn' });
    await mark(t.db, session.id, enrolled[0]!.id);
    // Another activity, led by someone else, with many more participants and marks.
    const other = await makeActivity(t.db, {
      hubId: hub.id,
      ncpId: ncp.id,
      yearCode: '2023/24',
      title: 'Other',
    });
    const otherSession = await makeSession(t.db, { activityId: other.id, startsAt: '2023-10-11T13:30:00Z' });
    for (let i = 0; i < 7; i++) {
      const e = await enrol(t.db, { activityId: other.id, personId: (await makePerson(t.db)).id });
      await mark(t.db, otherSession.id, e.id);
    }
    const page = await (await signedInClient(t.app, t.db, llme.id)).get(paths.my.activities);
    expect(page.statusCode).toBe(200);
    const list = /data-testid="registers-to-take">([\s\S]*?)<\/ul>/.exec(page.body)![1]!;
    expect(list).toContain('(1 of 3 marked)');
    expect(list).not.toContain('Other');
  });

  it('lists the activities the LLME leads newest year first (this year before last)', async () => {
    const hub = await makeHub(t.db, { slug: 'south' });
    const llme = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }]);
    for (const [yearCode, code, title] of [
      ['2022/23', 'NCP22-09', 'Last year’s group'],
      ['2023/24', 'NCP23-10', 'This year’s group'],
    ] as const) {
      const ncp = await makeNcp(t.db, { yearCode, code, title: 'Primary TfM' });
      const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode, title });
      await addLead(t.db, activity.id, llme.id);
    }
    const page = await (await signedInClient(t.app, t.db, llme.id)).get(paths.my.activities);
    expect(page.body.indexOf('This year’s group')).toBeLessThan(page.body.indexOf('Last year’s group'));
  });
});
