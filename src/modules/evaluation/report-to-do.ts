import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { paths } from '../../platform/paths.ts';

/** The actions from published evaluation reports that a person owns and has not done (the home page's to-do). */
export async function openReportActions(
  db: Executor,
  personId: number,
): Promise<{ count: number; text: string; href: string }> {
  const { rows } = await db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM evaluation_report_actions a JOIN evaluation_reports r ON r.id = a.report_id
    WHERE a.owner_person_id = ${personId} AND a.status <> 'done' AND r.status = 'published'`);
  const count = rows[0]?.n ?? 0;
  return {
    count,
    text: `${count === 1 ? 'action' : 'actions'} from evaluation reports to follow up`,
    href: paths.evaluation.reports.actions,
  };
}
