import { z } from 'zod';
import type { RowProblem } from '../../platform/errors.ts';
import { outcomeReasonNames, participantReasons } from '../activities/outcome-rules.ts';
import {
  activityKindNames,
  activityKinds,
  activityStatuses,
  attendanceStatuses,
  participationStatuses,
  sessionKindNames,
  sessionKinds,
} from '../activities/schema.ts';
import { normaliseHeader, type Table } from './read-table.ts';

export const deliveryKinds = ['activities', 'enrolments', 'attendance'] as const;
export type DeliveryKind = (typeof deliveryKinds)[number];
export const isDeliveryKind = (value: unknown): value is DeliveryKind =>
  typeof value === 'string' && (deliveryKinds as readonly string[]).includes(value);

// ---- values ---------------------------------------------------------------------------------------

const text = (max = 500) =>
  z
    .string()
    .trim()
    .max(max, `is longer than ${max} characters`)
    .transform((v) => v || null);
const requiredText = (max = 500) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);

const hub = z
  .string()
  .trim()
  .min(1, 'is empty')
  .transform((v) => v.toLowerCase());

const year = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const m = /^(\d{4})\s*[/-]\s*(\d{2})$/.exec(v);
    if (!m || (Number(m[1]) + 1) % 100 !== Number(m[2])) {
      ctx.addIssue({ code: 'custom', message: `‘${v}’ is not an academic year like 2023/24` });
      return z.NEVER;
    }
    return `${m[1]}/${m[2]}`;
  });

const validIso = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};
const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar date as written in England (08/01/2024) or ISO (2024-01-08), as 'YYYY-MM-DD'. */
export function parseDate(value: string): string | null {
  const v = value.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validIso(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
  }
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validIso(y, mo, d) ? v : null;
  }
  return null;
}
const dateValue = (required: boolean) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') {
        if (required) ctx.addIssue({ code: 'custom', message: 'is empty' });
        return null;
      }
      const iso = parseDate(v);
      if (!iso) {
        ctx.addIssue({ code: 'custom', message: `‘${v}’ is not a date like 08/01/2024 or 2024-01-08` });
        return z.NEVER;
      }
      return iso;
    });

const anEmail = z.email();
const emailValue = (required: boolean) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') {
        if (required) ctx.addIssue({ code: 'custom', message: 'is empty' });
        return null;
      }
      if (!anEmail.safeParse(v).success) {
        ctx.addIssue({ code: 'custom', message: `‘${v}’ is not an email address` });
        return z.NEVER;
      }
      return v.toLowerCase();
    });

const urn = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return null;
    if (!/^\d{6,7}$/.test(v)) {
      ctx.addIssue({ code: 'custom', message: `‘${v}’ is not a URN (six or seven digits)` });
      return z.NEVER;
    }
    return Number(v);
  });

/** One of a set of codes, written as the code (work_group) or its name (Work Group), any case. */
function choice<T extends string>(codes: readonly T[], names: Partial<Record<T, string>> = {}, fallback?: T) {
  const lookup = new Map<string, T>();
  for (const code of codes) {
    lookup.set(normaliseHeader(code), code);
    if (names[code]) lookup.set(normaliseHeader(names[code]!), code);
  }
  const shown = codes.map((c) => names[c] ?? c).join(', ');
  return z
    .string()
    .trim()
    .transform((v, ctx): T => {
      if (v === '' && fallback) return fallback;
      const found = lookup.get(normaliseHeader(v));
      if (!found) {
        ctx.addIssue({
          code: 'custom',
          message: v === '' ? `is empty (one of: ${shown})` : `‘${v}’ is not one of: ${shown}`,
        });
        return z.NEVER;
      }
      return found;
    });
}

/** Year groups separated by semicolons or commas: ‘Year 1; Year 2’, ‘Y1, Y2’, ‘Reception’. */
export function parseYearGroups(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(/[;,]/)) {
    const v = part.trim();
    if (!v) continue;
    const year = /^(?:year|yr|y)?\s*(\d{1,2})$/i.exec(v);
    const group = year ? `Year ${Number(year[1])}` : /^(r|rec|reception)$/i.test(v) ? 'Reception' : v;
    if (!out.includes(group)) out.push(group);
  }
  return out;
}
const yearGroups = z.string().transform(parseYearGroups);
/** Yes or no (also `y`, `n`, `true`, `false`, `1`, `0`); empty is no. */
const yesNo = z
  .string()
  .trim()
  .transform((v, ctx): boolean => {
    const answer = v.toLowerCase();
    if (['', 'no', 'n', 'false', '0'].includes(answer)) return false;
    if (['yes', 'y', 'true', '1'].includes(answer)) return true;
    ctx.addIssue({ code: 'custom', message: `‘${v}’ is not yes or no` });
    return z.NEVER;
  });

// ---- formats --------------------------------------------------------------------------------------

interface FormatColumn {
  header: string;
  field: string;
  required: boolean;
  value: z.ZodType;
}

const column = (header: string, field: string, value: z.ZodType, required = true): FormatColumn => ({
  header,
  field,
  required,
  value,
});

