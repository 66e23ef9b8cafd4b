import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLead, makeActivity, makeNcp } from '../../../test/support/delivery-factories.ts';
import { makeHub, makeLocalAuthority, makePerson, makeSchool } from '../../../test/support/factories.ts';
import { signInHubLead } from '../../../test/support/hub-factories.ts';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { paths } from '../../platform/paths.ts';
import { accreditations } from '../people/schema.ts';

describe('choosing an activity lead', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('shows each LLME’s school and accreditation, tells the same names apart, and offers only those who may lead', async () => {
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'north', name: 'North Maths Hub' }, [{ laCode: '383' }]);
    const oak = await makeSchool(t.db, { laCode: '383', name: 'Oak Primary School' });
    const elm = await makeSchool(t.db, { laCode: '383', name: 'Elm Primary School' });
    const llme = async (given: string, family: string, schoolUrn: number, kind?: 'mastery_specialist') => {
      const p = await makePerson(t.db, [{ role: 'llme', hubId: hub.id, title: 'Work Group Lead' }], {
        givenName: given,
        familyName: family,
        schoolUrn,
      });
      if (kind) await t.db.insert(accreditations).values({ personId: p.id, kind, cohort: 'MS5' });
      return p;
    };
    const asha = await llme('Asha', 'Patel', oak.urn, 'mastery_specialist');
    const samAtOak = await llme('Sam', 'Smith', oak.urn, 'mastery_specialist');
    const samAtElm = await llme('Sam', 'Smith', elm.urn, 'mastery_specialist');
    const ben = await llme('Ben', 'Jones', elm.urn);
    const already = await llme('Cara', 'Lead', elm.urn, 'mastery_specialist');
    // Someone of another hub is not offered at all.
    const otherHub = await makeHub(t.db, { slug: 'south' });
    const outsider = await makePerson(t.db, [{ role: 'llme', hubId: otherHub.id }], {
      givenName: 'Out',
      familyName: 'Sider',
    });
    const ncp = await makeNcp(t.db, {
      yearCode: '2023/24',
      code: 'NCP23-09',
      rules: { leadRequires: ['mastery_specialist'] },
    });
    const activity = await makeActivity(t.db, { hubId: hub.id, ncpId: ncp.id, yearCode: '2023/24' });
    await addLead(t.db, activity.id, already.id);
    const lead = await signInHubLead(t.app, t.db, hub.id);
    const page = await lead.client.get(paths.activity.show(activity.id));
    expect(page.statusCode).toBe(200);
    const offered = /data-testid="lead-choices"[\s\S]*?<\/fieldset>/.exec(page.body)?.[0] ?? '';
    const choice = (id: number) =>
      new RegExp(`value="${id}"[^>]*>[\\s\\S]*?</label>\\s*<div[^>]*>([\\s\\S]*?)</div>`)
        .exec(offered)?.[1]
        ?.trim();
    expect(choice(asha.id)).toBe('Oak Primary School · accredited primary Mastery Specialist');
    // Two Sam Smiths: their schools and emails tell them apart.
    expect(choice(samAtOak.id)).toContain('Oak Primary School');
    expect(choice(samAtOak.id)).toContain(samAtOak.email);
    expect(choice(samAtElm.id)).toContain('Elm Primary School');
    expect(choice(samAtElm.id)).toContain(samAtElm.email);
    expect(choice(asha.id)).not.toContain(asha.email);
    // Not offered: someone who may not lead this NCP (shown apart, with why), a lead already, an outsider.
    expect(offered).not.toContain(`value="${ben.id}"`);
    expect(offered).not.toContain(`value="${already.id}"`);
    expect(page.body).not.toContain(`value="${outsider.id}"`);
    const notEligible = /data-testid="not-eligible-leads"[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? '';
    expect(notEligible.replace(/\s+/g, ' ')).toContain(
      'Ben Jones</strong> (Elm Primary School · Work Group Lead): not eligible. The lead must be an accredited primary Mastery Specialist.',
    );
  });
});
