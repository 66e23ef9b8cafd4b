import { eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { ValidationError } from '../../platform/errors.ts';
import { hubIdsOf, isNationalAdmin, type Principal } from '../../platform/principal.ts';
import { schools } from '../schools/schema.ts';
import { getPerson } from './get-person.ts';
import { people } from './schema.ts';
import { hubOfSchool } from './school-hub.ts';

export interface ChangeSchoolInput {
  personId: number;
  schoolUrn: number;
  reason: string | null;
}

/**
 * Records that a person (a teacher who moved) now works at another school. Only their current school
 * changes: each enrolment keeps the school they enrolled with, so their attendance, their old school's
 * engagement and journey, and their programmes stay as they were; new registrations start from the new
 * school. National administrators, or the leadership of a hub the person has a role in; hub leadership
 * give a reason when the new school is outside their hub's area.
 */
export async function changePersonSchool(
  db: Executor,
  actor: Actor,
  input: ChangeSchoolInput & { by: Principal },
): Promise<{ from: number | null; to: number; schoolName: string }> {
  const { by, ...change } = input;
  return db.transaction((tx) => changeSchoolIn(tx, actor, by, change));
}

async function changeSchoolIn(
  tx: Executor,
  actor: Actor,
  principal: Principal,
  input: ChangeSchoolInput,
): Promise<{ from: number | null; to: number; schoolName: string }> {
  const { person, roles } = await getPerson(tx, principal, input.personId);
  const [school] = await tx
    .select({ urn: schools.urn, name: schools.name })
    .from(schools)
    .where(eq(schools.urn, input.schoolUrn));
  if (!school) {
    throw new ValidationError([
      { field: 'schoolUrn', message: `There is no school with URN ${input.schoolUrn}` },
    ]);
  }
  if (person.schoolUrn === school.urn) {
    throw new ValidationError([{ field: 'schoolUrn', message: `They are already at ${school.name}` }]);
  }
  // Hub leadership moving someone to a school outside their hub's area say why (kept in the event log).
  const mine = isNationalAdmin(principal) ? null : hubIdsOf(principal, 'hub_leadership');
  const schoolHub = await hubOfSchool(tx, school.urn);
  const outsideArea = mine !== null && (schoolHub === null || !mine.includes(schoolHub));
  if (outsideArea && !input.reason) {
    throw new ValidationError([
      {
        field: 'reason',
        message: `${school.name} is outside your hub’s area: give the reason for the change`,
      },
    ]);
  }
  await tx.update(people).set({ schoolUrn: school.urn }).where(eq(people.id, person.id));
  // The event belongs to a hub the actor leads and the person has a role in, else the new school's hub.
  const hubId =
    roles.find((r) => r.hubId !== null && (mine === null || mine.includes(r.hubId)))?.hubId ?? schoolHub;
  await recordEvent(tx, actor, {
    action: 'person.school_changed',
    subjectType: 'person',
    subjectId: person.id,
    hubId,
    reason: input.reason ?? undefined,
    changes: {
      schoolUrn: [person.schoolUrn, school.urn],
      ...(outsideArea ? { outsideHubArea: [null, true] } : {}),
    },
  });
  return { from: person.schoolUrn, to: school.urn, schoolName: school.name };
}
