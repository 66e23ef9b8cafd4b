import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { type SurveyKind, surveyWindows } from './survey-schema.ts';

export interface SurveyWindow {
  yearCode: string;
  kind: SurveyKind;
  opensOn: string;
  closesOn: string;
}

/** The windows of a year, by kind. */
export async function listWindows(db: Executor, yearCode: string): Promise<SurveyWindow[]> {
  return db
    .select({
      yearCode: surveyWindows.yearCode,
      kind: surveyWindows.kind,
      opensOn: surveyWindows.opensOn,
      closesOn: surveyWindows.closesOn,
    })
    .from(surveyWindows)
    .where(eq(surveyWindows.yearCode, yearCode))
    .orderBy(asc(surveyWindows.opensOn));
}

/**
 * Sets the window in which a kind of survey is open in a year (national administrators): it opens and
 * closes within the academic year (1 September to 31 August), and closes on or after it opens.
 */
export async function setWindow(
  db: Executor,
  actor: Actor,
  input: SurveyWindow,
): Promise<{ changed: boolean }> {
  const { startsOn, endsOn } = academicYearBounds(input.yearCode);
  const problems = [];
  if (input.opensOn < startsOn || input.opensOn > endsOn)
    problems.push({ field: 'opensOn', message: `The opening date must be in ${input.yearCode}` });
  if (input.closesOn < startsOn || input.closesOn > endsOn)
    problems.push({ field: 'closesOn', message: `The closing date must be in ${input.yearCode}` });
  else if (input.closesOn < input.opensOn)
    problems.push({
      field: 'closesOn',
      message: 'The closing date must be the same as or after the opening date',
    });
  if (problems.length) throw new ValidationError(problems);
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(surveyWindows)
      .where(and(eq(surveyWindows.yearCode, input.yearCode), eq(surveyWindows.kind, input.kind)))
      .for('update');
    if (before && before.opensOn === input.opensOn && before.closesOn === input.closesOn)
      return { changed: false };
    const [row] = await tx
      .insert(surveyWindows)
      .values(input)
      .onConflictDoUpdate({
        target: [surveyWindows.yearCode, surveyWindows.kind],
        set: { opensOn: sql`excluded.opens_on`, closesOn: sql`excluded.closes_on` },
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'survey_window.set',
      subjectType: 'survey_window',
      subjectId: row!.id,
      changes: {
        yearCode: input.yearCode,
        kind: input.kind,
        opensOn: [before?.opensOn ?? null, input.opensOn],
        closesOn: [before?.closesOn ?? null, input.closesOn],
      },
    });
    return { changed: true };
  });
}
