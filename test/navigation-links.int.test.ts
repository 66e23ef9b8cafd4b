import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPrincipal } from '../src/modules/auth/load-principal.ts';
import { navigationFor, sectionNavigationFor } from '../src/platform/navigation.ts';
import {
  makeHub,
  makeLocalAuthority,
  makePerson,
  makeSchool,
  type PersonRole,
  signedInClient,
} from './support/factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * A way in is no use if it leads to "forbidden": every page of every section of the navigation a person
 * is shown opens for them (found walking the demo: the national analyst was offered the hub's imports).
 */
describe('the navigation offers each person only pages they may open', () => {
  let t: TestContext;
  const people: Record<string, number> = {};
  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'west-yorkshire' }, [{ laCode: '383' }]);
    const school = await makeSchool(t.db, { laCode: '383' });
    const roles: Record<string, PersonRole[]> = {
      nationalAdmin: [{ role: 'national_admin' }],
      nationalAnalyst: [{ role: 'national_analyst' }],
      hubLeadership: [{ role: 'hub_leadership', hubId: hub.id }],
      llme: [{ role: 'llme', hubId: hub.id }],
      participant: [{ role: 'participant', hubId: hub.id }],
      schoolContact: [{ role: 'school_contact', hubId: hub.id, schoolUrn: school.urn }],
      ncpLead: [{ role: 'ncp_project_lead', ncpKey: '09' }],
      ncpCoordination: [{ role: 'ncp_coordination', ncpKey: '09' }],
      laPartner: [{ role: 'la_partner', hubId: hub.id, laCode: '383' }],
    };
    for (const [name, r] of Object.entries(roles)) people[name] = (await makePerson(t.db, r)).id;
  });
  afterAll(() => t.close());

  it('answers every navigation link without "forbidden" or "not found"', async () => {
    const refused: string[] = [];
    for (const [name, id] of Object.entries(people)) {
      const client = await signedInClient(t.app, t.db, id);
      const principal = (await loadPrincipal(t.db, id, 'session'))!;
      const hrefs = new Set(navigationFor(principal, '/').map((i) => i.href));
      for (const item of navigationFor(principal, '/')) {
        for (const page of sectionNavigationFor(principal, item.href)?.items ?? []) hrefs.add(page.href);
      }
      for (const href of hrefs) {
        if (href === '/sign-out') continue;
        const status = (await client.get(href)).statusCode;
        if (status === 403 || status === 404) refused.push(`${name}: ${href} ${status}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
