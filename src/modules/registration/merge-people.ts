import { eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Database, transactionRetried } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { deliveryChanged } from '../activities/delivery-changed.ts';
import {
  type ActivityRecordsMoved,
  movePersonRecords as moveActivityRecords,
} from '../activities/move-person-records.ts';
import { revokeApiTokensOf } from '../auth/api-tokens.ts';
import { revokeSessionsOf } from '../auth/sessions.ts';
import { movePersonRecords as moveCommunityRecords } from '../communities/personal-data.ts';
import { moveReportRecords } from '../evaluation/report-move-person-records.ts';
import { moveSurveyRecords } from '../evaluation/survey-privacy.ts';
import {
  movePersonRecords as moveVisitRecords,
  type VisitRecordsMoved,
} from '../evaluation/visit-move-person-records.ts';
import {
  type EventRecordsMoved,
  movePersonRecords as moveEventRecords,
} from '../events/move-person-records.ts';
import { movePersonRecords as moveApplicationRecords } from '../llme/application-personal-data.ts';
import {
  movePersonRecords as movePeopleRecords,
  type PeopleRecordsMoved,
} from '../people/move-person-records.ts';
import { people } from '../people/schema.ts';
import { checkMergeAllowed } from './merge-scope.ts';

export interface MergePeopleInput {
  /** A: the record kept. */
  keepPersonId: number;
  /** B: the duplicate merged into A (then disabled, pointing at A). */
  mergePersonId: number;
}

/** What a merge moved, by id only (the event log's `changes`). */
export type MergeSummary = Omit<ActivityRecordsMoved, 'activitiesRecounted'> &
  PeopleRecordsMoved &
  EventRecordsMoved & {
    surveyInvitationsMoved: number;
    surveyInvitationsDropped: number;
  } & VisitRecordsMoved;

/**
 * Merges person B into person A without losing history, in one transaction with one event: every
 * module holding a person's records moves B's to A (`movePersonRecords` of people, activities and
 * events: roles, accreditations, invitations, enrolments with their schools as they were and so their
 * attendance, activity leads, event places, targets, emails, comments, calendar feeds and
 * preferences). Where both held the same record, the one saying more is kept and nothing of the other
 * is lost (each module's rule). B is then disabled and points at A. Asked by a person, the merge must lie wholly within what they manage
 * (`checkMergeAllowed`).
 */
export async function mergePeople(
  db: Database,
  actor: Actor,
  input: MergePeopleInput,
  /** Who asks: checked inside the transaction (`merge-scope.ts`). Left out only by the command line and tests. */
  principal?: Principal,
): Promise<MergeSummary> {
  const a = input.keepPersonId;
  const b = input.mergePersonId;
  if (a === b)
    throw new ValidationError([{ field: 'mergePersonId', message: 'Choose two different people' }]);
  // Run again from the start if PostgreSQL rolls it back to break a deadlock (docs/adr/0011).
  return transactionRetried(db, async (tx) => {
    const found = await tx
      .select()
      .from(people)
      .where(inArray(people.id, [a, b]))
      .orderBy(people.id)
      .for('update');
    const keep = found.find((p) => p.id === a);
    const merge = found.find((p) => p.id === b);
    if (!keep || !merge) throw new NotFoundError('There is no such person');
    if (principal) await checkMergeAllowed(tx, principal, input);
    if (keep.mergedIntoPersonId || keep.disabledAt || merge.mergedIntoPersonId || merge.disabledAt) {
      throw new ValidationError([
        { field: 'mergePersonId', message: 'One of these people has already been merged or disabled' },
      ]);
    }
    // Each module that holds a person's records moves its own (person-references.ts says which).
    const peopleMoved = await movePeopleRecords(tx, b, a);
    const activitiesMoved = await moveActivityRecords(tx, b, a);
    const eventsMoved = await moveEventRecords(tx, actor, b, a);
    const surveysMoved = await moveSurveyRecords(tx, b, a);
    // Evaluation reports: B's co-authorships and the actions B owns become A's.
    await moveReportRecords(tx, b, a);
    const visitsMoved = await moveVisitRecords(tx, b, a);
    // The LLME development programmes: B's applications become A's.
    await moveApplicationRecords(tx, b, a);
    await moveCommunityRecords(tx, b, a);
    // Interest registered in hubs' offers: B's becomes A's, except where A already has it open.
    await tx.execute(sql`DELETE FROM interests i WHERE i.person_id = ${b} AND i.status = 'open' AND EXISTS (
      SELECT 1 FROM interests k WHERE k.person_id = ${a} AND k.status = 'open' AND k.hub_id = i.hub_id
        AND k.activity_id IS NOT DISTINCT FROM i.activity_id
        AND (i.activity_id IS NOT NULL OR k.ncp_id = i.ncp_id))`);
    await tx.execute(sql`UPDATE interests SET person_id = ${a} WHERE person_id = ${b}`);
    const { activitiesRecounted, ...activitySummary } = activitiesMoved;
    const summary: MergeSummary = {
      ...activitySummary,
      ...peopleMoved,
      ...eventsMoved,
      ...surveysMoved,
      ...visitsMoved,
    };

    await tx.update(people).set({ mergedIntoPersonId: a, disabledAt: sql`now()` }).where(eq(people.id, b));
    // B can no longer sign in: end their sessions and API tokens.
    await revokeSessionsOf(tx, b);
    await revokeApiTokensOf(tx, b);

    await recordEvent(tx, actor, {
      action: 'person.merged',
      subjectType: 'person',
      subjectId: a,
      changes: {
        keptPersonId: a,
        mergedPersonId: b,
        ...summary,
      },
    });
    // Fewer enrolments or leads where both were counted: their hubs' statements follow.
    await deliveryChanged(tx, actor, activitiesRecounted);
    return summary;
  });
}
