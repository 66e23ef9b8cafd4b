import { describe, expect, it } from 'vitest';
import { roleShapeProblems } from './role-rules.ts';

const fields = (shape: Parameters<typeof roleShapeProblems>[0]) =>
  roleShapeProblems(shape).map((p) => p.field);

describe('role shapes', () => {
  it('accepts the shape each role needs', () => {
    expect(fields({ role: 'national_admin', hubId: null, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'national_analyst', hubId: null, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'hub_leadership', hubId: 1, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'llme', hubId: 1, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'participant', hubId: null, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'participant', hubId: 1, schoolUrn: null })).toEqual([]);
    expect(fields({ role: 'school_contact', hubId: 1, schoolUrn: 100000 })).toEqual([]);
  });

  it('explains what is missing or out of place', () => {
    expect(fields({ role: 'national_admin', hubId: 1, schoolUrn: 100000 })).toEqual(['hubId', 'schoolUrn']);
    expect(fields({ role: 'hub_leadership', hubId: null, schoolUrn: null })).toEqual(['hubId']);
    expect(fields({ role: 'llme', hubId: 1, schoolUrn: 100000 })).toEqual(['schoolUrn']);
    expect(fields({ role: 'school_contact', hubId: null, schoolUrn: null })).toEqual(['schoolUrn']);
    expect(roleShapeProblems({ role: 'llme', hubId: null, schoolUrn: null })[0]?.message).toBe(
      'Choose the hub for the LLME role',
    );
  });

  it('binds the NCP roles to an NCP (national) and the LA partner to a hub and its local authority', () => {
    expect(fields({ role: 'ncp_project_lead', hubId: null, schoolUrn: null, ncpKey: '09' })).toEqual([]);
    expect(fields({ role: 'ncp_coordination', hubId: null, schoolUrn: null, ncpKey: '09' })).toEqual([]);
    expect(fields({ role: 'la_partner', hubId: 1, schoolUrn: null, laCode: '383' })).toEqual([]);
    expect(fields({ role: 'ncp_project_lead', hubId: 1, schoolUrn: null })).toEqual(['hubId', 'ncpKey']);
    expect(fields({ role: 'la_partner', hubId: null, schoolUrn: null })).toEqual(['hubId', 'laCode']);
    expect(fields({ role: 'llme', hubId: 1, schoolUrn: null, ncpKey: '09', laCode: '383' })).toEqual([
      'ncpKey',
      'laCode',
    ]);
  });
});
