/** The year groups a teacher may teach, as the registration form offers them. */
export const yearGroups = ['Reception', ...Array.from({ length: 13 }, (_, i) => `Year ${i + 1}`)] as const;

/**
 * Whether an NCP is an Early Career Teacher programme (its code or title says ECT or Early Career), for
 * which registration asks for the participant's mentor: the seed evaluation (000) found ECTs' mentors did
 * not know what they were doing, and recommends collecting mentor details on registration.
 */
export function isEctProgramme(ncp: { code: string; title: string }): boolean {
  const text = `${ncp.code} ${ncp.title}`;
  return /\bECTs?\b/.test(text) || /\bearly[\s-]+career\b/i.test(text);
}

/** The academic year after `2023/24`: `2024/25`. */
export function nextAcademicYear(code: string): string {
  const match = /^(\d{4})\/(\d{2})$/.exec(code);
  if (!match) throw new Error(`Not an academic year: ${code}`);
  const start = Number(match[1]) + 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The academic year before `2024/25`: `2023/24`. */
export function previousAcademicYear(code: string): string {
  const start = Number(nextAcademicYear(code).slice(0, 4)) - 2;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** An email address as people are matched on it: trimmed and lower case. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The merge's rules for enrolments live with the activities module, which moves them. */
export { betterMark, enrolmentToKeep } from '../activities/merge-rules.ts';
