import { describe, expect, it } from 'vitest';
import {
  betterMark,
  enrolmentToKeep,
  isEctProgramme,
  nextAcademicYear,
  normaliseEmail,
  yearGroups,
} from './rules.ts';

describe('isEctProgramme', () => {
  it('recognises the SKTM Early Career Teacher programmes of the 2023/24 handbook', () => {
    expect(
      isEctProgramme({
        code: 'NCP23-28a',
        title:
          'Specialist Knowledge for Teaching Mathematics: Primary Early Career Teachers – Phase 1 Programme',
      }),
    ).toBe(true);
    expect(
      isEctProgramme({
        code: 'NCP23-29b',
        title: 'Specialist Knowledge for Teaching Mathematics: Secondary Early Career Teachers – Phase 2',
      }),
    ).toBe(true);
    expect(isEctProgramme({ code: 'NCP23-28a', title: 'SKTM Primary ECTs Phase 1' })).toBe(true);
    expect(isEctProgramme({ code: 'ECT-1', title: 'Phase 1' })).toBe(true);
  });

  it('does not take other projects, or words that merely contain the letters, for ECT programmes', () => {
    expect(
      isEctProgramme({ code: 'NCP23-01', title: 'Primary Teaching for Mastery Development Work Group' }),
    ).toBe(false);
    expect(isEctProgramme({ code: 'NCP23-15', title: 'Secondary Subject Leadership Community' })).toBe(false);
    expect(isEctProgramme({ code: 'NCP23-20', title: 'Effective Project Collaboration' })).toBe(false);
    expect(isEctProgramme({ code: 'NCP23-21', title: 'Careers in maths' })).toBe(false);
  });
});

describe('year groups and years', () => {
  it('offers Reception and Year 1 to Year 13', () => {
    expect(yearGroups).toHaveLength(14);
    expect(yearGroups[0]).toBe('Reception');
    expect(yearGroups[13]).toBe('Year 13');
  });

  it('gives the next academic year', () => {
    expect(nextAcademicYear('2023/24')).toBe('2024/25');
    expect(nextAcademicYear('2099/00')).toBe('2100/01');
    expect(() => nextAcademicYear('2023-24')).toThrow();
  });
});

describe('participation and matching', () => {
  it('matches email addresses ignoring case and spaces around them', () => {
    expect(normaliseEmail('  Jo.Smith@School.org ')).toBe('jo.smith@school.org');
  });

  it('keeps the enrolment with more attendance marks, the kept person’s on a tie', () => {
    expect(enrolmentToKeep({ marks: 2 }, { marks: 5 })).toBe('merged');
    expect(enrolmentToKeep({ marks: 3 }, { marks: 3 })).toBe('kept');
    expect(betterMark('absent', 'present')).toBe('present');
    expect(betterMark('present', 'apologies')).toBe('present');
  });
});
