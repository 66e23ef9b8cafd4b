import { describe, expect, it } from 'vitest';
import type { Principal, RoleGrant } from '../../platform/principal.ts';
import {
  canMergePeople,
  canRegisterSchool,
  canSeeEnrolment,
  canUseSignUp,
  canViewDuplicates,
  signUpMode,
} from './policy.ts';

const as = (personId: number, ...roles: Partial<RoleGrant>[]): Principal => ({
  personId,
  email: `p${personId}@example.org`,
  displayName: `Person ${personId}`,
  hasPassword: false,
  via: 'session',
  roles: roles.map((r) => ({
    role: 'participant',
    title: null,
    hubId: null,
    schoolUrn: null,
    ncpKey: null,
    laCode: null,
    ...r,
  })),
});

const admin = as(1, { role: 'national_admin' });
const analyst = as(2, { role: 'national_analyst' });
const leader = as(3, { role: 'hub_leadership', hubId: 10 });
const llme = as(4, { role: 'llme', hubId: 10 });
const participant = as(5, { role: 'participant', hubId: 10 });
const contact = as(6, { role: 'school_contact', hubId: 10, schoolUrn: 100000 });

describe('registration policy', () => {
  it('lets hub leadership register others on their own hub’s activities, participants and contacts themselves', () => {
    expect(signUpMode(leader, 10)).toBe('others');
    expect(signUpMode(leader, 11)).toBeNull();
    expect(signUpMode(participant, 11)).toBe('self');
    expect(signUpMode(contact, 10)).toBe('self');
    expect(signUpMode(admin, 10)).toBeNull();
    expect(signUpMode(llme, 10)).toBeNull();
    expect([admin, analyst, llme].map(canUseSignUp)).toEqual([false, false, false]);
  });

  it('lets a school contact register only their own school', () => {
    expect(canRegisterSchool(contact, 10, 100000)).toBe(true);
    expect(canRegisterSchool(contact, 10, 100001)).toBe(false);
    expect(canRegisterSchool(leader, 10, 100001)).toBe(true);
    expect(canRegisterSchool(participant, 10, 100000)).toBe(false);
  });

  it('shows an enrolment to its participant, their hub’s leadership and national staff only', () => {
    const enrolment = { personId: 5, hubId: 10 };
    expect(canSeeEnrolment(participant, enrolment)).toBe(true);
    expect(canSeeEnrolment(leader, enrolment)).toBe(true);
    expect(canSeeEnrolment(analyst, enrolment)).toBe(true);
    expect(canSeeEnrolment(as(7, { role: 'hub_leadership', hubId: 11 }), enrolment)).toBe(false);
    expect(canSeeEnrolment(as(8, { role: 'participant', hubId: 10 }), enrolment)).toBe(false);
    expect(canSeeEnrolment(llme, enrolment)).toBe(false);
  });

  it('confines hub leadership’s duplicates and merges to their hub; analysts read but do not merge', () => {
    expect(canViewDuplicates(analyst)).toBe(true);
    expect(canViewDuplicates(leader)).toBe(true);
    expect(canViewDuplicates(participant)).toBe(false);
    expect(canMergePeople(admin, [], [])).toBe(true);
    expect(canMergePeople(analyst, [10], [10])).toBe(false);
    expect(canMergePeople(leader, [10], [10])).toBe(true);
    // Wholly within their hub: a record with anything in another hub, or national, is not theirs to merge.
    expect(canMergePeople(leader, [10], [10, 11])).toBe(false);
    expect(canMergePeople(leader, [10], [11])).toBe(false);
    expect(canMergePeople(leader, [10, null], [10])).toBe(false);
  });
});
