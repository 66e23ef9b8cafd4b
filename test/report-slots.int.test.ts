import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../src/platform/paths.ts';
import { reportSlots } from '../src/platform/upload-limits.ts';
import { makeHub, makeLocalAuthority } from './support/factories.ts';
import { type SignedIn, signInHubLead } from './support/hub-factories.ts';
import { createTestApp, type TestContext } from './support/test-app.ts';

/**
 * Report-sized pages are made a few at a time (reportSlots, docs/operations.md): each holds a slot
 * until its answer is sent, so however many are asked for one after another, none is left holding one.
 */
describe('report slots', () => {
  let t: TestContext;
  let lead: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    await makeLocalAuthority(t.db, { code: '383', name: 'Leeds' });
    const hub = await makeHub(t.db, { slug: 'north', name: 'North Maths Hub' }, [{ laCode: '383' }]);
    lead = await signInHubLead(t.app, t.db, hub.id);
  });
  afterAll(() => t?.close());

  it('gives every slot back once each page is answered, more pages than slots one after another', async () => {
    const pages = [paths.reports.hubDashboard, paths.myHub.schools, paths.myHub.funnels];
    for (let i = 0; i < 4; i++) {
      for (const page of pages) expect((await lead.client.get(page)).statusCode).toBe(200);
    }
    // And at once: more than there are slots, each answered.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => lead.client.get(pages[i % pages.length]!)),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 200));
    expect([reportSlots.inUse, reportSlots.waiting]).toEqual([0, 0]);
  });
});
