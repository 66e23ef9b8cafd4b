import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

export interface ReportSummary {
  reports: { draft: number; published: number };
  /** Actions of published reports by status. */
  actions: { open: number; inProgress: number; done: number };
}

/**
 * Evaluation reports of a year, for the evaluation page of a hub (`hubId`), an NCP (`ncpKey`, the NCP
 * family) or the nation (neither): how many reports are drafts and published, and how many of their
 * actions are open, in progress and done.
 */
export async function reportSummary(
  db: Executor,
  input: { hubId?: number | null; ncpKey?: string | null; yearCode: string },
): Promise<ReportSummary> {
  const where: SQL[] = [sql`r.year_code = ${input.yearCode}`];
  if (input.hubId != null) where.push(sql`r.hub_id = ${input.hubId}`);
  if (input.ncpKey != null) where.push(sql`r.ncp_key = ${input.ncpKey}`);
  const { rows } = await db.execute<Record<string, number>>(sql`
    WITH r AS (SELECT r.id, r.status FROM evaluation_reports r WHERE ${sql.join(where, sql` AND `)})
    SELECT
      (SELECT count(*)::int FROM r WHERE r.status = 'draft') AS draft,
      (SELECT count(*)::int FROM r WHERE r.status = 'published') AS published,
      count(*) FILTER (WHERE a.status = 'open')::int AS open,
      count(*) FILTER (WHERE a.status = 'in_progress')::int AS "inProgress",
      count(*) FILTER (WHERE a.status = 'done')::int AS done
    FROM r JOIN evaluation_report_actions a ON a.report_id = r.id AND r.status = 'published'`);
  const x = rows[0]!;
  return {
    reports: { draft: x.draft ?? 0, published: x.published ?? 0 },
    actions: { open: x.open ?? 0, inProgress: x.inProgress ?? 0, done: x.done ?? 0 },
  };
}
