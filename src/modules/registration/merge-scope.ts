import { sql } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { formatDate } from '../../platform/dates.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { type PlaceStatus, placeStatusNames } from '../events/schema.ts';
import { canGrantRole, canSeePerson } from '../people/policy.ts';
import { type AccreditationKind, accreditationKindNames, type Role, roleNames } from '../people/schema.ts';
import { type DuplicatePerson, describePeople } from './find-duplicates.ts';
import { canMergePeople } from './policy.ts';

/** Every hub a person's records lie in: roles, enrolments, activity leads, event places (`null`: national). */
async function hubsOfRecords(db: Executor, personId: number): Promise<(number | null)[]> {
  const { rows } = await db.execute<{ hub_id: number | null }>(sql`
    select hub_id from role_assignments where person_id = ${personId}
    union all select a.hub_id from enrolments e join hub_activities a on a.id = e.activity_id where e.person_id = ${personId}
    union all select a.hub_id from activity_leads l join hub_activities a on a.id = l.activity_id where l.person_id = ${personId}
    union all select e.hub_id from event_places p join programme_events e on e.id = p.event_id where p.person_id = ${personId}`);
  return rows.map((r) => r.hub_id);
}

async function rolesOf(db: Executor, personId: number) {
  const { rows } = await db.execute<{ role: Role; hub_id: number | null }>(
    sql`select role, hub_id from role_assignments where person_id = ${personId}`,
  );
  return rows.map((r) => ({ role: r.role, hubId: r.hub_id }));
}

/**
 * Whether `principal` may merge person B into person A: national administrators always; anyone else
 * only when both records lie wholly within their hubs (every role, enrolment, lead and place in one of
 * the hubs they lead: never a national role) and every role that would move to A is one they could give.
 * A person they may not see at all is "not found", as if they did not exist.
 */
export async function checkMergeAllowed(
  db: Executor,
  principal: Principal,
  input: { keepPersonId: number; mergePersonId: number },
): Promise<void> {
  const ids = [input.keepPersonId, input.mergePersonId];
  const { rows: found } = await db.execute<{ id: number }>(
    sql`select id from people where id = any(${sql.param(ids)}::int[])`,
  );
  if (found.length !== new Set(ids).size) throw new NotFoundError('There is no such person');
  const [keepRoles, mergeRoles] = await readsAtOnce(db, [
    () => rolesOf(db, input.keepPersonId),
    () => rolesOf(db, input.mergePersonId),
  ]);
  if (!canSeePerson(principal, keepRoles!) || !canSeePerson(principal, mergeRoles!)) {
    throw new NotFoundError('There is no such person');
  }
  const [hubsOfA, hubsOfB] = await readsAtOnce(db, [
    () => hubsOfRecords(db, input.keepPersonId),
    () => hubsOfRecords(db, input.mergePersonId),
  ]);
  if (!canMergePeople(principal, hubsOfA!, hubsOfB!)) {
    throw new ForbiddenError(
      'You can merge only two records wholly within your hub: one of them has a role, an enrolment or a place elsewhere. Ask the national team to merge them',
    );
  }
  const ungivable = mergeRoles!.filter((r) => !canGrantRole(principal, r));
  if (ungivable.length) {
    throw new ForbiddenError(
      `Merging would move a role you cannot give (${[...new Set(ungivable.map((r) => roleNames[r.role]))].join(', ')}). Ask the national team to merge them`,
    );
  }
}

export interface MergePreview {
  keep: DuplicatePerson;
  merge: DuplicatePerson;
  /** What moves from B to A, as lines to show. */
  roles: string[];
  enrolments: string[];
  leads: string[];
  accreditations: string[];
  /** B's event places, which move to A (one place per event: where both hold one, the better is kept). */
  places: string[];
}

/** What a merge of B into A will move, after the same check as the merge itself. */
export async function previewMerge(
  db: Executor,
  principal: Principal,
  input: { keepPersonId: number; mergePersonId: number },
): Promise<MergePreview> {
  if (input.keepPersonId === input.mergePersonId) {
    throw new ValidationError([{ field: 'mergePersonId', message: 'Choose two different people' }]);
  }
  await checkMergeAllowed(db, principal, input);
  const b = input.mergePersonId;
  const described = await describePeople(db, [input.keepPersonId, b]);
  const lines = async (query: ReturnType<typeof sql>) =>
    (await db.execute<{ line: string }>(query)).rows.map((r) => r.line);
  const { rows: accs } = await db.execute<{ kind: AccreditationKind; cohort: string | null }>(
    sql`select kind, cohort from accreditations where person_id = ${b} order by id`,
  );
  return {
    keep: described.get(input.keepPersonId)!,
    merge: described.get(b)!,
    roles: described.get(b)!.roles,
    enrolments: await lines(sql`
      select a.title || ' (' || a.year_code || ', ' || h.name || ')' as line
      from enrolments e join hub_activities a on a.id = e.activity_id join hubs h on h.id = a.hub_id
      where e.person_id = ${b} order by a.year_code, a.title`),
    leads: await lines(sql`
      select a.title || ' (' || a.year_code || ')' as line
      from activity_leads l join hub_activities a on a.id = l.activity_id
      where l.person_id = ${b} order by a.year_code, a.title`),
    accreditations: accs.map(
      (x) => `${accreditationKindNames[x.kind] ?? x.kind}${x.cohort ? ` (cohort ${x.cohort})` : ''}`,
    ),
    places: (
      await db.execute<{
        title: string;
        starts_at: Date;
        status: PlaceStatus;
        theirs: PlaceStatus | null;
      }>(sql`
        select e.title, e.starts_at, p.status,
          (select k.status from event_places k where k.event_id = p.event_id and k.person_id = ${input.keepPersonId}) as theirs
        from event_places p join programme_events e on e.id = p.event_id
        where p.person_id = ${b} order by e.starts_at, e.id`)
    ).rows.map(
      (r) =>
        `${r.title}, ${formatDate(new Date(r.starts_at))} (${placeStatusNames[r.status].toLowerCase()})` +
        (r.theirs
          ? `: record ${input.keepPersonId} also has a place (${placeStatusNames[r.theirs].toLowerCase()}); the better one is kept`
          : ''),
    ),
  };
}
