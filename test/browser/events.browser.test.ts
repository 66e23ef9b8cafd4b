import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPlaces, programmeEvents } from '../../src/modules/events/schema.ts';
import { DEMO_EMAIL_DOMAIN } from '../../src/modules/people/demo-accounts.ts';
import { dayFromToday, makeEvent } from '../support/event-factories.ts';
import { makeHub, makePerson } from '../support/factories.ts';
import { EventsPage } from './pages/events-page.ts';
import { SignInPage } from './pages/sign-in-page.ts';
import {
  type BrowserContext,
  browserAvailable,
  expectAccessible,
  startBrowserTest,
} from './support/browser.ts';

/**
 * An organiser invites a teacher; the teacher confirms, gives requirements, connects and cancels a place
 * (through its confirmation page); attendance is taken.
 */
describe.skipIf(!browserAvailable)('events in a browser', () => {
  let t: BrowserContext;
  let leadId: number;
  let teacher: Awaited<ReturnType<typeof makePerson>>;
  let hubId: number;

  beforeAll(async () => {
    t = await startBrowserTest();
    hubId = (await makeHub(t.db, { slug: 'west-yorkshire', name: 'West Yorkshire Maths Hub' })).id;
    leadId = (
      await makePerson(t.db, [{ role: 'hub_leadership', hubId, title: 'Maths Hub Lead' }], {
        email: `lead@${DEMO_EMAIL_DOMAIN}`,
      })
    ).id;
    teacher = await makePerson(t.db, [{ role: 'participant', hubId }], {
      email: `teacher@${DEMO_EMAIL_DOMAIN}`,
      givenName: 'Sam',
      familyName: 'Teacher',
    });
  });
  afterAll(() => t?.close());

  const signedIn = async (personId: number) => {
    const context = await t.browser.newContext();
    const page = await context.newPage();
    await new SignInPage(page).open(t.baseUrl);
    await new SignInPage(page).useDemoAccount(personId);
    return { context, page, events: new EventsPage(page, t.baseUrl) };
  };

  it('invite → confirm → requirements → connect → cancel → attendance', async () => {
    // The organiser invites the teacher to a face-to-face event.
    const lead = await signedIn(leadId);
    const day = dayFromToday(40);
    const [y, m, d] = day.split('-');
    await lead.events.createEvent(
      t.baseUrl,
      {
        Title: 'Mastery Readiness launch',
        'Venue (face to face)': 'Beckside Primary School',
        Day: String(Number(d)),
        Month: String(Number(m)),
        Year: y!,
        'Start time': '10:00',
        'End time': '15:00',
        'Number of places': '12',
        'Invite people by email (optional)': teacher.email,
      },
      'Face to face',
    );
    await expectAccessible(lead.page);
    expect(await lead.page.getByTestId('confirm-by').textContent()).toMatch(/\d+ \w+ \d{4}/);

    // The teacher sees it with its deadline, confirms, and gives requirements.
    const sam = await signedIn(teacher.id);
    await sam.events.openMine();
    await expectAccessible(sam.page);
    expect(await sam.page.getByTestId('event-deadline').first().textContent()).toMatch(/\d+ \w+ \d{4}/);
    await sam.events.openEvent('Mastery Readiness launch');
    await expectAccessible(sam.page);
    await sam.events.confirm();
    expect(await sam.page.getByTestId('place-status').textContent()).toContain('Confirmed');
    await sam.events.saveRequirements({ dietary: 'Vegan', access: 'Hearing loop' });
    await expectAccessible(sam.page);
    expect(await sam.page.getByLabel('Dietary requirements').inputValue()).toBe('Vegan');

    // An online event: the Connect link appears only after confirming, and leads to the platform.
    await makeEvent(t.db, { hubId, title: 'Online TRG', invite: [teacher.id] });
    await sam.events.openMine();
    await sam.events.openEvent('Online TRG');
    expect(await sam.page.getByTestId('connect').count()).toBe(0);
    await sam.events.confirm();
    const connect = await sam.page.getByTestId('connect').getAttribute('href');
    expect(connect).toMatch(/^\/events\/connect\//);
    const go = await sam.page.request.get(`${t.baseUrl}${connect}`, { maxRedirects: 0 });
    expect(go.status()).toBe(302);
    expect(go.headers().location).toBe('https://zoom.example/j/123456');
    await expectAccessible(sam.page);

    // Cancelling the place asks first, saying where the place goes; confirming cancels it.
    await sam.page.getByTestId('cancel-place').click();
    await sam.page.getByTestId('confirm-cancel-place').waitFor();
    await expectAccessible(sam.page);
    expect(await sam.page.getByTestId('consequence').textContent()).toContain(
      'Your place goes to the next person on the waiting list',
    );
    await sam.page.getByTestId('confirm-cancel-place').click();
    await sam.page.getByTestId('confirm').waitFor();
    expect(await sam.page.locator('.govuk-notification-banner').textContent()).toContain(
      'Your place is cancelled',
    );

    // The organiser sees the requirements; once the event has started, takes attendance.
    const [event] = await t.db
      .select()
      .from(programmeEvents)
      .where(eq(programmeEvents.title, 'Mastery Readiness launch'));
    await lead.page.goto(`${t.baseUrl}/organise/events/${event!.id}`);
    expect(await lead.page.getByTestId('requirements').textContent()).toContain('Hearing loop');
    await t.db
      .update(programmeEvents)
      .set({ startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 3600_000) })
      .where(eq(programmeEvents.id, event!.id));
    await lead.page.reload();
    await lead.page.getByLabel('Yes').check();
    await lead.page.getByTestId('save-attendance').click();
    await lead.page.getByTestId('attendance-form').waitFor();
    await expectAccessible(lead.page);
    const [place] = await t.db.select().from(eventPlaces).where(eq(eventPlaces.eventId, event!.id));
    expect(place!.status).toBe('attended');
    await lead.context.close();
    await sam.context.close();
  });
});
