import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { ImportRejectedError, type RowProblem } from '../../platform/errors.ts';
import { type CsvLayout, readCsv, validateRows } from '../hubs/csv-import.ts';
import { peopleByEmail } from './find-by-email.ts';
import {
  type AccreditationKind,
  accreditationKindNames,
  accreditationKinds,
  accreditations,
} from './schema.ts';

/**
 * Recording accreditations (an accredited primary Mastery Specialist of cohort 9, a PD Lead…), as the
 * NCETM awards them: one at a time (`mathshubs people accredit`), from a CSV file (`mathshubs import
 * accreditations`) or through the API. A person is found by email and must already be on the platform.
 * An accreditation is one kind and cohort for a person: recording it again changes only its award date
 * (when one is given), so a file can be loaded twice. All or nothing: any problem rejects the whole file.
 */

export interface AccreditationInput {
  email: string;
  /** The code (`pd_lead`) or the name people use ("PD Lead", "primary Mastery Specialist"). */
  accreditation: string;
  cohort?: string | null;
  /** YYYY-MM-DD or DD/MM/YYYY. */
  awardedOn?: string | null;
  /** A link (http or https) to the accreditation evidence document, kept elsewhere (PD Lead). */
  evidenceUrl?: string | null;
}

export interface AccreditationSummary {
  added: number;
  updated: number;
  unchanged: number;
}

const simplify = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/^accredited\s+/, '')
    .replace(/[\s_-]+/g, ' ');

/** The kind an accreditation's code or name stands for, or null. */
export function accreditationKindOf(text: string): AccreditationKind | null {
  const key = simplify(text);
  for (const kind of accreditationKinds) {
    if (key === simplify(kind) || key === simplify(accreditationKindNames[kind])) return kind;
  }
  // "Mastery Specialist" alone is the primary programme's, as the handbook names it.
  if (key === 'mastery specialist' || key === 'primary mastery specialist') return 'mastery_specialist';
  return null;
}

const kindList = accreditationKinds.join(', ');

/** An award date as YYYY-MM-DD, from YYYY-MM-DD or DD/MM/YYYY; null if it is not a real date. */
export function awardDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso
    ? [iso[1], iso[2], iso[3]]
    : uk
      ? [uk[3], uk[2]!.padStart(2, '0'), uk[1]!.padStart(2, '0')]
      : [];
  if (!y || !m || !d) return null;
  const value = `${y}-${m}-${d}`;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : value;
}

const rowSchema = z.object({
  email: z.string().trim().min(1, 'Enter the person’s email').max(320).email('Enter a real email address'),
  accreditation: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const kind = accreditationKindOf(v);
      if (!kind)
        ctx.addIssue({
          code: 'custom',
          message: `${v || 'Nothing'} is not an accreditation: use ${kindList}`,
        });
      return kind ?? z.NEVER;
    }),
  cohort: z
    .string()
    .trim()
    .max(20, 'A cohort is at most 20 characters, like 9')
    .optional()
    .transform((v) => v || null),
  awarded_on: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const date = awardDate(v);
      if (!date)
        ctx.addIssue({ code: 'custom', message: `${v} is not a date like 2024-01-08 or 08/01/2024` });
      return date ?? z.NEVER;
    }),
  evidence_url: z
    .string()
    .trim()
    .max(2000, 'A link is at most 2,000 characters')
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      if (!isWebLink(v))
        ctx.addIssue({ code: 'custom', message: `${v} is not a link starting https:// or http://` });
      return v;
    }),
});

/** Whether a text is a web link (http or https), as an evidence document's link must be. */
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && !!url.hostname;
  } catch {
    return false;
  }
}

export const accreditationsCsvLayout: CsvLayout = {
  required: ['email', 'accreditation'],
  optional: ['cohort', 'awarded_on', 'evidence_url'],
  ignored: ['given_name', 'family_name', 'name', 'hub'],
};

