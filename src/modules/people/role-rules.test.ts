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
});
