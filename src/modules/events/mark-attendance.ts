import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import {
  ConflictError,
  ImportRejectedError,
  NotFoundError,
  type RowProblem,
  ValidationError,
} from '../../platform/errors.ts';
import { unstorableLines } from '../../platform/text.ts';
import { type EventRow, loadEvent } from './load-event.ts';
import { holdsSeat, nextPlaceStatus, PlaceTransitionError } from './place-machine.ts';
import { eventPlaces, type PlaceStatus } from './schema.ts';

export interface AttendanceEntry {
  placeId: number;
  status: 'attended' | 'absent';
  /** Joined on the connection of another place (a group on one computer): attended. */
  joinedViaPlaceId: number | null;
}

export const attendanceField = (placeId: number) => `attendance-${placeId}`;
export const joinedViaField = (placeId: number) => `joinedVia-${placeId}`;

/**
 * Records attendance of an event that has started, and feeds the register of its activity session
 * (present or absent for each participant enrolled in the activity), so engagement counts it.
 */
export async function markAttendance(
  db: Executor,
  actor: Actor,
  input: MarkAttendanceInput,
): Promise<{ changed: number }> {
  return db.transaction((tx) => markIn(tx, actor, input));
}

export interface MarkAttendanceInput {
  eventId: number;
  entries: AttendanceEntry[];
  /** Where the marks come from (the organiser's form or a video platform's report), for the log. */
  source?: 'form' | 'import';
}

async function markIn(tx: Executor, actor: Actor, input: MarkAttendanceInput): Promise<{ changed: number }> {
  const { eventId, entries, source = 'form' } = input;
  const event = await loadEvent(tx, eventId);
  if (!event) throw new NotFoundError('There is no such event');
  if (event.startsAt.getTime() > Date.now())
    throw new ConflictError('Attendance can be marked once the event has started');
  if (event.status === 'cancelled') throw new ConflictError('The event was cancelled');
  const places = await tx.select().from(eventPlaces).where(sql`${eventPlaces.eventId} = ${eventId}`);
  const byId = new Map(places.map((p) => [p.id, p]));
  const problems: { field: string; message: string }[] = [];
  const changes: {
    placeId: number;
    personId: number;
    from: PlaceStatus;
    to: PlaceStatus;
    via: number | null;
  }[] = [];
  for (const entry of entries) {
    const place = byId.get(entry.placeId);
    if (!place) {
      problems.push({
        field: attendanceField(entry.placeId),
        message: 'That person has no place at this event',
      });
      continue;
    }
    const via = entry.joinedViaPlaceId;
    if (via !== null && (via === place.id || !holdsSeat(byId.get(via)?.status ?? null))) {
      problems.push({
        field: joinedViaField(place.id),
        message: 'Choose someone else with a place whose connection they joined',
      });
      continue;
    }
    try {
      const to = nextPlaceStatus(
        place.status,
        via !== null ? 'mark_attended' : entry.status === 'attended' ? 'mark_attended' : 'mark_absent',
        false,
      );
      if (to !== place.status || (place.joinedViaPlaceId ?? null) !== via) {
        changes.push({ placeId: place.id, personId: place.personId, from: place.status, to, via });
      }
    } catch (error) {
      if (!(error instanceof PlaceTransitionError)) throw error;
      problems.push({
        field: attendanceField(place.id),
        message: 'Only people with a confirmed place can be marked',
      });
    }
  }
  if (problems.length) throw new ValidationError(problems);
  for (const c of changes) {
    await tx.execute(sql`UPDATE event_places SET status = ${c.to}, joined_via_place_id = ${c.via},
      attendance_marked_at = now() WHERE id = ${c.placeId}`);
  }
  if (changes.length) {
    await feedRegister(tx, actor, event);
    await recordEvent(tx, actor, {
      action: 'event.attendance_marked',
      subjectType: 'programme_event',
      subjectId: eventId,
      hubId: event.hubId,
      changes: {
        source,
        marks: Object.fromEntries(
          changes.map((c) => [c.personId, [c.from, c.via ? `${c.to} (joined via place ${c.via})` : c.to]]),
        ),
      },
    });
  }
  return { changed: changes.length };
}

/**
 * Writes the event's attendance into its activity session's register: every participant enrolled in
 * the activity who holds a seat is present (attended) or absent; a group member's mark names the
 * enrolment whose connection they joined.
 */
