import { and, eq, inArray, sql } from 'drizzle-orm';
import { type Actor, diff, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf } from '../../platform/dates.ts';
import { assertVersion, updateAtVersion } from '../../platform/edit-versions.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { activitySessions, hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { people, type Role } from '../people/schema.ts';
import { bankHolidaySet } from './bank-holidays.ts';
import { lockEvent } from './load-event.ts';
import { fillFreePlaces } from './places.ts';
import { queueNotifications } from './queue-notification.ts';
import { eventTargets, programmeEvents, type WaitingPriority } from './schema.ts';
import { confirmationDeadline, type EventFormat } from './working-days.ts';

export interface EventInput {
  hubId: number | null;
  activityId: number | null;
  ncpCode: string | null;
  title: string;
  description: string | null;
  format: EventFormat;
  venue: string | null;
  platform: string | null;
  connectUrl: string | null;
  /** The day in England and the start and end times (HH:MM) that day. */
  day: string;
  startTime: string;
  endTime: string;
  capacity: number;
  waitingPriority: WaitingPriority;
  contactName: string | null;
  contactEmail: string | null;
  targets: {
    inviteEmails: string[];
    role: Role | null;
    activityId: number | null;
    ncpLeadsCode: string | null;
  };
}

/** A change of an event: its fields (the hub cannot change), made from the version the form showed. */
export type EventChange = Omit<EventInput, 'hubId'> & { eventId: number; version: number };

const londonTime = (day: string, time: string) =>
  sql`(${`${day} ${time.padStart(5, '0')}`}::timestamp at time zone 'Europe/London')`;

/** Checks the parts of an event that need the database; returns the resolved ids or field errors. */
async function resolve(tx: Executor, input: EventInput) {
  const problems: { field: string; message: string }[] = [];
  const year = academicYearOf(input.day);
  const ncpByCode = async (code: string | null, field: string) => {
    if (!code) return null;
    const [row] = await tx
      .select({ id: ncps.id })
      .from(ncps)
      .where(and(eq(ncps.code, code), eq(ncps.yearCode, year)));
    if (!row) problems.push({ field, message: `There is no project ${code} in ${year}` });
    return row?.id ?? null;
  };
  const activityOfHub = async (id: number | null, field: string) => {
    if (!id) return null;
    const [row] = await tx.select().from(hubActivities).where(eq(hubActivities.id, id));
    if (!row || (input.hubId !== null && row.hubId !== input.hubId)) {
      problems.push({ field, message: 'Choose an activity of the hub' });
      return null;
    }
    return row;
  };
  const ncpId = await ncpByCode(input.ncpCode, 'ncpCode');
  const activity = await activityOfHub(input.activityId, 'activityId');
  if (activity && input.hubId === null)
    problems.push({ field: 'activityId', message: 'A national workshop is not a session of a hub activity' });
  const targetActivity = await activityOfHub(input.targets.activityId, 'targetActivityId');
  const ncpLeadsId = await ncpByCode(input.targets.ncpLeadsCode, 'targetNcpCode');
  const emails = [...new Set(input.targets.inviteEmails.map((e) => e.toLowerCase()))];
  const invited = emails.length
    ? await tx
        .select({ id: people.id, email: people.email })
        .from(people)
        .where(inArray(sql`lower(${people.email})`, emails))
    : [];
  const unknown = emails.filter((e) => !invited.some((p) => p.email.toLowerCase() === e));
  // A hub event keeps an email that is no one's (the organiser is told nothing that would say whether
  // an email exists); the national team, who see everyone, are told of a mistyped address.
  if (unknown.length && input.hubId === null)
    problems.push({ field: 'inviteEmails', message: `No one has the email address ${unknown.join(', ')}` });
  if (!emails.length && !input.targets.role && !input.targets.activityId && !input.targets.ncpLeadsCode) {
    problems.push({
      field: 'inviteEmails',
      message: 'Say who the event is for: invite people, or choose a role, an activity or an NCP',
    });
  }
  if (problems.length) throw new ValidationError(problems);
  return {
    ncpId: ncpId ?? activity?.ncpId ?? null,
    activity,
    targetActivityId: targetActivity?.id ?? null,
    ncpLeadsId,
    invitedIds: invited.map((p) => p.id),
    pendingEmails: input.hubId === null ? [] : unknown,
  };
}

