import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { yearGroups as yearGroupOrder } from '../registration/rules.ts';
import { schools } from '../schools/schema.ts';
import { people } from './schema.ts';
import { hubOfSchool } from './school-hub.ts';

async function ownRecordIn(tx: Executor, personId: number) {
  const [person] = await tx.select().from(people).where(eq(people.id, personId)).for('update');
  if (!person || person.erasedAt) throw new NotFoundError('There is no such person');
  return person;
}

/**
 * A person corrects the school they work at themself (chosen with the school picker). Like a change by
 * hub staff, only their current school changes: each registration keeps the school they registered from.
 */
export async function changeOwnSchool(
  db: Executor,
  actor: Actor,
  input: { personId: number; schoolUrn: number },
): Promise<{ changed: boolean; schoolName: string }> {
  return db.transaction(async (tx) => {
    const person = await ownRecordIn(tx, input.personId);
    const [school] = await tx
      .select({ urn: schools.urn, name: schools.name })
      .from(schools)
      .where(eq(schools.urn, input.schoolUrn));
    if (!school) {
      throw new ValidationError([
        { field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` },
      ]);
    }
    if (person.schoolUrn === school.urn) return { changed: false, schoolName: school.name };
    await tx.update(people).set({ schoolUrn: school.urn }).where(eq(people.id, person.id));
    await recordEvent(tx, actor, {
      action: 'person.own_school_changed',
      subjectType: 'person',
      subjectId: person.id,
      hubId: await hubOfSchool(tx, school.urn),
      changes: { schoolUrn: [person.schoolUrn, school.urn] },
    });
    return { changed: true, schoolName: school.name };
  });
}

/** A person corrects the year groups they teach, kept in the programme's order (Reception, Year 1…). */
export async function changeOwnYearGroups(
  db: Executor,
  actor: Actor,
  input: { personId: number; yearGroups: readonly string[] },
): Promise<{ changed: boolean }> {
  const unknown = input.yearGroups.filter((y) => !(yearGroupOrder as readonly string[]).includes(y));
  if (unknown.length) {
    throw new ValidationError([{ field: 'yearGroups', message: 'Choose year groups from the list' }]);
  }
  const chosen = yearGroupOrder.filter((y) => input.yearGroups.includes(y));
  return db.transaction(async (tx) => {
    const person = await ownRecordIn(tx, input.personId);
    if (person.yearGroups.join('|') === chosen.join('|')) return { changed: false };
    await tx.update(people).set({ yearGroups: chosen }).where(eq(people.id, person.id));
    await recordEvent(tx, actor, {
      action: 'person.year_groups_changed',
      subjectType: 'person',
      subjectId: person.id,
      hubId: person.schoolUrn ? await hubOfSchool(tx, person.schoolUrn) : null,
      changes: { yearGroups: [person.yearGroups, chosen] },
    });
    return { changed: true };
  });
}