async function feedRegister(tx: Executor, actor: Actor, event: EventRow): Promise<void> {
  if (!event.activitySessionId || !event.activityId) return;
  await tx.execute(sql`
    INSERT INTO attendance_marks (session_id, enrolment_id, status, joined_via_enrolment_id, marked_by_person_id)
    SELECT ${event.activitySessionId}, en.id,
           CASE WHEN p.status = 'attended' THEN 'present' ELSE 'absent' END,
           via_en.id, ${actor.personId}
    FROM event_places p
    JOIN enrolments en ON en.activity_id = ${event.activityId} AND en.person_id = p.person_id
    LEFT JOIN event_places via ON via.id = p.joined_via_place_id
    LEFT JOIN enrolments via_en ON via_en.activity_id = ${event.activityId} AND via_en.person_id = via.person_id
    WHERE p.event_id = ${event.id} AND p.status IN ('attended', 'absent')
    ON CONFLICT (session_id, enrolment_id) DO UPDATE SET status = excluded.status,
      joined_via_enrolment_id = excluded.joined_via_enrolment_id, marked_by_person_id = excluded.marked_by_person_id,
      marked_at = now()`);
}

const emailColumns = ['email', 'user email', 'attendee email', 'email address', 'e-mail'];
const groupColumns = ['also attending', 'group', 'joined with'];

/**
 * Imports a video platform's attendance report (a CSV with an email column, e.g. Zoom's "User Email"):
 * each email is matched to a person with a place, who is marked as attended; an "Also attending"
 * column lists (separated by ;) the emails of a group who joined on that connection. Every bad line
 * is reported with its number and reason, and then nothing is recorded.
 */
export async function importAttendance(
  db: Executor,
  actor: Actor,
  input: { eventId: number; text: string },
): Promise<{ attended: number; changed: number }> {
  const { eventId, text } = input;
  return db.transaction(async (tx) => {
    const unstorable = unstorableLines(text);
    if (unstorable.length) throw new ImportRejectedError(unstorable);
    let records: string[][];
    try {
      records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
    } catch (error) {
      throw new ImportRejectedError([
        { line: 1, message: `The file is not valid CSV: ${(error as Error).message}` },
      ]);
    }
    const [header, ...rows] = records;
    const names = (header ?? []).map((h) => h.toLowerCase().replace(/\s+/g, ' ').trim());
    const twice = [...new Set(names.filter((name, i) => name && names.indexOf(name) !== i))];
    if (twice.length)
      throw new ImportRejectedError(
        twice.map((name) => ({ line: 1, message: `The header has the "${name}" column twice: keep one` })),
      );
    const emailAt = names.findIndex((n) => emailColumns.includes(n));
    const groupAt = names.findIndex((n) => groupColumns.includes(n));
    if (emailAt < 0)
      throw new ImportRejectedError([
        { line: 1, message: 'The header has no email column (for example "User Email")' },
      ]);
    if (!rows.length)
      throw new ImportRejectedError([{ line: 2, message: 'The file has a header but no rows' }]);
    const { rows: seats } = await tx.execute<{ id: number; email: string; status: PlaceStatus }>(sql`
    SELECT p.id, lower(pe.email) AS email, p.status FROM event_places p JOIN people pe ON pe.id = p.person_id
    WHERE p.event_id = ${eventId}`);
    const byEmail = new Map(seats.map((s) => [s.email, s]));
    const problems: RowProblem[] = [];
    const attended = new Map<number, number | null>();
    const find = (email: string, line: number) => {
      const seat = byEmail.get(email.toLowerCase());
      if (!email) problems.push({ line, message: 'The email is empty' });
      else if (!seat) problems.push({ line, message: `${email} has no place at this event` });
      else if (!holdsSeat(seat.status))
        problems.push({ line, message: `${email} has no confirmed place (${seat.status})` });
      else return seat;
      return null;
    };
    rows.forEach((row, i) => {
      const line = i + 2;
      const seat = find(row[emailAt] ?? '', line);
      if (!seat) return;
      if (!attended.has(seat.id)) attended.set(seat.id, null);
      const group =
        groupAt >= 0
          ? (row[groupAt] ?? '')
              .split(/[;,]/)
              .map((e) => e.trim())
              .filter(Boolean)
          : [];
      for (const email of group) {
        const member = find(email, line);
        if (member && member.id !== seat.id) attended.set(member.id, seat.id);
      }
    });
    if (problems.length) throw new ImportRejectedError(problems);
    const { changed } = await markIn(tx, actor, {
      eventId,
      entries: [...attended].map(([placeId, via]) => ({
        placeId,
        status: 'attended' as const,
        joinedViaPlaceId: via,
      })),
      source: 'import',
    });
    return { attended: attended.size, changed };
  });
}
