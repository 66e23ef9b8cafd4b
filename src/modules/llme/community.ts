import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { isCurrentAssignment } from '../activities/add-activity-lead.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { llmeCommunityAttendance, llmeCommunityLeads, llmeCommunityMeetings } from './schema.ts';

/**
 * A hub's LLME community (issue 16): its three designated LLME Community Leads a year, chosen from the
 * hub's LLMEs and leadership, and its meetings (at least three a year) with their registers. Written by
 * the hub's leadership (and national administrators), each change in the event log.
 */
export const COMMUNITY_LEADS = 3;
export const MEETINGS_A_YEAR = 3;

/** The hub's community members today: its current LLMEs and hub leadership. */
export async function communityMembers(db: Executor, hubId: number) {
  return db
    .selectDistinct({ personId: people.id, givenName: people.givenName, familyName: people.familyName })
    .from(people)
    .innerJoin(roleAssignments, eq(roleAssignments.personId, people.id))
    .where(
      and(
        eq(roleAssignments.hubId, hubId),
        inArray(roleAssignments.role, ['llme', 'hub_leadership']),
        isCurrentAssignment,
        sql`${people.mergedIntoPersonId} IS NULL`,
      ),
    )
    .orderBy(asc(people.familyName), asc(people.givenName), asc(people.id));
}

export async function addCommunityLead(
  db: Executor,
  actor: Actor,
  input: { hubId: number; yearCode: string; personId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const members = await communityMembers(tx, input.hubId);
    if (!members.some((m) => m.personId === input.personId))
      throw new ValidationError([
        { field: 'personId', message: 'Choose one of the hub’s LLMEs or leadership' },
      ]);
    // One at a time per hub and year: the count below then holds.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(727316, ${input.hubId})`);
    const leads = await tx
      .select({ personId: llmeCommunityLeads.personId })
      .from(llmeCommunityLeads)
      .where(and(eq(llmeCommunityLeads.hubId, input.hubId), eq(llmeCommunityLeads.yearCode, input.yearCode)));
    if (leads.some((l) => l.personId === input.personId))
      throw new ConflictError('They are already an LLME Community Lead this year');
    if (leads.length >= COMMUNITY_LEADS)
      throw new ConflictError(
        `The hub already has its ${COMMUNITY_LEADS} LLME Community Leads: remove one first`,
      );
    await tx.insert(llmeCommunityLeads).values(input);
    await recordEvent(tx, actor, {
      action: 'llme_community.lead_added',
      subjectType: 'hub',
      subjectId: input.hubId,
      hubId: input.hubId,
      changes: { personId: input.personId, yearCode: input.yearCode },
    });
  });
}

export async function removeCommunityLead(
  db: Executor,
  actor: Actor,
  input: { hubId: number; leadId: number },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(llmeCommunityLeads)
      .where(and(eq(llmeCommunityLeads.id, input.leadId), eq(llmeCommunityLeads.hubId, input.hubId)))
      .returning();
    if (!row) throw new NotFoundError('There is no such LLME Community Lead');
    await recordEvent(tx, actor, {
      action: 'llme_community.lead_removed',
      subjectType: 'hub',
      subjectId: row.hubId,
      hubId: row.hubId,
      changes: { personId: row.personId, yearCode: row.yearCode },
    });
  });
}

/** Records a meeting held (today or earlier); its academic year is the date's. */
export async function recordCommunityMeeting(
  db: Executor,
  actor: Actor,
  input: { hubId: number; heldOn: string; title: string },
): Promise<{ meetingId: number }> {
  if (input.heldOn > todayInEngland())
    throw new ValidationError([
      { field: 'heldOn', message: 'The date of the meeting must be today or earlier' },
    ]);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(llmeCommunityMeetings)
      .values({
        hubId: input.hubId,
        yearCode: academicYearOf(input.heldOn),
        heldOn: input.heldOn,
        title: input.title,
        createdByPersonId: actor.personId,
      })
      .returning();
    await recordEvent(tx, actor, {
      action: 'llme_community.meeting_recorded',
      subjectType: 'hub',
      subjectId: input.hubId,
      hubId: input.hubId,
      changes: { meetingId: row!.id, heldOn: input.heldOn },
    });
    return { meetingId: row!.id };
  });
}

