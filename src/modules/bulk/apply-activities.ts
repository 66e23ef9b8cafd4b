import type pg from 'pg';
import type { ActivityKind } from '../activities/schema.ts';
import { type Applied, stage, upsertCounted } from './delivery-staging.ts';

/** The title of an activity's lead, by the activity's kind. */
const leadTitles: Record<ActivityKind, string> = {
  work_group: 'Work Group Lead',
  programme_cohort: 'Cohort Lead',
  community: 'Community Lead',
  targeted_support: 'Intensive Support Partner',
};

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const caseOf = (column: string, names: Record<string, string>) =>
  `CASE ${column} ${Object.entries(names)
    .map(([code, name]) => `WHEN ${sqlText(code)} THEN ${sqlText(name)}`)
    .join(' ')} END`;

/** Upserts the staged activities (delivery-staging.ts) in one statement, and adds the leads the rows name. */
export async function applyActivities(client: pg.PoolClient): Promise<Applied> {
  const done = await upsertCounted(
    client,
    `INSERT INTO hub_activities AS a (hub_id, ncp_id, year_code, reference, kind, title, status, starts_on, ends_on)
     SELECT hub_id, ncp_id, year, reference, kind, title, status, starts_on, ends_on FROM ${stage}
     ON CONFLICT (hub_id, year_code, reference) DO UPDATE SET ncp_id = EXCLUDED.ncp_id, kind = EXCLUDED.kind,
       title = EXCLUDED.title, status = EXCLUDED.status, starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       updated_at = now()
     WHERE (a.ncp_id, a.kind, a.title, a.status, a.starts_on, a.ends_on)
       IS DISTINCT FROM (EXCLUDED.ncp_id, EXCLUDED.kind, EXCLUDED.title, EXCLUDED.status, EXCLUDED.starts_on, EXCLUDED.ends_on)`,
    'id',
    [],
    true,
  );
  const leads = await client.query(
    `INSERT INTO activity_leads (activity_id, person_id, title)
     SELECT a.id, s.lead_id, ${caseOf('s.kind', leadTitles)} FROM ${stage} s
     JOIN hub_activities a ON a.hub_id = s.hub_id AND a.year_code = s.year AND a.reference = s.reference
     WHERE s.lead_id IS NOT NULL
     ON CONFLICT (activity_id, person_id) DO NOTHING`,
  );
  return {
    added: done.added,
    updated: done.updated,
    changedIds: done.ids,
    addedIds: done.added_ids,
    alsoAdded: { leads: leads.rowCount ?? 0 },
  };
}
