import { describe, expect, it } from 'vitest';
import type { Principal, RoleGrant } from '../../platform/principal.ts';
import {
  canCreatePerson,
  canEndRole,
  canGrantRole,
  canManagePeople,
  canSeeEvent,
  canSeePerson,
  canSeeRoleAssignment,
  canViewEventLog,
  canViewPeople,
  eventLogScope,
  grantableHubIds,
  grantableRoles,
  isWhollyManagedBy,
  peopleScope,
} from './policy.ts';
import { roles } from './schema.ts';

const HUB_A = 1;
const HUB_B = 2;

const principal = (...grants: Partial<RoleGrant>[]): Principal => ({
  personId: 99,
  email: 'someone@example.org',
  displayName: 'Some One',
  hasPassword: false,
  via: 'session',
  roles: grants.map((g) => ({
    role: 'participant',
    title: null,
    hubId: null,
    schoolUrn: null,
    ncpKey: null,
    laCode: null,
    ...g,
  })),
});

const admin = principal({ role: 'national_admin' });
const analyst = principal({ role: 'national_analyst' });
const leadA = principal({ role: 'hub_leadership', hubId: HUB_A, title: 'Maths Hub Lead' });
const llmeA = principal({ role: 'llme', hubId: HUB_A });
const participant = principal({ role: 'participant', hubId: HUB_A });
const schoolContact = principal({ role: 'school_contact', schoolUrn: 100000 });
const nobody = principal();

describe('event log policy', () => {
  it('lets national staff read every event', () => {
    expect(eventLogScope(admin)).toEqual({ kind: 'all' });
    expect(eventLogScope(analyst)).toEqual({ kind: 'all' });
    expect(canSeeEvent(analyst, { hubId: HUB_B })).toBe(true);
    expect(canSeeEvent(analyst, { hubId: null })).toBe(true);
  });

  it('confines hub leadership to their hub’s events', () => {
    expect(eventLogScope(leadA)).toEqual({ kind: 'hubs', hubIds: [HUB_A] });
    expect(canSeeEvent(leadA, { hubId: HUB_A })).toBe(true);
    expect(canSeeEvent(leadA, { hubId: HUB_B })).toBe(false);
    expect(canSeeEvent(leadA, { hubId: null })).toBe(false);
  });

  it('denies everyone else, and nobody signed in', () => {
    for (const p of [llmeA, participant, schoolContact, nobody, null]) {
      expect(canViewEventLog(p)).toBe(false);
      expect(canSeeEvent(p, { hubId: HUB_A })).toBe(false);
    }
  });
});

describe('people policy', () => {
  it('scopes who may see people', () => {
    expect(peopleScope(admin)).toEqual({ kind: 'all' });
    expect(peopleScope(analyst)).toEqual({ kind: 'all' });
    expect(peopleScope(leadA)).toEqual({ kind: 'hubs', hubIds: [HUB_A] });
    for (const p of [llmeA, participant, schoolContact, nobody, null]) expect(canViewPeople(p)).toBe(false);
  });

  it('shows hub leadership only people and roles in their hub', () => {
    expect(canSeePerson(leadA, [{ hubId: HUB_A }, { hubId: HUB_B }])).toBe(true);
    expect(canSeePerson(leadA, [{ hubId: HUB_B }])).toBe(false);
    expect(canSeePerson(leadA, [])).toBe(false);
    expect(canSeePerson(analyst, [])).toBe(true);
    expect(canSeeRoleAssignment(leadA, { hubId: HUB_A })).toBe(true);
    expect(canSeeRoleAssignment(leadA, { hubId: HUB_B })).toBe(false);
    expect(canSeeRoleAssignment(leadA, { hubId: null })).toBe(false);
  });

  it('lets national administrators give and end any role', () => {
    for (const role of roles) {
      expect(canGrantRole(admin, { role, hubId: HUB_B })).toBe(true);
      expect(canEndRole(admin, { role, hubId: null })).toBe(true);
    }
    expect(grantableRoles(admin, roles)).toEqual([...roles]);
    expect(grantableHubIds(admin)).toBe('all');
  });

  it('lets hub leadership give and end LLME, ISP, LA partner, participant and school contact roles in their own hub only', () => {
    for (const role of [
      'llme',
      'intensive_support_partner',
      'la_partner',
      'participant',
      'school_contact',
    ] as const) {
      expect(canGrantRole(leadA, { role, hubId: HUB_A })).toBe(true);
      expect(canGrantRole(leadA, { role, hubId: HUB_B })).toBe(false);
      expect(canGrantRole(leadA, { role, hubId: null })).toBe(false);
      expect(canEndRole(leadA, { role, hubId: HUB_B })).toBe(false);
    }
    for (const role of [
      'national_admin',
      'national_analyst',
      'hub_leadership',
      'ncp_project_lead',
      'ncp_coordination',
    ] as const) {
      expect(canGrantRole(leadA, { role, hubId: HUB_A })).toBe(false);
      expect(canEndRole(leadA, { role, hubId: HUB_A })).toBe(false);
    }
    expect(grantableRoles(leadA, roles)).toEqual([
      'llme',
      'intensive_support_partner',
      'la_partner',
      'participant',
      'school_contact',
    ]);
    expect(grantableHubIds(leadA)).toEqual([HUB_A]);
  });

  it('does not let analysts, LLMEs, participants or school contacts change roles', () => {
    for (const p of [analyst, llmeA, participant, schoolContact, nobody, null]) {
      expect(canManagePeople(p)).toBe(false);
      expect(canGrantRole(p, { role: 'participant', hubId: HUB_A })).toBe(false);
      expect(grantableRoles(p, roles)).toEqual([]);
      expect(canCreatePerson(p, { role: 'participant', hubId: HUB_A })).toBe(false);
    }
  });

  it('lets hub leadership create a person only with a role they may give', () => {
    expect(canCreatePerson(admin, null)).toBe(true);
    expect(canCreatePerson(leadA, null)).toBe(false);
    expect(canCreatePerson(leadA, { role: 'llme', hubId: HUB_A })).toBe(true);
    expect(canCreatePerson(leadA, { role: 'llme', hubId: HUB_B })).toBe(false);
  });

  it('ignores roles that have no hub when working out a leader’s hubs', () => {
    const mixed = principal({ role: 'hub_leadership', hubId: null }, { role: 'llme', hubId: HUB_B });
    expect(canViewPeople(mixed)).toBe(false);
    expect(canGrantRole(mixed, { role: 'llme', hubId: HUB_B })).toBe(false);
  });

  it('counts records as wholly a leader’s only when every one is in their hubs, never a national one', () => {
    expect(isWhollyManagedBy(admin, [null, HUB_B])).toBe(true);
    expect(isWhollyManagedBy(leadA, [HUB_A, HUB_A])).toBe(true);
    expect(isWhollyManagedBy(leadA, [HUB_A, HUB_B])).toBe(false);
    expect(isWhollyManagedBy(leadA, [HUB_A, null])).toBe(false);
    expect(isWhollyManagedBy(principal({ role: 'national_analyst' }), [HUB_A])).toBe(false);
    expect(isWhollyManagedBy(principal({ role: 'llme', hubId: HUB_A }), [HUB_A])).toBe(false);
  });
});
