import { eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Executor, transactionRetried } from '../../platform/database.ts';
import { todayInEngland } from '../../platform/dates.ts';
import { ConflictError, type FieldError, ValidationError } from '../../platform/errors.ts';
import { people } from '../people/schema.ts';
import { schools } from '../schools/schema.ts';
import { deliveryChanged } from './delivery-changed.ts';
import { activityById } from './load-activity.ts';
import {
  type CheckedOutcome,
  checkOutcome,
  type OutcomeEntry,
  participantFields,
  schoolFields,
} from './outcome-rules.ts';
import { activitySchools, enrolments } from './schema.ts';

export interface RecordOutcomesInput {
  activityId: number;
  schools: (OutcomeEntry & { urn: number })[];
  participants: (OutcomeEntry & { enrolmentId: number })[];
}

export interface RecordedOutcomes {
  /** How many schools' and participants' outcomes changed (none: nothing was written). */
  changed: number;
}

/**
 * Records the outcomes of an activity's schools and participants, all or nothing, in one transaction:
 * completed (its date is today), withdrawn with a reason, or deferred to next year. A row given no
 * outcome stays as it is; one given the outcome it has already changes nothing. Each change is logged;
 * the hub's grant and everything computed from the records (stages, Mastering Number, next steps,
 * funnels, the report) follow at once. A cancelled or closed activity's outcomes cannot change.
 */
export async function recordOutcomes(
  db: Executor,
  actor: Actor,
  input: RecordOutcomesInput,
): Promise<RecordedOutcomes> {
  return transactionRetried(db, (tx) => recordIn(tx, actor, input));
}

/** A row's outcome as written: the status with its reason, and who recorded it when. */
/**
 * The outcomes of the activity's schools or participants, written in one statement in order of id: the
 * reports' counts are worked out again once for the activity (their triggers run per statement), not
 * once for each row, and two writers take the rows they share in the same order.
 */
async function writeOutcomes(
  tx: Executor,
  actor: Actor,
  table: typeof activitySchools | typeof enrolments,
  activityId: number,
  changes: { row: { id: number }; outcome: CheckedOutcome }[],
) {
  if (!changes.length) return;
  const today = todayInEngland();
  const values = sql.join(
    [...changes]
      .sort((a, b) => a.row.id - b.row.id)
      .map(
        ({ row, outcome: o }) =>
          sql`(${row.id}::int, ${o.status}::text, ${o.reason}::text, ${o.reasonText}::text)`,
      ),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE ${table} SET status = v.status, outcome_reason = v.reason, outcome_reason_text = v.reason_text,
      outcome_recorded_at = now(), outcome_recorded_by_person_id = ${actor.personId},
      completed_on = CASE WHEN v.status = 'completed' THEN ${today}::date END
    FROM (VALUES ${values}) AS v(id, status, reason, reason_text)
    WHERE ${table.id} = v.id AND ${table.activityId} = ${activityId}`);
}

const same = (
  row: { status: string; outcomeReason: string | null; outcomeReasonText: string | null },
  o: CheckedOutcome,
) => row.status === o.status && row.outcomeReason === o.reason && row.outcomeReasonText === o.reasonText;

async function recordIn(tx: Executor, actor: Actor, input: RecordOutcomesInput): Promise<RecordedOutcomes> {
  const { activityId } = input;
  const { activity } = await activityById(tx, activityId);
  if (activity.status === 'cancelled') {
    throw new ConflictError('The activity is cancelled: its outcomes cannot be recorded');
  }
  if (activity.status === 'completed') {
    throw new ConflictError('The activity is closed: reopen it to change its outcomes');
  }
  // One after another on the transaction's connection, each locking its rows: schools, then participants.
  const schoolRows = await tx
    .select({
      id: activitySchools.id,
      urn: activitySchools.schoolUrn,
      status: activitySchools.status,
      outcomeReason: activitySchools.outcomeReason,
      outcomeReasonText: activitySchools.outcomeReasonText,
      name: schools.name,
    })
    .from(activitySchools)
    .leftJoin(schools, eq(schools.urn, activitySchools.schoolUrn))
    .where(eq(activitySchools.activityId, activityId))
    .for('update', { of: activitySchools });
  const participantRows = await tx
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      status: enrolments.status,
      outcomeReason: enrolments.outcomeReason,
      outcomeReasonText: enrolments.outcomeReasonText,
      given: people.givenName,
      family: people.familyName,
    })
    .from(enrolments)
    .innerJoin(people, eq(people.id, enrolments.personId))
    .where(eq(enrolments.activityId, activityId))
    .for('update', { of: enrolments });
  const schoolsByUrn = new Map(schoolRows.map((s) => [s.urn, s]));
  const participantsById = new Map(participantRows.map((p) => [p.id, p]));
  const problems: FieldError[] = [];
  const schoolChanges: { row: (typeof schoolRows)[number]; outcome: CheckedOutcome }[] = [];
  const participantChanges: { row: (typeof participantRows)[number]; outcome: CheckedOutcome }[] = [];

  for (const entry of input.schools) {
    const row = schoolsByUrn.get(entry.urn);
    const fields = schoolFields(entry.urn);
    if (!row) {
      problems.push({
        field: fields.outcome,
        message: `URN ${entry.urn} does not take part in this activity`,
      });
      continue;
    }
    const name = row.name ?? `URN ${row.urn}`;
    const checked = checkOutcome(entry, { name, kind: 'school' }, fields);
    problems.push(...checked.problems);
    if (checked.outcome && !same(row, checked.outcome)) schoolChanges.push({ row, outcome: checked.outcome });
  }
  for (const entry of input.participants) {
    const row = participantsById.get(entry.enrolmentId);
    const fields = participantFields(entry.enrolmentId);
    if (!row) {
      problems.push({
        field: fields.outcome,
        message: 'That participant does not take part in this activity',
      });
      continue;
    }
    const checked = checkOutcome(entry, { name: `${row.given} ${row.family}`, kind: 'participant' }, fields);
    problems.push(...checked.problems);
    if (checked.outcome && !same(row, checked.outcome)) {
      participantChanges.push({ row, outcome: checked.outcome });
    }
  }
  if (problems.length) throw new ValidationError(problems);

  await writeOutcomes(tx, actor, activitySchools, activityId, schoolChanges);
  await writeOutcomes(tx, actor, enrolments, activityId, participantChanges);
  for (const { row, outcome } of schoolChanges) {
    await recordEvent(tx, actor, {
      action: 'activity.school_outcome_recorded',
      subjectType: 'hub_activity',
      subjectId: activityId,
      hubId: activity.hubId,
      changes: {
        schoolUrn: row.urn,
        status: [row.status, outcome.status],
        reason: outcome.reason,
        reasonText: outcome.reasonText,
      },
    });
  }
  for (const { row, outcome } of participantChanges) {
    await recordEvent(tx, actor, {
      action: 'enrolment.outcome_recorded',
      subjectType: 'enrolment',
      subjectId: row.id,
      hubId: activity.hubId,
      changes: {
        activityId,
        personId: row.personId,
        status: [row.status, outcome.status],
        reason: outcome.reason,
        reasonText: outcome.reasonText,
      },
    });
  }
  const changed = schoolChanges.length + participantChanges.length;
  if (changed) await deliveryChanged(tx, actor, [activityId]);
  return { changed };
}
