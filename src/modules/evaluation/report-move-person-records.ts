import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

/**
 * Merging duplicate people (registration/merge-people.ts): B's co-authorships of evaluation reports and
 * the actions B owns become A's; a report both co-wrote names A once.
 */
export async function moveReportRecords(
  tx: Executor,
  b: number,
  a: number,
): Promise<{ reportCoauthorshipsMoved: number; reportActionsMoved: number }> {
  await tx.execute(sql`DELETE FROM evaluation_report_coauthors c WHERE c.person_id = ${b}
    AND EXISTS (SELECT 1 FROM evaluation_report_coauthors k WHERE k.report_id = c.report_id AND k.person_id = ${a})`);
  const coauthors = await tx.execute(
    sql`UPDATE evaluation_report_coauthors SET person_id = ${a} WHERE person_id = ${b}`,
  );
  const actions = await tx.execute(
    sql`UPDATE evaluation_report_actions SET owner_person_id = ${a} WHERE owner_person_id = ${b}`,
  );
  return { reportCoauthorshipsMoved: coauthors.rowCount ?? 0, reportActionsMoved: actions.rowCount ?? 0 };
}
