import { describe, expect, it } from 'vitest';
import type { Principal, RoleGrant } from '../../platform/principal.ts';
import {
  canSeeSchoolJourney,
  canViewHubJourneys,
  canViewOwnSchoolJourney,
  canViewSomeSchoolJourney,
} from './policy.ts';

const who = (...roles: Partial<RoleGrant>[]): Principal => ({
  personId: 7,
  email: 'x@example.org',
  displayName: 'X',
  hasPassword: false,
  via: 'session',
  roles: roles.map(
    (r) => ({ role: 'participant', title: null, hubId: null, schoolUrn: null, ...r }) as RoleGrant,
  ),
});
const record = { hubId: 1, urns: [100001, 100000], leadPersonIds: [7] };

describe('journey policy', () => {
  it('lets national staff and hub leadership use the hub pages, nobody else', () => {
    expect(canViewHubJourneys(who({ role: 'national_analyst' }))).toBe(true);
    expect(canViewHubJourneys(who({ role: 'hub_leadership', hubId: 1 }))).toBe(true);
    expect(canViewHubJourneys(who({ role: 'llme', hubId: 1 }))).toBe(false);
    expect(canViewHubJourneys(who({ role: 'school_contact', schoolUrn: 100001 }))).toBe(false);
    expect(canViewHubJourneys(null)).toBe(false);
  });

  it('confines each role to its own schools', () => {
    expect(canSeeSchoolJourney(who({ role: 'national_admin' }), record)).toBe(true);
    expect(canSeeSchoolJourney(who({ role: 'hub_leadership', hubId: 1 }), record)).toBe(true);
    expect(canSeeSchoolJourney(who({ role: 'hub_leadership', hubId: 2 }), record)).toBe(false);
    expect(canSeeSchoolJourney(who({ role: 'llme', hubId: 1 }), record)).toBe(true);
    expect(canSeeSchoolJourney(who({ role: 'llme', hubId: 1 }), { ...record, leadPersonIds: [8] })).toBe(
      false,
    );
    expect(canSeeSchoolJourney(who({ role: 'school_contact', schoolUrn: 100000 }), record)).toBe(true);
    expect(canSeeSchoolJourney(who({ role: 'school_contact', schoolUrn: 100002 }), record)).toBe(false);
    expect(canSeeSchoolJourney(who({ role: 'participant', hubId: 1 }), record)).toBe(false);
    expect(canViewSomeSchoolJourney(who({ role: 'participant', hubId: 1 }))).toBe(false);
    expect(canViewOwnSchoolJourney(who({ role: 'school_contact', schoolUrn: 1 }))).toBe(true);
  });
});
