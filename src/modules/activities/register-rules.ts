import { type AttendanceStatus, attendanceStatuses } from './schema.ts';

/** One row of a register as the form sends it. */
export interface RegisterEntry {
  enrolmentId: number;
  status: string | null;
  joinedViaEnrolmentId: number | null;
}

export interface RegisterMark {
  enrolmentId: number;
  status: AttendanceStatus;
  joinedViaEnrolmentId: number | null;
}

export interface RegisterProblem {
  enrolmentId: number;
  message: string;
}

export const attendanceNames: Record<AttendanceStatus, string> = {
  present: 'Present',
  absent: 'Absent',
  apologies: 'Apologies',
};

/**
 * Checks a whole register: every enrolled participant is marked present, absent or apologies. A
 * participant who joined on another participant's connection was there (present); the other person
 * must be on the same register and present themselves.
 */
export function checkRegister(
  enrolled: readonly { id: number; name: string }[],
  entries: readonly RegisterEntry[],
): { marks: RegisterMark[]; problems: RegisterProblem[] } {
  const byId = new Map(entries.map((e) => [e.enrolmentId, e]));
  const names = new Map(enrolled.map((e) => [e.id, e.name]));
  const marks: RegisterMark[] = [];
  const problems: RegisterProblem[] = [];
  for (const person of enrolled) {
    const entry = byId.get(person.id);
    const via = entry?.joinedViaEnrolmentId ?? null;
    let status = entry?.status ?? null;
    if (via !== null && !status) status = 'present';
    if (!status || !(attendanceStatuses as readonly string[]).includes(status)) {
      problems.push({
        enrolmentId: person.id,
        message: `Select whether ${person.name} was present, absent or sent apologies`,
      });
      continue;
    }
    if (via !== null) {
      if (via === person.id) {
        problems.push({
          enrolmentId: person.id,
          message: `${person.name} cannot join on their own connection`,
        });
        continue;
      }
      if (!names.has(via)) {
        problems.push({
          enrolmentId: person.id,
          message: `Choose the participant whose connection ${person.name} joined on from the list`,
        });
        continue;
      }
      if (status !== 'present') {
        problems.push({
          enrolmentId: person.id,
          message: `${person.name} joined on someone else’s connection, so was present`,
        });
        continue;
      }
      const host = byId.get(via);
      if (host?.status !== 'present') {
        problems.push({
          enrolmentId: person.id,
          message: `${person.name} joined on the connection of ${names.get(via)}, who must be marked present`,
        });
        continue;
      }
    }
    marks.push({ enrolmentId: person.id, status: status as AttendanceStatus, joinedViaEnrolmentId: via });
  }
  return { marks, problems };
}

/** Joining on someone else's connection counts as present. */
export const countsAsPresent = (status: AttendanceStatus) => status === 'present';

/** The share of marks that are present, as a whole percentage, or null with no marks. */
export function attendanceRate(present: number, marked: number): number | null {
  return marked > 0 ? Math.round((present / marked) * 100) : null;
}

/**
 * Whether a past session's register counts as taken when an activity is closed: at least one mark
 * (present, absent or apologies). An activity no participant ever enrolled on has no register to take.
 */
export const registerTaken = (marks: number, everEnrolled: number) => marks > 0 || everEnrolled === 0;
