import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds, formatDate, todayInEngland } from '../../platform/dates.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { activityLeads, activitySchools, hubActivities } from '../activities/schema.ts';
import { schools } from '../schools/schema.ts';
import { actionFields, type VisitValues } from './visit-form.ts';
import { schoolVisitActions, schoolVisits, schoolVisitVisitors } from './visit-schema.ts';

/**
 * Recording a visit to a school, and changing it. The rules (docs/evaluation-visits.md):
 *  - the activity is not cancelled;
 *  - the date is not in the future and lies in the activity's academic year;
 *  - the school is one of the activity's schools (any status: one that withdrew may have been visited);
 *  - who visited are the activity's leads or the person recording it (on an edit, also those already
 *    named); an action's owner is one of them too, or someone named in words (at the school, say);
 *  - one visit per activity, school and day (a second is refused: edit the first).
 * Everything is written in one transaction with its event-log entry; an edit is made from the version
 * the form showed (`StaleEditError` otherwise).
 */

export interface RecordVisitInput extends VisitValues {
  activityId: number;
}
export interface ChangeVisitInput extends VisitValues {
  activityId: number;
  visitId: number;
  version: number;
}

type Activity = { id: number; hubId: number; yearCode: string; status: string };

async function lockedActivity(tx: Executor, activityId: number): Promise<Activity> {
  // Locks the activity (no key update) so two records of the same visit are made one after the other.
  const [activity] = await tx
    .select({
      id: hubActivities.id,
      hubId: hubActivities.hubId,
      yearCode: hubActivities.yearCode,
      status: hubActivities.status,
    })
    .from(hubActivities)
    .where(eq(hubActivities.id, activityId))
    .for('no key update');
  if (!activity) throw new NotFoundError('There is no such activity');
  if (activity.status === 'cancelled') {
    throw new ConflictError('The activity is cancelled: its visits cannot be recorded or changed');
  }
  return activity;
}

/** The problems of a visit's values against the records: every one found, so the form shows them all. */
async function problemsWith(
  tx: Executor,
  activity: Activity,
  values: VisitValues,
  people: { allowed: Set<number>; visitId: number | null },
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  const today = todayInEngland();
  const { startsOn, endsOn } = academicYearBounds(activity.yearCode);
  if (values.visitedOn > today) {
    problems.push({ field: 'visitedOn', message: 'The date of the visit must be today or in the past' });
  } else if (values.visitedOn < startsOn || values.visitedOn > endsOn) {
    problems.push({
      field: 'visitedOn',
      message: `The date of the visit must be in the activity’s year, ${activity.yearCode} (${formatDate(startsOn)} to ${formatDate(endsOn)})`,
    });
  }
  const [school] = await tx
    .select({ urn: activitySchools.schoolUrn, name: schools.name })
    .from(activitySchools)
    .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
    .where(and(eq(activitySchools.activityId, activity.id), eq(activitySchools.schoolUrn, values.schoolUrn)));
  if (!school) problems.push({ field: 'schoolUrn', message: 'Choose one of the activity’s schools' });
  if (values.visitorIds.some((id) => !people.allowed.has(id))) {
    problems.push({ field: 'visitorIds', message: 'Choose who made the visit from the activity’s leads' });
  }
  values.actions.forEach((a, i) => {
    if (a.ownerPersonId !== null && !people.allowed.has(a.ownerPersonId))
      problems.push({
        field: actionFields(a.row ?? i + 1).owner,
        message: `Choose who will do action ${a.row ?? i + 1} from the list`,
      });
  });
  if (school && !problems.some((p) => p.field === 'visitedOn')) {
    const [same] = await tx
      .select({ id: schoolVisits.id })
      .from(schoolVisits)
      .where(
        and(
          eq(schoolVisits.activityId, activity.id),
          eq(schoolVisits.schoolUrn, values.schoolUrn),
          eq(schoolVisits.visitedOn, values.visitedOn),
          people.visitId ? ne(schoolVisits.id, people.visitId) : undefined,
        ),
      );
    if (same)
      problems.push({
        field: 'visitedOn',
        message: `A visit to ${school.name ?? `URN ${values.schoolUrn}`} on ${formatDate(values.visitedOn)} is already recorded for this activity: change that one instead`,
      });
  }
  return problems;
}