async function writeTargets(
  tx: Executor,
  eventId: number,
  hubId: number | null,
  r: Awaited<ReturnType<typeof resolve>>,
  role: Role | null,
) {
  await tx.delete(eventTargets).where(eq(eventTargets.eventId, eventId));
  const rows: (typeof eventTargets.$inferInsert)[] = [
    ...r.invitedIds.map((personId) => ({ eventId, kind: 'person' as const, personId })),
    ...r.pendingEmails.map((email) => ({ eventId, kind: 'person' as const, email })),
    ...(role ? [{ eventId, kind: 'role' as const, role, hubId }] : []),
    ...(r.targetActivityId ? [{ eventId, kind: 'activity' as const, activityId: r.targetActivityId }] : []),
    ...(r.ncpLeadsId ? [{ eventId, kind: 'ncp_leads' as const, ncpId: r.ncpLeadsId }] : []),
  ];
  if (rows.length) await tx.insert(eventTargets).values(rows);
}

/** The people an event is for, right now (for invitations). */
async function eligiblePeople(tx: Executor, eventId: number): Promise<number[]> {
  const { rows } = await tx.execute<{ id: number }>(sql`
    SELECT DISTINCT x.id FROM (
      SELECT t.person_id AS id FROM event_targets t WHERE t.event_id = ${eventId} AND t.kind = 'person'
      UNION SELECT ra.person_id FROM event_targets t JOIN role_assignments ra ON ra.role = t.role
        AND (t.hub_id IS NULL OR ra.hub_id = t.hub_id) AND (ra.ends_on IS NULL OR ra.ends_on >= current_date)
        WHERE t.event_id = ${eventId} AND t.kind = 'role'
      UNION SELECT en.person_id FROM event_targets t JOIN enrolments en ON en.activity_id = t.activity_id
        AND en.status <> 'withdrawn' WHERE t.event_id = ${eventId} AND t.kind = 'activity'
      UNION SELECT al.person_id FROM event_targets t JOIN activity_leads al ON al.activity_id = t.activity_id
        WHERE t.event_id = ${eventId} AND t.kind = 'activity'
      UNION SELECT al.person_id FROM event_targets t JOIN hub_activities ha ON ha.ncp_id = t.ncp_id
        JOIN activity_leads al ON al.activity_id = ha.id WHERE t.event_id = ${eventId} AND t.kind = 'ncp_leads'
    ) x JOIN people p ON p.id = x.id WHERE p.disabled_at IS NULL AND p.merged_into_person_id IS NULL`);
  return rows.map((r) => r.id);
}

const columnsOf = (input: EventInput, confirmBy: string, ncpId: number | null) => ({
  hubId: input.hubId,
  ncpId,
  activityId: input.activityId,
  title: input.title,
  description: input.description,
  format: input.format,
  venue: input.format === 'face_to_face' ? input.venue : null,
  platform: input.format === 'online' ? input.platform : null,
  connectUrl: input.format === 'online' ? input.connectUrl : null,
  startsAt: londonTime(input.day, input.startTime),
  endsAt: londonTime(input.day, input.endTime),
  confirmBy,
  capacity: input.capacity,
  waitingPriority: input.waitingPriority,
  contactName: input.contactName,
  contactEmail: input.contactEmail,
});

/**
 * Creates an event and invites everyone it is for. A session of a hub activity also gets a session
 * in that activity's registers, which the event's attendance fills.
 */
export async function createEvent(
  db: Executor,
  actor: Actor,
  input: EventInput,
): Promise<{ id: number; invited: number }> {
  return db.transaction(async (tx) => {
    const resolved = await resolve(tx, input);
    const confirmBy = confirmationDeadline(input.day, input.format, await bankHolidaySet(tx));
    let activitySessionId: number | null = null;
    if (resolved.activity) {
      const [session] = await tx
        .insert(activitySessions)
        .values({
          activityId: resolved.activity.id,
          kind: 'session',
          title: input.title,
          startsAt: londonTime(input.day, input.startTime) as unknown as Date,
          endsAt: londonTime(input.day, input.endTime) as unknown as Date,
          location: input.format === 'online' ? (input.platform ?? 'Online') : input.venue,
        })
        .returning({ id: activitySessions.id });
      activitySessionId = session!.id;
    }
    const [row] = await tx
      .insert(programmeEvents)
      .values({
        ...columnsOf(input, confirmBy, resolved.ncpId),
        startsAt: columnsOf(input, confirmBy, null).startsAt as unknown as Date,
        endsAt: columnsOf(input, confirmBy, null).endsAt as unknown as Date,
        activitySessionId,
        createdByPersonId: actor.personId,
      })
      .returning({ id: programmeEvents.id });
    const id = row!.id;
    await writeTargets(tx, id, input.hubId, resolved, input.targets.role);
    const invited = await eligiblePeople(tx, id);
    await queueNotifications(tx, id, 'invitation', invited, true);
    await recordEvent(tx, actor, {
      action: 'event.created',
      subjectType: 'programme_event',
      subjectId: id,
      hubId: input.hubId,
      changes: {
        title: input.title,
        format: input.format,
        day: input.day,
        capacity: input.capacity,
        confirmBy,
        invited: invited.length,
      },
    });
    // Emails that are no one's count as invited, as anyone's would.
    return { id, invited: invited.length + resolved.pendingEmails.length };
  });
}

