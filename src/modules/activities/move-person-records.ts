import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { betterMark, enrolmentToKeep } from './merge-rules.ts';
import { activityLeads, attendanceMarks, enrolments } from './schema.ts';

/** What moving a person's activity records did, by id only (it goes into the event log). */
export interface ActivityRecordsMoved {
  enrolmentsMoved: number[];
  enrolmentsCombined: { kept: number; removed: number; marksMoved: number; activityId: number }[];
  activityLeadsMoved: number;
  activityLeadsDropped: number;
  /** Activities that lost an enrolment or a lead (both people were counted): their figures follow. */
  activitiesRecounted: number[];
}

type Mark = { sessionId: number; status: 'present' | 'absent' | 'apologies' };

/**
 * Moves person `from`'s enrolments (with their schools as they were, and so their attendance) and
 * activity leads to person `to`. Where both were enrolled on the same activity, the enrolment with
 * more attendance marks is kept and the other's marks move to it; a lead both held is kept once.
 */
export async function movePersonRecords(
  tx: Executor,
  from: number,
  to: number,
): Promise<ActivityRecordsMoved> {
  const moved: ActivityRecordsMoved = {
    enrolmentsMoved: [],
    enrolmentsCombined: [],
    activityLeadsMoved: 0,
    activityLeadsDropped: 0,
    activitiesRecounted: [],
  };
  const recount = new Set<number>();

  const all = await tx
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      activityId: enrolments.activityId,
      marks: sql<number>`(select count(*)::int from attendance_marks m where m.enrolment_id = ${enrolments.id})`,
    })
    .from(enrolments)
    .where(inArray(enrolments.personId, [to, from]));
  const keptByActivity = new Map(all.filter((e) => e.personId === to).map((e) => [e.activityId, e]));
  for (const e of all.filter((x) => x.personId === from)) {
    const clash = keptByActivity.get(e.activityId);
    if (!clash) {
      await tx.update(enrolments).set({ personId: to }).where(eq(enrolments.id, e.id));
      moved.enrolmentsMoved.push(e.id);
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
    if (winner.personId === from)
      await tx.update(enrolments).set({ personId: to }).where(eq(enrolments.id, winner.id));
    recount.add(e.activityId);
    moved.enrolmentsCombined.push({
      kept: winner.id,
      removed: loser.id,
      marksMoved,
      activityId: e.activityId,
    });
  }

  const leads = await tx
    .select()
    .from(activityLeads)
    .where(inArray(activityLeads.personId, [to, from]));
  const ledByTo = new Set(leads.filter((l) => l.personId === to).map((l) => l.activityId));
  for (const l of leads.filter((x) => x.personId === from)) {
    if (ledByTo.has(l.activityId)) {
      await tx.delete(activityLeads).where(eq(activityLeads.id, l.id));
      moved.activityLeadsDropped++;
      recount.add(l.activityId);
    } else {
      await tx.update(activityLeads).set({ personId: to }).where(eq(activityLeads.id, l.id));
      moved.activityLeadsMoved++;
    }
  }
  moved.activitiesRecounted = [...recount];
  return moved;
}

/** Moves attendance marks from one enrolment to another; where both have a mark, attendance wins. */
async function moveMarks(tx: Executor, fromId: number, toId: number): Promise<number> {
  const fromMarks: Mark[] = await tx
    .select({ sessionId: attendanceMarks.sessionId, status: attendanceMarks.status })
    .from(attendanceMarks)
    .where(eq(attendanceMarks.enrolmentId, fromId));
  const toMarks: Mark[] = await tx
    .select({ sessionId: attendanceMarks.sessionId, status: attendanceMarks.status })
    .from(attendanceMarks)
    .where(eq(attendanceMarks.enrolmentId, toId));
  const existing = new Map(toMarks.map((m) => [m.sessionId, m.status]));
  let count = 0;
  for (const m of fromMarks) {
    const there = existing.get(m.sessionId);
    if (!there) {
      await tx
        .update(attendanceMarks)
        .set({ enrolmentId: toId })
        .where(and(eq(attendanceMarks.sessionId, m.sessionId), eq(attendanceMarks.enrolmentId, fromId)));
      count++;
    } else if (betterMark(there, m.status) !== there) {
      await tx
        .update(attendanceMarks)
        .set({ status: m.status })
        .where(and(eq(attendanceMarks.sessionId, m.sessionId), eq(attendanceMarks.enrolmentId, toId)));
    }
  }
  return count;
}