const leadIdsOf = async (tx: Executor, activityId: number) =>
  (
    await tx
      .select({ personId: activityLeads.personId })
      .from(activityLeads)
      .where(eq(activityLeads.activityId, activityId))
  ).map((r) => r.personId);

const actionRow = (visitId: number, position: number, a: VisitValues['actions'][number]) => ({
  visitId,
  position,
  description: a.description,
  ownerPersonId: a.ownerPersonId,
  ownerText: a.ownerText,
  dueOn: a.dueOn,
  status: a.status,
  doneOn: a.status === 'done' ? todayInEngland() : null,
});

/** Records a visit to one of the activity's schools, with who made it and the actions agreed. */
export async function recordVisit(
  db: Executor,
  actor: Actor,
  input: RecordVisitInput,
): Promise<{ visitId: number }> {
  return db.transaction(async (tx) => {
    const activity = await lockedActivity(tx, input.activityId);
    const allowed = new Set(await leadIdsOf(tx, activity.id));
    if (actor.personId) allowed.add(actor.personId);
    const problems = await problemsWith(tx, activity, input, { allowed, visitId: null });
    if (input.actions.some((a) => a.id !== null))
      problems.push({ field: 'form', message: 'A new visit has no agreed actions yet' });
    if (problems.length) throw new ValidationError(problems);
    const [visit] = await tx
      .insert(schoolVisits)
      .values({
        activityId: activity.id,
        hubId: activity.hubId,
        schoolUrn: input.schoolUrn,
        visitedOn: input.visitedOn,
        yearGroups: input.yearGroups,
        classesSeen: input.classesSeen,
        focus: input.focus,
        notes: input.notes,
        recordedByPersonId: actor.personId,
      })
      .returning({ id: schoolVisits.id });
    const visitId = visit!.id;
    await tx.insert(schoolVisitVisitors).values(input.visitorIds.map((personId) => ({ visitId, personId })));
    if (input.actions.length)
      await tx.insert(schoolVisitActions).values(input.actions.map((a, i) => actionRow(visitId, i + 1, a)));
    await recordEvent(tx, actor, {
      action: 'visit.recorded',
      subjectType: 'school_visit',
      subjectId: visitId,
      hubId: activity.hubId,
      changes: {
        activityId: activity.id,
        schoolUrn: input.schoolUrn,
        visitedOn: input.visitedOn,
        visitorIds: input.visitorIds,
        yearGroups: input.yearGroups,
        actions: input.actions.length,
      },
    });
    return { visitId };
  });
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && [...a].map(String).sort().join('\n') === [...b].map(String).sort().join('\n');

/**
 * Changes a visit from the version its form was made from: its details, who made it, and its agreed
 * actions (new ones added, cleared ones removed, others changed or ticked done). Says whether anything
 * changed (nothing is written when nothing did).
 */
export async function changeVisit(
  db: Executor,
  actor: Actor,
  input: ChangeVisitInput,
): Promise<{ changed: boolean }> {
  return db.transaction(async (tx) => {
    const activity = await lockedActivity(tx, input.activityId);
    const [visit] = await tx
      .select()
      .from(schoolVisits)
      .where(and(eq(schoolVisits.id, input.visitId), eq(schoolVisits.activityId, activity.id)))
      .for('update');
    if (!visit) throw new NotFoundError('There is no such visit');
    assertVersion(input.version, visit.version);
    // One connection in a transaction: one query after the other.
    const visitorRows = await tx
      .select()
      .from(schoolVisitVisitors)
      .where(eq(schoolVisitVisitors.visitId, visit.id));
    const actionRows = await tx
      .select()
      .from(schoolVisitActions)
      .where(eq(schoolVisitActions.visitId, visit.id));
    const visitorIds = visitorRows.map((r) => r.personId);
    const allowed = new Set([...(await leadIdsOf(tx, activity.id)), ...visitorIds]);
    for (const a of actionRows) if (a.ownerPersonId) allowed.add(a.ownerPersonId);
    if (actor.personId) allowed.add(actor.personId);
    const problems = await problemsWith(tx, activity, input, { allowed, visitId: visit.id });
    const byId = new Map(actionRows.map((a) => [a.id, a]));
    if (
      [...input.actions.map((a) => a.id), ...input.removedActionIds].some(
        (id) => id !== null && !byId.has(id),
      )
    )
      problems.push({
        field: 'form',
        message: 'The form names an action that is not on this visit: reload it',
      });
    if (problems.length) throw new ValidationError(problems);

    const changed: Record<string, unknown> = {};
    const pairs = [
      ['visitedOn', visit.visitedOn, input.visitedOn],
      ['schoolUrn', visit.schoolUrn, input.schoolUrn],
    ] as const;
    for (const [key, before, after] of pairs) if (before !== after) changed[key] = [before, after];
    if (!sameList(visit.yearGroups, input.yearGroups))
      changed.yearGroups = [visit.yearGroups, input.yearGroups];
    if (!sameList(visitorIds, input.visitorIds)) changed.visitorIds = [visitorIds, input.visitorIds];
    // Texts may name people: the log says only that they changed.
    for (const key of ['focus', 'notes', 'classesSeen'] as const)
      if (visit[key] !== input[key]) changed[key] = true;

    const kept = input.actions.filter((a) => a.id !== null);
    const added = input.actions.filter((a) => a.id === null);
    const altered = kept.filter((a) => {
      const was = byId.get(a.id!)!;
      return (
        was.description !== a.description ||
        was.ownerPersonId !== a.ownerPersonId ||
        was.ownerText !== a.ownerText ||
        was.dueOn !== a.dueOn ||
        was.status !== a.status
      );
    });
    const removed = [...new Set(input.removedActionIds)];
    if (!Object.keys(changed).length && !added.length && !altered.length && !removed.length)
      return { changed: false };

    await updateAtVersion(tx, schoolVisits, visit.id, input.version, {
      visitedOn: input.visitedOn,
      schoolUrn: input.schoolUrn,
      yearGroups: input.yearGroups,
      classesSeen: input.classesSeen,
      focus: input.focus,
      notes: input.notes,
      updatedAt: sql`now()`,
    });
    if (changed.visitorIds) {
      await tx.delete(schoolVisitVisitors).where(eq(schoolVisitVisitors.visitId, visit.id));
      await tx
        .insert(schoolVisitVisitors)
        .values(input.visitorIds.map((personId) => ({ visitId: visit.id, personId })));
    }
    if (removed.length)
      await tx
        .delete(schoolVisitActions)
        .where(and(eq(schoolVisitActions.visitId, visit.id), inArray(schoolVisitActions.id, removed)));
    for (const a of altered) {
      const was = byId.get(a.id!)!;
      await tx
        .update(schoolVisitActions)
        .set({
          description: a.description,
          ownerPersonId: a.ownerPersonId,
          ownerText: a.ownerText,
          dueOn: a.dueOn,
          status: a.status,
          doneOn: a.status === was.status ? was.doneOn : a.status === 'done' ? todayInEngland() : null,
        })
        .where(eq(schoolVisitActions.id, was.id));
    }
    const last = Math.max(0, ...actionRows.map((a) => a.position));
    if (added.length)
      await tx.insert(schoolVisitActions).values(added.map((a, i) => actionRow(visit.id, last + i + 1, a)));
    await recordEvent(tx, actor, {
      action: 'visit.changed',
      subjectType: 'school_visit',
      subjectId: visit.id,
      hubId: activity.hubId,
      changes: {
        activityId: activity.id,
        schoolUrn: input.schoolUrn,
        visitedOn: input.visitedOn,
        changed,
        actionsAdded: added.length,
        actionsChanged: altered.length,
        actionsRemoved: removed.length,
      },
    });
    return { changed: true };
  });
}
