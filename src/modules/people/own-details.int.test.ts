import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  signedInClient,
} from '../../../test/support/factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { eventLog } from '../../platform/audit-schema.ts';
import { paths } from '../../platform/paths.ts';
import { people } from './schema.ts';

describe('a person sees and corrects their own school and year groups', () => {
  let t: TestContext;
  let hubId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    hubId = (await makeHub(t.db, { name: 'Leeds Maths Hub' }, [{ laCode: '383' }])).id;
    await makeSchool(t.db, {
      urn: 109001,
      laCode: '383',
      name: 'Ash Tree Primary School',
      postcode: 'LS9 1AA',
    });
    await makeSchool(t.db, { urn: 109002, laCode: '383', name: 'Rowan Infant School', postcode: 'LS9 2BB' });
  });
  afterAll(() => t.close());

  const logged = (personId: number, action: string) =>
    t.db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.action, action), eq(eventLog.subjectId, String(personId))));

  it('changes their school, found by postcode with the picker, and the change is logged', async () => {
    const me = await makePerson(t.db, [{ role: 'participant', hubId }], { schoolUrn: 109001 });
    const own = await signedInClient(t.app, t.db, me.id);
    const account = (await own.get(paths.account)).body;
    expect(account).toContain('Ash Tree Primary School (URN 109001)');
    expect(account).toContain(`href="${paths.accountSchool}"`);
    expect(account).toContain(`href="${paths.accountYearGroups}"`);

    const search = await own.get(
      `${paths.schoolSearch}?q=ls92bb&field=schoolUrn&returnTo=${encodeURIComponent(paths.accountSchool)}`,
    );
    expect(search.body).toContain(`href="${paths.accountSchool}?schoolUrn=109002"`);
    const back = `${paths.accountSchool}?schoolUrn=109002`;
    const form = (await own.get(back)).body;
    expect(form).toContain('You work at Ash Tree Primary School');
    expect(form).toContain('Rowan Infant School, Testington, LS9 2BB (URN 109002)');

    const refused = await own.submit(paths.accountSchool, { schoolUrn: '999999' }, back);
    expect(refused.headers.location).toBe(`${paths.accountSchool}?schoolUrn=999999`);
    const again = (await own.get(refused.headers.location!)).body;
    expect(again).toContain('There is no school with URN 999999');
    expect(again).toContain('value="999999"');

    const done = await own.submit(paths.accountSchool, { schoolUrn: '109002' }, back);
    expect(done.headers.location).toBe(paths.account);
    const [row] = await t.db.select().from(people).where(eq(people.id, me.id));
    expect(row?.schoolUrn).toBe(109002);
    expect(await logged(me.id, 'person.own_school_changed')).toMatchObject([
      { actorPersonId: me.id, hubId, changes: { schoolUrn: [109001, 109002] } },
    ]);
    expect((await own.get(paths.account)).body).toContain('Rowan Infant School (URN 109002)');
  });

  it('corrects the year groups they teach, in the programme’s order, logged', async () => {
    const me = await makePerson(t.db, [{ role: 'participant', hubId }], { schoolUrn: 109001 });
    const own = await signedInClient(t.app, t.db, me.id);
    expect((await own.get(paths.account)).body).toContain('Not recorded');
    const refused = await own.submit(paths.accountYearGroups, { yearGroups: ['Year 2', 'Year 99'] });
    expect(refused.headers.location).toBe(paths.accountYearGroups);
    const again = (await own.get(paths.accountYearGroups)).body;
    expect(again).toContain('Choose year groups from the list');
    expect(again).toMatch(/value="Year 2" checked/);

    const done = await own.submit(paths.accountYearGroups, { yearGroups: ['Year 2', 'Reception'] });
    expect(done.headers.location).toBe(paths.account);
    expect((await own.get(paths.account)).body).toContain('Reception, Year 2');
    expect(await logged(me.id, 'person.year_groups_changed')).toMatchObject([
      { actorPersonId: me.id, changes: { yearGroups: [[], ['Reception', 'Year 2']] } },
    ]);
    // Saving the same again changes nothing and logs nothing.
    await own.submit(paths.accountYearGroups, { yearGroups: ['Reception', 'Year 2'] });
    expect(await logged(me.id, 'person.year_groups_changed')).toHaveLength(1);
    const form = (await own.get(paths.accountYearGroups)).body;
    expect(form).toMatch(/value="Reception" checked/);
  });
});
