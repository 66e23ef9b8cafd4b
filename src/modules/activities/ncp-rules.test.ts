import { describe, expect, it } from 'vitest';
import { activityRulesOf, checkGroupSize, checkLead, groupSizeWarning } from './ncp-rules.ts';

// A Teaching for Mastery Work Group: typically 6–7 schools (some projects 5–8), led by an accredited
// Mastery Specialist.
const tfm = activityRulesOf({ groupSize: { min: 5, max: 8 }, leadRequires: ['mastery_specialist'] });

describe('NCP rules for activities', () => {
  it('refuses a ninth school in a group of at most 8', () => {
    expect(checkGroupSize(tfm, 8)).toEqual({ ok: true });
    expect(checkGroupSize(tfm, 9)).toEqual({
      ok: false,
      reasons: ['A group of this project has at most 8 schools'],
    });
  });

  it('warns while a group is under its minimum', () => {
    expect(groupSizeWarning(tfm, 4)).toBe('The group has 4 schools: this project expects at least 5');
    expect(groupSizeWarning(tfm, 5)).toBeNull();
  });

  it('needs an accredited Mastery Specialist to lead a TfM Work Group', () => {
    expect(checkLead(tfm, ['mastery_specialist'])).toEqual({ ok: true });
    expect(checkLead(tfm, ['pd_lead'])).toEqual({
      ok: false,
      reasons: ['The lead of this project must be an accredited primary Mastery Specialist'],
    });
  });

  it('accepts any of several accreditations', () => {
    const rules = activityRulesOf({ leadRequires: ['mastery_specialist', 'secondary_mastery_specialist'] });
    expect(checkLead(rules, ['secondary_mastery_specialist']).ok).toBe(true);
  });

  it('has no limits without rules, and ignores a malformed rules object', () => {
    const none = activityRulesOf({});
    expect(checkGroupSize(none, 100).ok).toBe(true);
    expect(checkLead(none, []).ok).toBe(true);
    expect(activityRulesOf({ groupSize: 'seven' })).toEqual({});
  });
});
