import { describe, expect, it } from 'vitest';
import { evidenceAddressProblem, formRowsFromBody, publishProblems, reportFromForm } from './report-rules.ts';

describe('the evaluation report form, read without the database', () => {
  it('accepts a platform address starting with one / or an https link, and nothing else', () => {
    expect(evidenceAddressProblem('/activities/12')).toBeNull();
    expect(evidenceAddressProblem('https://www.ncetm.org.uk/maths-hubs')).toBeNull();
    expect(evidenceAddressProblem('http://www.ncetm.org.uk/')).toContain('https://');
    expect(evidenceAddressProblem('//evil.example.org/x')).toContain('single /');
    expect(evidenceAddressProblem('javascript:alert(1)')).toContain('https://');
    expect(evidenceAddressProblem('activities/12')).toContain('starting with /');
    expect(evidenceAddressProblem('')).toContain('enter its address');
  });

  it('leaves blank rows out and tells a partly filled row', () => {
    const { content, problems } = reportFromForm({
      questionCount: '3',
      'question-0': 'First?',
      'question-1': ' ',
      'question-2': 'Third?',
      themeCount: '2',
      'theme-0-finding': '',
      'theme-0-implicationCount': '1',
      'theme-0-implication-0': 'An implication without its finding',
      'theme-1-finding': '',
      'theme-1-implicationCount': '1',
    });
    expect(content.researchQuestions).toEqual(['First?', 'Third?']);
    expect(content.themes).toHaveLength(1);
    expect(problems).toEqual([{ field: 'theme-0-finding', message: 'Enter the finding of theme 1' }]);
  });

  it('asks for an owner and a due date of each implication before publishing', () => {
    const { content } = reportFromForm({
      'question-0': 'Q?',
      context: 'C',
      activityAndData: 'A',
      conclusion: 'End',
      'theme-0-finding': 'F',
      'theme-0-implication-0': 'Do it',
    });
    expect(publishProblems(content).map((p) => p.field)).toEqual([
      'theme-0-implication-0-owner',
      'theme-0-implication-0-due-day',
    ]);
  });

  it('gives the form back with one more row where asked, keeping what was typed', () => {
    const rows = formRowsFromBody(
      { themeCount: '1', 'theme-0-finding': 'Kept', 'theme-0-implicationCount': '1' },
      'implication-0',
    );
    expect(rows.themes[0]!.finding).toBe('Kept');
    expect(rows.themes[0]!.implications.map((i) => i.name)).toEqual([
      'theme-0-implication-0',
      'theme-0-implication-1',
    ]);
  });
});
