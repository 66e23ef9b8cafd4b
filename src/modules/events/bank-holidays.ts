import { asc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import type { BankHolidayRow } from './bank-holiday-file.ts';
import { bankHolidays, programmeEvents } from './schema.ts';
import { confirmationDeadline, type EventFormat } from './working-days.ts';

/** Every bank holiday in the calendar, as a set of 'YYYY-MM-DD' days. */
export async function bankHolidaySet(db: Executor): Promise<Set<string>> {
  const rows = await db.select({ date: bankHolidays.date }).from(bankHolidays);
  return new Set(rows.map((r) => r.date));
}

export const listBankHolidays = (db: Executor) =>
  db.select().from(bankHolidays).orderBy(asc(bankHolidays.date));

/**
 * Adds the days of a calendar file that the table does not hold yet (a day already there keeps its
 * title); records one event when something was added.
 */
export async function importBankHolidays(
  tx: Executor,
  actor: Actor,
  rows: BankHolidayRow[],
): Promise<{ added: number; unchanged: number }> {
  if (!rows.length) return { added: 0, unchanged: 0 };
  const added = await tx
    .insert(bankHolidays)
    .values(rows.map((r) => ({ date: r.date, title: r.title, addedByPersonId: actor.personId })))
    .onConflictDoNothing()
    .returning({ date: bankHolidays.date });
  if (added.length) {
    await recomputeDeadlines(tx, actor, 'bank holidays imported');
    await recordEvent(tx, actor, {
      action: 'bank_holidays.imported',
      subjectType: 'bank_holidays',
      subjectId: 'england-and-wales',
      changes: { added: added.map((a) => a.date).sort() },
    });
  }
  return { added: added.length, unchanged: rows.length - added.length };
}

/** Adds one day to the calendar (a new one-off bank holiday); deadlines of events to come follow it. */
export async function addBankHoliday(db: Executor, actor: Actor, row: BankHolidayRow): Promise<boolean> {
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(bankHolidays)
      .values({ ...row, addedByPersonId: actor.personId })
      .onConflictDoNothing()
      .returning({ date: bankHolidays.date });
    if (!added.length) return false;
    await recordEvent(tx, actor, {
      action: 'bank_holidays.added',
      subjectType: 'bank_holidays',
      subjectId: row.date,
      changes: { title: row.title },
    });
    await recomputeDeadlines(tx, actor, `bank holiday ${row.date} added`);
    return true;
  });
}

/**
 * Sets the confirmation deadline of every event not started yet from the calendar as it is now; each
 * moved deadline is logged against its event (`event.deadline_moved`), as a change of the calendar.
 */
export async function recomputeDeadlines(tx: Executor, actor: Actor, because: string): Promise<number> {
  const holidays = await bankHolidaySet(tx);
  const { rows } = await tx.execute<{
    id: number;
    day: string;
    format: EventFormat;
    confirm_by: string;
    hub_id: number | null;
  }>(
    sql`SELECT id, to_char(starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS day, format, confirm_by::text, hub_id
        FROM programme_events WHERE starts_at > now()`,
  );
  let changed = 0;
  for (const row of rows) {
    const deadline = confirmationDeadline(row.day, row.format, holidays);
    if (deadline === row.confirm_by) continue;
    await tx.update(programmeEvents).set({ confirmBy: deadline }).where(eq(programmeEvents.id, row.id));
    await recordEvent(tx, actor, {
      action: 'event.deadline_moved',
      subjectType: 'programme_event',
      subjectId: row.id,
      hubId: row.hub_id,
      reason: `The bank holiday calendar changed (${because})`,
      changes: { confirmBy: [row.confirm_by, deadline] },
    });
    changed++;
  }
  return changed;
}
