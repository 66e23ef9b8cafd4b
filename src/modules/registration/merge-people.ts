import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/principal.ts';
import { activityLeads, attendanceMarks, enrolments } from '../activities/schema.ts';
import { apiTokens, sessions } from '../auth/schema.ts';
import { refreshActivityStatements } from '../funding/refresh-statements.ts';
import { accreditations, people, roleAssignments } from '../people/schema.ts';
import { checkMergeAllowed } from './merge-scope.ts';
import { betterMark, enrolmentToKeep } from './rules.ts';

export interface MergePeopleInput {
  /** A: the record kept. */
  keepPersonId: number;
  /** B: the duplicate merged into A (then disabled, pointing at A). */
  mergePersonId: number;
}

export interface MergeSummary {
  enrolmentsMoved: number[];
  enrolmentsCombined: { kept: number; removed: number; marksMoved: number; activityId: number }[];
  activityLeadsMoved: number;
  activityLeadsDropped: number;
  roleAssignmentsMoved: number[];
  roleAssignmentsDropped: number[];
  accreditationsMoved: number[];
  accreditationsDropped: number[];
}

type Mark = { sessionId: number; status: 'present' | 'absent' | 'apologies' };

/**
 * Merges person B into person A without losing history, in one transaction with one event: B's
 * enrolments (with their schools as they were, and so their attendance), activity leads, role
 * assignments and accreditations move to A. Where both were enrolled on the same activity, the
 * enrolment with more attendance marks is kept and the other's marks move to it. B is then disabled
 * and points at A. Asked by a person, the merge must lie wholly within what they manage
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
  return db.transaction(async (tx) => {
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
    const summary: MergeSummary = {
      enrolmentsMoved: [],
      enrolmentsCombined: [],
      activityLeadsMoved: 0,
      activityLeadsDropped: 0,
      roleAssignmentsMoved: [],
      roleAssignmentsDropped: [],
      accreditationsMoved: [],
      accreditationsDropped: [],
    };
    /** Activities that lose an enrolment or a lead (both people were counted). */
    const recount = new Set<number>();

    // Enrolments, with their attendance marks.
    const all = await tx
      .select({
        id: enrolments.id,
        personId: enrolments.personId,
        activityId: enrolments.activityId,
        marks: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id})`,
      })
      .from(enrolments)
      .where(inArray(enrolments.personId, [a, b]));
    const keptByActivity = new Map(all.filter((e) => e.personId === a).map((e) => [e.activityId, e]));
    for (const e of all.filter((x) => x.personId === b)) {
      const clash = keptByActivity.get(e.activityId);
      if (!clash) {
        await tx.update(enrolments).set({ personId: a }).where(eq(enrolments.id, e.id));
        summary.enrolmentsMoved.push(e.id);
        continue;
      }
      const winner = enrolmentToKeep(clash, e) === 'kept' ? clash : e;
      const loser = winner === clash ? e : clash;
      const marksMoved = await moveMarks(tx, loser.id, winner.id);
      // Links to the removed enrolment (a later phase, someone who joined on its connection) follow it.
      await tx
        .update(enrolments)
        .set({ continuesEnrolmentId: winner.id })
        .where(eq(enrolments.continuesEnrolmentId, loser.id));
      await tx
        .update(attendanceMarks)
        .set({ joinedViaEnrolmentId: winner.id })
        .where(eq(attendanceMarks.joinedViaEnrolmentId, loser.id));
      await tx.delete(enrolments).where(eq(enrolments.id, loser.id));
      if (winner.personId === b)
        await tx.update(enrolments).set({ personId: a }).where(eq(enrolments.id, winner.id));
      recount.add(e.activityId);
      summary.enrolmentsCombined.push({
        kept: winner.id,
        removed: loser.id,
        marksMoved,
        activityId: e.activityId,
      });
    }

    // Activity leads.
    const leads = await tx
      .select()
      .from(activityLeads)
      .where(inArray(activityLeads.personId, [a, b]));
    const ledByA = new Set(leads.filter((l) => l.personId === a).map((l) => l.activityId));
    for (const l of leads.filter((x) => x.personId === b)) {
      if (ledByA.has(l.activityId)) {
        await tx.delete(activityLeads).where(eq(activityLeads.id, l.id));
        summary.activityLeadsDropped++;
        recount.add(l.activityId);
      } else {
        await tx.update(activityLeads).set({ personId: a }).where(eq(activityLeads.id, l.id));
        summary.activityLeadsMoved++;
      }
    }

    // Role assignments: an assignment identical to one of A's is dropped, the rest move.
    const roles = await tx
      .select()
      .from(roleAssignments)
      .where(inArray(roleAssignments.personId, [a, b]));
    const roleKey = (r: typeof roleAssignments.$inferSelect) =>
      JSON.stringify([r.role, r.hubId, r.schoolUrn, r.startsOn, r.endsOn]);
    const aRoles = new Set(roles.filter((r) => r.personId === a).map(roleKey));
    for (const r of roles.filter((x) => x.personId === b)) {
      if (aRoles.has(roleKey(r))) {
        await tx.delete(roleAssignments).where(eq(roleAssignments.id, r.id));
        summary.roleAssignmentsDropped.push(r.id);
      } else {
        await tx.update(roleAssignments).set({ personId: a }).where(eq(roleAssignments.id, r.id));
        summary.roleAssignmentsMoved.push(r.id);
      }
    }

    // Accreditations: the same kind and cohort is the same accreditation.
    const accs = await tx
      .select()
      .from(accreditations)
      .where(inArray(accreditations.personId, [a, b]));
    const accKey = (x: typeof accreditations.$inferSelect) => JSON.stringify([x.kind, x.cohort]);
    const aAccs = new Set(accs.filter((x) => x.personId === a).map(accKey));
    for (const x of accs.filter((y) => y.personId === b)) {
      if (aAccs.has(accKey(x))) {
        await tx.delete(accreditations).where(eq(accreditations.id, x.id));
        summary.accreditationsDropped.push(x.id);
      } else {
        await tx.update(accreditations).set({ personId: a }).where(eq(accreditations.id, x.id));
        summary.accreditationsMoved.push(x.id);
      }
    }

    if (keep.schoolUrn === null && merge.schoolUrn !== null) {
      await tx.update(people).set({ schoolUrn: merge.schoolUrn }).where(eq(people.id, a));
    }
    await tx.update(people).set({ mergedIntoPersonId: a, disabledAt: sql`now()` }).where(eq(people.id, b));
    // B can no longer sign in: end their sessions and API tokens.
    await tx.delete(sessions).where(eq(sessions.personId, b));
    await tx
      .update(apiTokens)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(apiTokens.personId, b), isNull(apiTokens.revokedAt)));

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
    await refreshActivityStatements(tx, actor, [...recount]);
    return summary;
  });
}

/** Moves attendance marks from one enrolment to another; where both have a mark, attendance wins. */
async function moveMarks(
  tx: Parameters<Parameters<Database['transaction']>[0]>[0],
  fromId: number,
  toId: number,
): Promise<number> {
  const from: Mark[] = await tx
    .select({ sessionId: attendanceMarks.sessionId, status: attendanceMarks.status })
    .from(attendanceMarks)
    .where(eq(attendanceMarks.enrolmentId, fromId));
  const to: Mark[] = await tx
    .select({ sessionId: attendanceMarks.sessionId, status: attendanceMarks.status })
    .from(attendanceMarks)
    .where(eq(attendanceMarks.enrolmentId, toId));
  const existing = new Map(to.map((m) => [m.sessionId, m.status]));
  let moved = 0;
  for (const m of from) {
    const there = existing.get(m.sessionId);
    if (!there) {
      await tx
        .update(attendanceMarks)
        .set({ enrolmentId: toId })
        .where(and(eq(attendanceMarks.sessionId, m.sessionId), eq(attendanceMarks.enrolmentId, fromId)));
      moved++;
    } else if (betterMark(there, m.status) !== there) {
      await tx
        .update(attendanceMarks)
        .set({ status: m.status })
        .where(and(eq(attendanceMarks.sessionId, m.sessionId), eq(attendanceMarks.enrolmentId, toId)));
    }
  }
  return moved;
}