/** Takes (or retakes) a meeting's register: exactly these of the community were present. */
export async function takeCommunityRegister(
  db: Executor,
  actor: Actor,
  input: { meetingId: number; presentPersonIds: number[] },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [meeting] = await tx
      .select()
      .from(llmeCommunityMeetings)
      .where(eq(llmeCommunityMeetings.id, input.meetingId))
      .for('update');
    if (!meeting) throw new NotFoundError('There is no such meeting');
    const members = new Set((await communityMembers(tx, meeting.hubId)).map((m) => m.personId));
    const already = await tx
      .select({ personId: llmeCommunityAttendance.personId })
      .from(llmeCommunityAttendance)
      .where(eq(llmeCommunityAttendance.meetingId, meeting.id));
    // Someone marked before who has since left the community stays allowed.
    for (const a of already) members.add(a.personId);
    const present = [...new Set(input.presentPersonIds)];
    if (present.some((id) => !members.has(id)))
      throw new ValidationError([{ field: 'present', message: 'Choose people of the hub’s LLME community' }]);
    await tx.delete(llmeCommunityAttendance).where(eq(llmeCommunityAttendance.meetingId, meeting.id));
    if (present.length)
      await tx
        .insert(llmeCommunityAttendance)
        .values(present.map((personId) => ({ meetingId: meeting.id, personId })));
    await recordEvent(tx, actor, {
      action: 'llme_community.register_taken',
      subjectType: 'hub',
      subjectId: meeting.hubId,
      hubId: meeting.hubId,
      changes: { meetingId: meeting.id, heldOn: meeting.heldOn, present: present.length },
    });
  });
}

/** The year's community: its leads and its meetings with how many were present. */
export async function communityOverview(db: Executor, query: { hubId: number; yearCode: string }) {
  const leads = await db
    .select({
      id: llmeCommunityLeads.id,
      personId: llmeCommunityLeads.personId,
      name: sql<string>`${people.givenName} || ' ' || ${people.familyName}`,
    })
    .from(llmeCommunityLeads)
    .innerJoin(people, eq(people.id, llmeCommunityLeads.personId))
    .where(and(eq(llmeCommunityLeads.hubId, query.hubId), eq(llmeCommunityLeads.yearCode, query.yearCode)))
    .orderBy(asc(people.familyName), asc(people.givenName));
  const meetings = await db
    .select({
      id: llmeCommunityMeetings.id,
      heldOn: llmeCommunityMeetings.heldOn,
      title: llmeCommunityMeetings.title,
      present: sql<number>`(SELECT count(*)::int FROM llme_community_attendance a WHERE a.meeting_id = ${llmeCommunityMeetings.id})`,
    })
    .from(llmeCommunityMeetings)
    .where(
      and(eq(llmeCommunityMeetings.hubId, query.hubId), eq(llmeCommunityMeetings.yearCode, query.yearCode)),
    )
    .orderBy(asc(llmeCommunityMeetings.heldOn), asc(llmeCommunityMeetings.id));
  return { leads, meetings };
}

/** One meeting with its register (every member of the community, and who was present). */
export async function communityMeeting(db: Executor, meetingId: number) {
  const [meeting] = await db
    .select()
    .from(llmeCommunityMeetings)
    .where(eq(llmeCommunityMeetings.id, meetingId));
  if (!meeting) throw new NotFoundError('There is no such meeting');
  const present = new Set(
    (
      await db
        .select({ personId: llmeCommunityAttendance.personId })
        .from(llmeCommunityAttendance)
        .where(eq(llmeCommunityAttendance.meetingId, meetingId))
    ).map((a) => a.personId),
  );
  const members = await communityMembers(db, meeting.hubId);
  const known = new Set(members.map((m) => m.personId));
  const gone = [...present].filter((id) => !known.has(id));
  const others = gone.length
    ? await db
        .select({ personId: people.id, givenName: people.givenName, familyName: people.familyName })
        .from(people)
        .where(inArray(people.id, gone))
    : [];
  return {
    meeting,
    register: [...members, ...others].map((m) => ({
      personId: m.personId,
      name: `${m.givenName} ${m.familyName}`,
      present: present.has(m.personId),
    })),
  };
}