/** Records accreditations given as rows (line numbers for messages: the file's, or 1, 2… for a list). */
export async function recordAccreditations(
  db: Database,
  actor: Actor,
  rows: (AccreditationInput & { line?: number })[],
): Promise<AccreditationSummary> {
  const { valid, problems } = validateRows(
    rows.map((r, i) => ({
      line: r.line ?? i + 1,
      cells: {
        email: r.email ?? '',
        accreditation: r.accreditation ?? '',
        cohort: r.cohort ?? '',
        awarded_on: r.awardedOn ?? '',
        evidence_url: r.evidenceUrl ?? '',
      },
    })),
    rowSchema,
  );
  const found = await peopleByEmail(
    db,
    valid.map((v) => v.value.email),
  );
  const resolved: {
    line: number;
    personId: number;
    kind: AccreditationKind;
    cohort: string | null;
    awardedOn: string | null;
    evidenceUrl: string | null;
  }[] = [];
  const seen = new Map<string, number>();
  for (const { line, value } of valid) {
    const person = found.get(value.email.toLowerCase());
    if (!person) {
      problems.push({ line, message: `No one on the platform has the email ${value.email}: add them first` });
      continue;
    }
    const key = `${person.id}|${value.accreditation}|${value.cohort ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ line, message: `The same accreditation as line ${first}` });
      continue;
    }
    seen.set(key, line);
    resolved.push({
      line,
      personId: person.id,
      kind: value.accreditation,
      cohort: value.cohort,
      awardedOn: value.awarded_on,
      evidenceUrl: value.evidence_url,
    });
  }
  if (problems.length) throw new ImportRejectedError(sortByLine(problems));
  return db.transaction(async (tx) => {
    const summary: AccreditationSummary = { added: 0, updated: 0, unchanged: 0 };
    const personIds = [...new Set(resolved.map((r) => r.personId))];
    const existing = personIds.length
      ? await tx.select().from(accreditations).where(inArray(accreditations.personId, personIds))
      : [];
    const byKey = new Map(existing.map((a) => [`${a.personId}|${a.kind}|${a.cohort ?? ''}`, a]));
    for (const r of resolved) {
      const before = byKey.get(`${r.personId}|${r.kind}|${r.cohort ?? ''}`);
      const sameDate = r.awardedOn === null || before?.awardedOn === r.awardedOn;
      const sameEvidence = r.evidenceUrl === null || before?.evidenceUrl === r.evidenceUrl;
      if (before && sameDate && sameEvidence) {
        summary.unchanged++;
        continue;
      }
      if (before) {
        await tx
          .update(accreditations)
          .set({
            awardedOn: r.awardedOn ?? before.awardedOn,
            evidenceUrl: r.evidenceUrl ?? before.evidenceUrl,
          })
          .where(eq(accreditations.id, before.id));
        summary.updated++;
      } else {
        await tx.insert(accreditations).values({
          personId: r.personId,
          kind: r.kind,
          cohort: r.cohort,
          awardedOn: r.awardedOn,
          evidenceUrl: r.evidenceUrl,
        });
        summary.added++;
      }
      await recordEvent(tx, actor, {
        action: 'person.accreditation_recorded',
        subjectType: 'person',
        subjectId: r.personId,
        changes: {
          kind: r.kind,
          cohort: r.cohort,
          awardedOn: before ? [before.awardedOn, r.awardedOn ?? before.awardedOn] : r.awardedOn,
          ...(r.evidenceUrl !== null ? { evidence: true } : {}),
        },
      });
    }
    return summary;
  });
}

/** Reads an accreditations CSV file (email, accreditation, cohort, awarded_on, evidence_url) and records its rows. */
export async function importAccreditations(
  db: Database,
  actor: Actor,
  text: string,
): Promise<AccreditationSummary> {
  const file = readCsv(text, accreditationsCsvLayout);
  return recordAccreditations(
    db,
    actor,
    file.rows.map((r) => ({
      line: r.line,
      email: r.cells.email ?? '',
      accreditation: r.cells.accreditation ?? '',
      cohort: r.cells.cohort,
      awardedOn: r.cells.awarded_on,
      evidenceUrl: r.cells.evidence_url,
    })),
  );
}

const sortByLine = (problems: RowProblem[]) => [...problems].sort((a, b) => a.line - b.line);
