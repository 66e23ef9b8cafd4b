import { describe, expect, it } from 'vitest';
import { attendanceRate, checkRegister } from './register-rules.ts';

const enrolled = [
  { id: 1, name: 'Cara Teacher' },
  { id: 2, name: 'Dev Teacher' },
  { id: 3, name: 'Ema Teacher' },
];

describe('register rules', () => {
  it('accepts a register with every participant marked', () => {
    const { marks, problems } = checkRegister(enrolled, [
      { enrolmentId: 1, status: 'present', joinedViaEnrolmentId: null },
      { enrolmentId: 2, status: 'absent', joinedViaEnrolmentId: null },
      { enrolmentId: 3, status: 'apologies', joinedViaEnrolmentId: null },
    ]);
    expect(problems).toEqual([]);
    expect(marks.map((m) => m.status)).toEqual(['present', 'absent', 'apologies']);
  });

  it('counts joining on another participant’s connection as present, even with no status chosen', () => {
    const { marks, problems } = checkRegister(enrolled, [
      { enrolmentId: 1, status: 'present', joinedViaEnrolmentId: null },
      { enrolmentId: 2, status: null, joinedViaEnrolmentId: 1 },
      { enrolmentId: 3, status: 'present', joinedViaEnrolmentId: 1 },
    ]);
    expect(problems).toEqual([]);
    expect(marks).toContainEqual({ enrolmentId: 2, status: 'present', joinedViaEnrolmentId: 1 });
  });

  it('needs a mark for everyone', () => {
    const { problems } = checkRegister(enrolled, [
      { enrolmentId: 1, status: 'present', joinedViaEnrolmentId: null },
    ]);
    expect(problems.map((p) => p.enrolmentId)).toEqual([2, 3]);
    expect(problems[0]!.message).toBe('Select whether Dev Teacher was present, absent or sent apologies');
  });

  it('refuses a status that is not present, absent or apologies', () => {
    const { problems } = checkRegister(
      [enrolled[0]!],
      [{ enrolmentId: 1, status: 'late', joinedViaEnrolmentId: null }],
    );
    expect(problems).toHaveLength(1);
  });

  it('refuses joining on one’s own connection, an unknown person’s, or while absent', () => {
    const { problems } = checkRegister(enrolled, [
      { enrolmentId: 1, status: 'present', joinedViaEnrolmentId: 1 },
      { enrolmentId: 2, status: 'absent', joinedViaEnrolmentId: 3 },
      { enrolmentId: 3, status: 'present', joinedViaEnrolmentId: 99 },
    ]);
    expect(problems.map((p) => p.message)).toEqual([
      'Cara Teacher cannot join on their own connection',
      'Dev Teacher joined on someone else’s connection, so was present',
      'Choose the participant whose connection Ema Teacher joined on from the list',
    ]);
  });

  it('needs the participant whose connection was shared to be present', () => {
    const { problems } = checkRegister(enrolled, [
      { enrolmentId: 1, status: 'apologies', joinedViaEnrolmentId: null },
      { enrolmentId: 2, status: 'present', joinedViaEnrolmentId: 1 },
      { enrolmentId: 3, status: 'absent', joinedViaEnrolmentId: null },
    ]);
    expect(problems).toEqual([
      {
        enrolmentId: 2,
        message: 'Dev Teacher joined on the connection of Cara Teacher, who must be marked present',
      },
    ]);
  });

  it('gives the attendance rate as a whole percentage', () => {
    expect(attendanceRate(2, 3)).toBe(67);
    expect(attendanceRate(0, 0)).toBeNull();
  });
});
