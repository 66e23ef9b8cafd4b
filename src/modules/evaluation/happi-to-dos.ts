import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf, todayInEngland } from '../../platform/dates.ts';
import { paths } from '../../platform/paths.ts';
import { hubIdsOf, type Principal } from '../../platform/principal.ts';
import { activityLeads, hubActivities } from '../activities/schema.ts';
import { happiDeadlines, noticeFor } from './happi-rules.ts';
import { happiForms } from './happi-schema.ts';

export interface HappiToDo {
  kind: 'happi_to_write' | 'happi_to_review';
  count: number;
  text: string;
  href: string;
}

/**
 * The HAPPI forms on a person's to-do list: those of this year's activities they lead whose section is
 * due within the reminder days or overdue (the reminders' rule, `noticeFor`), or returned to them (any year), and, for hub leadership,
 * their hubs' forms submitted for review.
 */
export async function happiToDos(
  db: Executor,
  principal: Principal,
  today = todayInEngland(),
): Promise<HappiToDo[]> {
  const yearCode = academicYearOf(today);
  const due = happiDeadlines(yearCode);
  const planDue = noticeFor(due.plan, today) !== null;
  const impactDue = noticeFor(due.impact, today) !== null;
  const hubs = hubIdsOf(principal, 'hub_leadership');
  const hubList = hubs.length
    ? sql.join(
        hubs.map((id) => sql`${id}`),
        sql`, `,
      )
    : sql`NULL`;
  const { rows } = await db.execute<{
    toWrite: number;
    writeFirst: number | null;
    toReview: number;
    reviewFirst: number | null;
  }>(sql`
    WITH mine AS (
      SELECT a.id FROM ${activityLeads} l JOIN ${hubActivities} a ON a.id = l.activity_id
      LEFT JOIN ${happiForms} f ON f.activity_id = a.id
      WHERE l.person_id = ${principal.personId} AND a.status IN ('planned', 'running')
        AND (f.status = 'returned' OR (a.year_code = ${yearCode}
          AND ((${sql.raw(String(planDue))} AND (f.id IS NULL OR (f.section = 'plan' AND f.status <> 'submitted')))
            OR (${sql.raw(String(impactDue))}
              AND (f.id IS NULL OR NOT (f.section = 'impact' AND f.status IN ('submitted', 'accepted')))))))
    ),
    waiting AS (
      SELECT f.activity_id AS id FROM ${happiForms} f WHERE f.status = 'submitted' AND f.hub_id IN (${hubList})
    )
    SELECT (SELECT count(*)::int FROM mine) AS "toWrite", (SELECT min(id) FROM mine) AS "writeFirst",
      (SELECT count(*)::int FROM waiting) AS "toReview", (SELECT min(id) FROM waiting) AS "reviewFirst"`);
  const r = rows[0];
  if (!r) return [];
  const toDos: HappiToDo[] = [
    {
      kind: 'happi_to_write',
      count: Number(r.toWrite),
      text: Number(r.toWrite) === 1 ? 'HAPPI form to write' : 'HAPPI forms to write',
      href: Number(r.toWrite) === 1 ? paths.evaluation.happi.form(Number(r.writeFirst)) : paths.my.activities,
    },
    {
      kind: 'happi_to_review',
      count: Number(r.toReview),
      text: Number(r.toReview) === 1 ? 'HAPPI form to review' : 'HAPPI forms to review',
      href:
        Number(r.toReview) === 1
          ? paths.evaluation.happi.form(Number(r.reviewFirst))
          : paths.evaluation.happi.list,
    },
  ];
  return toDos.filter((t) => t.count > 0);
}