/**
 * Changes an event, only from its current version (`version`, the one the form was made from): an edit
 * made from an older one throws `StaleEditError` and changes nothing. The hub cannot change; the
 * capacity cannot go below the seats taken (a larger one gives the new seats to the waiting list).
 * Newly eligible people are invited; calendars get a new SEQUENCE.
 */
export async function updateEvent(db: Executor, actor: Actor, change: EventChange): Promise<void> {
  const { eventId, version, ...input } = change;
  return db.transaction(async (tx) => {
    const locked = await lockEvent(tx, eventId);
    if (!locked) throw new NotFoundError('There is no such event');
    const before = locked;
    if (locked!.status === 'cancelled')
      throw new ConflictError('The event has been cancelled: it cannot be changed');
    assertVersion(version, locked!.version);
    if (input.capacity < locked!.confirmedCount) {
      throw new ValidationError([
        {
          field: 'capacity',
          message: `${locked!.confirmedCount} places are taken: the capacity cannot be lower`,
        },
      ]);
    }
    const full: EventInput = { ...input, hubId: before.hubId };
    const resolved = await resolve(tx, full);
    const confirmBy = confirmationDeadline(input.day, input.format, await bankHolidaySet(tx));
    const columns = columnsOf(full, confirmBy, resolved.ncpId);
    await updateAtVersion(tx, programmeEvents, eventId, version, {
      ...columns,
      startsAt: columns.startsAt as unknown as Date,
      endsAt: columns.endsAt as unknown as Date,
      activityId: before.activityId,
      sequence: sql`${programmeEvents.sequence} + 1`,
      updatedAt: new Date(),
    });
    if (before.activitySessionId) {
      await tx
        .update(activitySessions)
        .set({
          title: input.title,
          startsAt: columns.startsAt as unknown as Date,
          endsAt: columns.endsAt as unknown as Date,
        })
        .where(eq(activitySessions.id, before.activitySessionId));
    }
    const wasInvited = new Set(await eligiblePeople(tx, eventId));
    await writeTargets(tx, eventId, before.hubId, resolved, input.targets.role);
    const nowInvited = (await eligiblePeople(tx, eventId)).filter((id) => !wasInvited.has(id));
    await queueNotifications(tx, eventId, 'invitation', nowInvited, true);
    await fillFreePlaces(tx, actor, eventId);
    const { startsAt: _s, endsAt: _e, ...plain } = columns;
    await recordEvent(tx, actor, {
      action: 'event.updated',
      subjectType: 'programme_event',
      subjectId: eventId,
      hubId: before.hubId,
      changes: {
        ...diff(before as unknown as Record<string, unknown>, plain),
        day: input.day,
        startTime: input.startTime,
        endTime: input.endTime,
        invited: nowInvited.length,
      },
    });
  });
}

/** Cancels an event: everyone with a place or on the waiting list is told; calendars show it cancelled. */
export async function cancelEvent(
  db: Executor,
  actor: Actor,
  input: { eventId: number; reason: string | null },
): Promise<void> {
  const { eventId, reason } = input;
  return db.transaction(async (tx) => {
    const event = await lockEvent(tx, eventId);
    if (!event) throw new NotFoundError('There is no such event');
    if (event.status === 'cancelled') return;
    await tx
      .update(programmeEvents)
      .set({ status: 'cancelled', sequence: sql`${programmeEvents.sequence} + 1`, updatedAt: new Date() })
      .where(eq(programmeEvents.id, eventId));
    const { rows } = await tx.execute<{ person_id: number }>(
      sql`SELECT person_id FROM event_places WHERE event_id = ${eventId} AND status IN ('confirmed', 'waiting')`,
    );
    await queueNotifications(
      tx,
      eventId,
      'cancellation',
      rows.map((r) => r.person_id),
      true,
    );
    await recordEvent(tx, actor, {
      action: 'event.cancelled',
      subjectType: 'programme_event',
      subjectId: eventId,
      hubId: event.hubId,
      reason,
      changes: { status: ['scheduled', 'cancelled'], told: rows.length },
    });
  });
}

export { eligiblePeople };