const activityKind = choice(activityKinds, activityKindNames);
const activityStatus = choice(activityStatuses, {}, 'planned');
const participationStatus = choice(participationStatuses, {}, 'registered');
const attendanceStatus = choice(attendanceStatuses);
const reasonChoice = choice(participantReasons, outcomeReasonNames);
/** A participant's withdrawal reason (as its code or its words), or empty. */
const withdrawalReason = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === '') return null;
    const found = reasonChoice.safeParse(v);
    if (found.success) return found.data;
    ctx.addIssue({ code: 'custom', message: found.error.issues[0]?.message ?? 'is not valid' });
    return z.NEVER;
  });
const sessionKind = choice(sessionKinds, sessionKindNames, 'session');

export const formats = {
  activities: [
    column('Hub', 'hub', hub),
    column('Year', 'year', year),
    column('NCP', 'ncpCode', requiredText(40)),
    column('Reference', 'reference', requiredText(100)),
    column('Kind', 'kind', activityKind),
    column('Title', 'title', requiredText()),
    column('Status', 'status', activityStatus, false),
    column('Start date', 'startsOn', dateValue(false), false),
    column('End date', 'endsOn', dateValue(false), false),
    column('Lead email', 'leadEmail', emailValue(false), false),
  ],
  enrolments: [
    column('Hub', 'hub', hub),
    column('Year', 'year', year),
    column('Activity reference', 'reference', requiredText(100)),
    column('Email', 'email', emailValue(true)),
    column('Given name', 'givenName', requiredText(200)),
    column('Family name', 'familyName', requiredText(200)),
    column('School URN', 'schoolUrn', urn, false),
    column('Role in school', 'roleInSchool', text(200), false),
    column('Year groups', 'yearGroups', yearGroups, false),
    column('Mentor name', 'mentorName', text(200), false),
    column('Mentor email', 'mentorEmail', emailValue(false), false),
    column('Status', 'status', participationStatus, false),
    column('Withdrawal reason', 'outcomeReason', withdrawalReason, false),
    column('Withdrawal reason text', 'outcomeReasonText', text(500), false),
    column('Both years', 'bothYears', yesNo, false),
  ],
  attendance: [
    column('Hub', 'hub', hub),
    column('Year', 'year', year),
    column('Activity reference', 'reference', requiredText(100)),
    column('Session date', 'sessionDate', dateValue(true)),
    column('Session title', 'sessionTitle', text(200), false),
    column('Session kind', 'sessionKind', sessionKind, false),
    column('Email', 'email', emailValue(true)),
    column('Status', 'status', attendanceStatus),
    column('Joined via email', 'joinedViaEmail', emailValue(false), false),
  ],
} satisfies Record<DeliveryKind, FormatColumn[]>;

export interface ActivityRow {
  line: number;
  hub: string;
  year: string;
  ncpCode: string;
  reference: string;
  kind: string;
  title: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  leadEmail: string | null;
}
export interface EnrolmentRow {
  line: number;
  hub: string;
  year: string;
  reference: string;
  email: string;
  givenName: string;
  familyName: string;
  schoolUrn: number | null;
  roleInSchool: string | null;
  yearGroups: string[];
  mentorName: string | null;
  mentorEmail: string | null;
  /** registered, or an outcome: completed, withdrawn (with a reason) or deferred (to next year). */
  status: string;
  outcomeReason: string | null;
  outcomeReasonText: string | null;
  /** Registered for both years of a two-phase programme (its first phase), as the page lets people. */
  bothYears: boolean;
}
export interface AttendanceRow {
  line: number;
  hub: string;
  year: string;
  reference: string;
  sessionDate: string;
  sessionTitle: string | null;
  sessionKind: string;
  email: string;
  status: string;
  joinedViaEmail: string | null;
}
export interface RowsOf {
  activities: ActivityRow;
  enrolments: EnrolmentRow;
  attendance: AttendanceRow;
}

/**
 * Checks every row of a table against a format: the columns it needs (found by name in any order, case
 * and spacing ignored), then each value. Returns the rows that read and every problem by line.
 */
export function parseRows<K extends DeliveryKind>(
  kind: K,
  table: Table,
): { rows: RowsOf[K][]; problems: RowProblem[] } {
  const format: FormatColumn[] = formats[kind];
  const problems: RowProblem[] = [];
  const indexes = format.map((c) => table.columns.indexOf(normaliseHeader(c.header)));
  const missing = format.filter((c, i) => c.required && indexes[i] === -1).map((c) => `‘${c.header}’`);
  if (missing.length > 0) {
    problems.push({
      line: table.headerLine,
      message: `the header row has no column ${missing.join(', ')}: is this a file of ${kind}?`,
    });
    return { rows: [], problems };
  }
  const rows: RowsOf[K][] = [];
  // A hub's file repeats most values (its slug, the year, a session's date): each is checked once.
  const seen = format.map(() => new Map<string, ReturnType<z.ZodType['safeParse']>>());
  for (const { line, cells } of table.rows) {
    const row: Record<string, unknown> = { line };
    const messages: string[] = [];
    for (let i = 0; i < format.length; i++) {
      const col = format[i]!;
      const raw = indexes[i] === -1 ? '' : (cells[indexes[i]!] ?? '');
      let parsed = seen[i]!.get(raw);
      if (!parsed) {
        parsed = col.value.safeParse(raw);
        if (seen[i]!.size < 100_000) seen[i]!.set(raw, parsed);
      }
      if (parsed.success) row[col.field] = parsed.data;
      else messages.push(`${col.header} ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
    }
    if (messages.length > 0) for (const message of messages) problems.push({ line, message });
    else rows.push(row as unknown as RowsOf[K]);
  }
  return { rows, problems };
}
