import { describe, expect, it } from 'vitest';
import { navigationFor, sectionNavigationFor } from './navigation.ts';
import type { Principal, Role } from './principal.ts';

const person = (...roles: Role[]): Principal => ({
  personId: 1,
  email: 'a@example.org',
  displayName: 'A',
  hasPassword: false,
  via: 'session',
  roles: roles.map((role) => ({
    role,
    hubId: role.startsWith('national') ? null : 1,
    schoolUrn: null,
    ncpKey: null,
    laCode: null,
    title: null,
  })),
});

describe('the service navigation', () => {
  it('stays one short row, even for someone with every role (issue 14: 11–16 items in two or three rows)', () => {
    const everyone = person('national_admin', 'hub_leadership', 'llme', 'participant', 'school_contact');
    const items = navigationFor(everyone, '/dashboard');
    expect(items.length).toBeLessThanOrEqual(8);
    expect(items.map((i) => i.text)).toEqual([
      'To do',
      'Catalogue',
      'Events',
      'Hubs’ work',
      'National',
      'Your work',
      'Your account',
      'Sign out',
    ]);
    expect(items.find((i) => i.active)?.text).toBe('To do');
  });

  it('marks the section of the page, and lists the section’s pages with the current one', () => {
    const lead = person('hub_leadership');
    expect(navigationFor(lead, '/hub/funding/claims?x=1').find((i) => i.active)?.text).toBe('Your hub');
    expect(navigationFor(lead, '/activities/4/sessions').find((i) => i.active)?.text).toBe('Your hub');
    const section = sectionNavigationFor(lead, '/hub/funding/claims');
    expect(section?.label).toBe('Your hub');
    expect(section?.items.find((i) => i.active)?.text).toBe('Funding');
    expect(section?.items.map((i) => i.text)).toContain('Event log');
  });

  it('tells the hub’s funding from the national funding', () => {
    const admin = person('national_admin');
    expect(navigationFor(admin, '/funding/claims').find((i) => i.active)?.text).toBe('National');
    expect(navigationFor(admin, '/hub/funding').find((i) => i.active)?.text).toBe('Hubs’ work');
    expect(
      sectionNavigationFor(admin, '/admin/register/imports')?.items.find((i) => i.active),
    ).toBeUndefined();
  });

  it('gives an LLME their own activities and their communities as their work, and the public two', () => {
    expect(navigationFor(person('llme'), '/my/activities').map((i) => [i.text, !!i.active])).toContainEqual([
      'Your work',
      true,
    ]);
    expect(sectionNavigationFor(person('llme'), '/my/activities')?.items.map((i) => i.text)).toEqual([
      'Activities you lead',
      'Communities',
    ]);
    // Communities (issue 18): its own item for someone with no other pages of their own.
    expect(
      navigationFor(person('hub_leadership'), '/communities/whats-new').find((i) => i.active)?.text,
    ).toBe('Communities');
    expect(navigationFor(null, '/').map((i) => i.text)).toEqual(['Find your hub', 'Sign in']);
  });
});
