import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/** What moving a person's records of visits did, by id only (it goes into the event log). */
export interface VisitRecordsMoved {
  schoolVisitsMoved: number;
  schoolVisitActionsMoved: number;
}

/**
 * Merging person `from` into `to` (registration/merge-people.ts): the visits `from` made become `to`'s
 * (a visit both made is kept once), and so do the agreed actions `from` owns. Who recorded a visit is
 * history and stays (person-references.ts).
 */
export async function movePersonRecords(tx: Executor, from: number, to: number): Promise<VisitRecordsMoved> {
  await tx.execute(sql`DELETE FROM school_visit_visitors w WHERE w.person_id = ${from}
    AND EXISTS (SELECT 1 FROM school_visit_visitors k WHERE k.visit_id = w.visit_id AND k.person_id = ${to})`);
  const visits = await tx.execute(
    sql`UPDATE school_visit_visitors SET person_id = ${to} WHERE person_id = ${from}`,
  );
  const actions = await tx.execute(
    sql`UPDATE school_visit_actions SET owner_person_id = ${to} WHERE owner_person_id = ${from}`,
  );
  return { schoolVisitsMoved: visits.rowCount ?? 0, schoolVisitActionsMoved: actions.rowCount ?? 0 };
}
