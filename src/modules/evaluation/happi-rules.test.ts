import { describe, expect, it } from 'vitest';
import {
  isEvidenceLink,
  mergeOutcomes,
  readPlanForm,
  sectionOutstanding,
  stateName,
  submitProblems,
  suggestedOutcomes,
} from './happi-rules.ts';

describe('HAPPI rules', () => {
  it('suggests the NCP’s outcomes one a line under the two lenses, pupils first', () => {
    const suggested = suggestedOutcomes({
      professionalLearning: '· Deepen subject knowledge;\n· Deepen understanding of TfM',
      pupilOutcomes: '· Pupils’ engagement improves',
      wholeSchool: '• Policies support TfM.',
    });
    expect(suggested.map((o) => [o.key, o.lens, o.text])).toEqual([
      ['o1', 'pupils', 'Pupils’ engagement improves'],
      ['o2', 'pupils', 'Policies support TfM.'],
      ['o3', 'practice', 'Deepen subject knowledge'],
      ['o4', 'practice', 'Deepen understanding of TfM'],
    ]);
    expect(suggestedOutcomes(undefined)).toEqual([]);
  });

  it('reads the plan form: emptied outcomes removed, new ones added, methods checked', () => {
    const { plan, problems } = readPlanForm({
      'outcome-o1': ' Kept ',
      'lens-o1': 'pupils',
      'outcome-o2': '',
      'lens-o2': 'practice',
      'new-practice-1': 'Added',
      'new-pupils-2': '',
      methods: ['visits', 'registers'],
    });
    expect(problems).toEqual([]);
    expect(plan.outcomes).toEqual([
      { key: 'o1', lens: 'pupils', text: 'Kept' },
      { key: null, lens: 'practice', text: 'Added' },
    ]);
    expect(plan.methods).toEqual(['visits', 'registers']);
    expect(readPlanForm({ 'outcome-o1': 'x', 'lens-o1': 'nonsense' }).problems[0]!.field).toBe('outcome-o1');
    expect(readPlanForm({ methods: 'sorcery' }).problems[0]!.field).toBe('methods');
  });

  it('keeps an outcome’s evidence with its key when the plan changes, giving new outcomes new keys', () => {
    const before = [
      { key: 'o1', lens: 'pupils' as const, text: 'A', evidence: 'ev', links: ['/x'] },
      { key: 'o2', lens: 'practice' as const, text: 'B', evidence: '', links: [] },
    ];
    const after = mergeOutcomes(before, [
      { key: 'o1', lens: 'pupils', text: 'A changed' },
      { key: null, lens: 'pupils', text: 'C' },
    ]);
    expect(after).toEqual([
      { key: 'o1', lens: 'pupils', text: 'A changed', evidence: 'ev', links: ['/x'] },
      { key: 'o3', lens: 'pupils', text: 'C', evidence: '', links: [] },
    ]);
  });

  it('takes links on the platform or the web, nothing else', () => {
    expect(isEvidenceLink('/evaluation/surveys/3')).toBe(true);
    expect(isEvidenceLink('https://example.org/file.pdf')).toBe(true);
    expect(isEvidenceLink('//evil.example')).toBe(false);
    expect(isEvidenceLink('javascript:alert(1)')).toBe(false);
    expect(isEvidenceLink('a file')).toBe(false);
  });

  it('says what a section needs before it is submitted, and which sections are outstanding', () => {
    expect(submitProblems({ section: 'plan', outcomes: [], methods: [] })).toHaveLength(2);
    const o = { key: 'o1', lens: 'pupils' as const, text: 'A', evidence: '', links: [] };
    expect(submitProblems({ section: 'plan', outcomes: [o], methods: ['visits'] })).toEqual([]);
    expect(submitProblems({ section: 'impact', outcomes: [o], methods: ['visits'] })).toHaveLength(1);
    expect(sectionOutstanding(null, 'plan')).toBe(true);
    expect(sectionOutstanding({ section: 'plan', status: 'submitted' }, 'plan')).toBe(false);
    expect(sectionOutstanding({ section: 'plan', status: 'returned' }, 'plan')).toBe(true);
    expect(sectionOutstanding({ section: 'impact', status: 'draft' }, 'plan')).toBe(false);
    expect(sectionOutstanding({ section: 'impact', status: 'draft' }, 'impact')).toBe(true);
    expect(sectionOutstanding({ section: 'impact', status: 'accepted' }, 'impact')).toBe(false);
    expect(stateName('impact_returned')).toBe('Impact returned with comments');
  });
});
