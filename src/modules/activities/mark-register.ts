import { sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import { type Executor, transactionRetried } from '../../platform/database.ts';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { readRegister } from './get-register.ts';
import { checkRegister, type RegisterEntry } from './register-rules.ts';
import { attendanceMarks } from './schema.ts';

/** The register field of an enrolment: its status radios and its "joined on the connection of" select. */
export const statusField = (enrolmentId: number) => `status-${enrolmentId}`;
export const joinedViaField = (enrolmentId: number) => `joinedVia-${enrolmentId}`;

/**
 * Sets every enrolled participant's mark for a session in one transaction, tried again if PostgreSQL
 * rolls it back to break a deadlock (`transactionRetried`). Marking the same register again changes
 * nothing and records no event.
 */
export async function markRegister(
  db: Executor,
  actor: Actor,
  input: MarkRegisterInput,
): Promise<MarkedRegister> {
  return transactionRetried(db, (tx) => markIn(tx, actor, input));
}

export interface MarkRegisterInput {
  activityId: number;
  sessionId: number;
  /** A mark (or none) for each enrolled participant, as the form gave them. */
  entries: RegisterEntry[];
}

export interface MarkedRegister {
  /** How many marks changed (none: nothing was written). */
  changed: number;
  present: number;
  marked: number;
}

async function markIn(tx: Executor, actor: Actor, input: MarkRegisterInput): Promise<MarkedRegister> {
  const { activityId, sessionId, entries } = input;
  const { loaded, rows } = await readRegister(tx, activityId, sessionId);
  if (loaded.activity.status === 'cancelled') {
    throw new ConflictError('The activity is cancelled: its registers cannot be taken');
  }
  const { marks, problems } = checkRegister(
    rows.map((r) => ({ id: r.enrolmentId, name: r.name })),
    entries,
  );
  if (problems.length) {
    throw new ValidationError(
      problems.map((p) => ({ field: statusField(p.enrolmentId), message: p.message })),
    );
  }
  const before = new Map(rows.map((r) => [r.enrolmentId, r]));
  const changed = marks.filter((m) => {
    const old = before.get(m.enrolmentId);
    return old?.status !== m.status || (old?.joinedViaEnrolmentId ?? null) !== m.joinedViaEnrolmentId;
  });
  if (changed.length) {
    // Every changed mark in one statement, in order of enrolment: the reports' counts are worked out
    // again once for the register (their triggers run per statement), and two registers saved at once
    // take the rows they share in the same order.
    await tx
      .insert(attendanceMarks)
      .values(
        [...changed]
          .sort((a, b) => a.enrolmentId - b.enrolmentId)
          .map((m) => ({
            sessionId,
            enrolmentId: m.enrolmentId,
            status: m.status,
            joinedViaEnrolmentId: m.joinedViaEnrolmentId,
            markedByPersonId: actor.personId,
          })),
      )
      .onConflictDoUpdate({
        target: [attendanceMarks.sessionId, attendanceMarks.enrolmentId],
        set: {
          status: sql`excluded.status`,
          joinedViaEnrolmentId: sql`excluded.joined_via_enrolment_id`,
          markedByPersonId: sql`excluded.marked_by_person_id`,
          markedAt: sql`now()`,
        },
      });
  }
  if (changed.length) {
    await recordEvent(tx, actor, {
      action: 'activity.register_marked',
      subjectType: 'activity_session',
      subjectId: sessionId,
      hubId: loaded.activity.hubId,
      changes: {
        activityId,
        marks: Object.fromEntries(
          changed.map((m) => [
            m.enrolmentId,
            [
              before.get(m.enrolmentId)?.status ?? null,
              m.joinedViaEnrolmentId ? `${m.status} (joined via ${m.joinedViaEnrolmentId})` : m.status,
            ],
          ]),
        ),
      },
    });
  }
  const present = marks.filter((m) => m.status === 'present').length;
  return { changed: changed.length, present, marked: marks.length };
}

/** Reads a register form's fields into entries. */
export function registerEntriesFrom(body: Record<string, unknown>, enrolmentIds: number[]): RegisterEntry[] {
  return enrolmentIds.map((id) => {
    const status = body[statusField(id)];
    const via = body[joinedViaField(id)];
    const viaId = typeof via === 'string' && /^\d+$/.test(via) ? Number(via) : null;
    return {
      enrolmentId: id,
      status: typeof status === 'string' && status ? status : null,
      joinedViaEnrolmentId: viaId,
    };
  });
}
