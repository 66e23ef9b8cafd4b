import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';

export interface SurveyNcpOption {
  key: string;
  title: string;
}

/**
 * The NCPs with participant survey templates, by key, named as that year's catalogue names them
 * (`NCP23-09 Primary Teaching for Mastery Development Work Groups`), else by the template's title.
 */
export async function surveyNcpOptions(db: Executor, yearCode: string): Promise<SurveyNcpOption[]> {
  const { rows } = await db.execute<{ key: string; title: string }>(sql`
    SELECT t.ncp_key AS key,
           coalesce((SELECT n.code || ' ' || n.title FROM ncps n
                     WHERE n.year_code = ${yearCode} AND regexp_replace(n.code, '^NCP\\d\\d-', '') = t.ncp_key
                     ORDER BY n.code LIMIT 1),
                    min(t.title)) AS title
    FROM survey_templates t
    WHERE t.kind IN ('participant_early', 'participant_summer')
    GROUP BY t.ncp_key
    ORDER BY t.ncp_key`);
  return rows;
}

/** The academic years with survey invitations, newest first. */
export async function surveyYears(db: Executor): Promise<string[]> {
  const { rows } = await db.execute<{ year_code: string }>(
    sql`SELECT DISTINCT year_code FROM survey_invitations ORDER BY year_code DESC`,
  );
  return rows.map((r) => r.year_code);
}
