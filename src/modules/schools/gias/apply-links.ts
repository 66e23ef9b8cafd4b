import type pg from 'pg';
import {
  type Actor,
  actionSql,
  EVENT_LOG_COLUMNS,
  payloadSql,
  subjectTypeSql,
} from '../../../platform/audit.ts';

/** The temporary table the links are copied into before they are applied. */
export const linksStaging = 'gias_links';

/**
 * Applies the staged links to the register in one statement: adds new links, updates the name and date of
 * links that changed, and logs one event per added or changed link against the school it belongs to.
 * Links are kept whether or not the linked URNs are in the register (a predecessor may have closed
 * before the register began), and none is removed: a link is history.
 */
export async function applyLinks(
  client: pg.PoolClient,
  actor: Actor,
): Promise<{ added: number; updated: number }> {
  const result = await client.query<{ added: number; updated: number }>(
    `WITH changed AS (
       SELECT s.urn, s.linked_urn, s.link_type,
              CASE WHEN held.link_name IS DISTINCT FROM s.link_name
                THEN jsonb_build_object('linkName', jsonb_build_array(held.link_name, s.link_name)) ELSE '{}'::jsonb END ||
              CASE WHEN held.established_on IS DISTINCT FROM s.established_on
                THEN jsonb_build_object('establishedOn', jsonb_build_array(held.established_on, s.established_on))
                ELSE '{}'::jsonb END AS changes
       FROM ${linksStaging} s
       JOIN school_links held USING (urn, linked_urn, link_type)
       WHERE (held.link_name, held.established_on) IS DISTINCT FROM (s.link_name, s.established_on)
     ),
     written AS (
       INSERT INTO school_links AS held (urn, linked_urn, link_name, link_type, established_on)
       SELECT urn, linked_urn, link_name, link_type, established_on FROM ${linksStaging}
       ON CONFLICT (urn, linked_urn, link_type) DO UPDATE
         SET link_name = excluded.link_name, established_on = excluded.established_on
       WHERE (held.link_name, held.established_on) IS DISTINCT FROM (excluded.link_name, excluded.established_on)
       RETURNING held.urn, held.linked_urn, held.link_type
     ),
     logged AS (
       INSERT INTO event_log (${EVENT_LOG_COLUMNS})
       SELECT $1::integer, $2::text,
              ${actionSql([['c.urn IS NULL', 'school.link_added']], 'school.link_updated')},
              ${subjectTypeSql('school.link_added')}, w.urn::text, NULL::integer,
              ${payloadSql('school.link_added', {
                linkedUrn:
                  'jsonb_build_array(CASE WHEN c.urn IS NOT NULL THEN w.linked_urn END, w.linked_urn)',
                linkType: 'jsonb_build_array(CASE WHEN c.urn IS NOT NULL THEN w.link_type END, w.link_type)',
              })} ||
              COALESCE(c.changes, ${payloadSql('school.link_added', {
                linkName: 'jsonb_build_array(NULL, s.link_name)',
                establishedOn: 'jsonb_build_array(NULL, s.established_on)',
              })})
       FROM written w
       JOIN ${linksStaging} s USING (urn, linked_urn, link_type)
       LEFT JOIN changed c USING (urn, linked_urn, link_type)
       RETURNING action
     )
     SELECT count(*) FILTER (WHERE action = 'school.link_added')::integer AS added,
            count(*) FILTER (WHERE action = 'school.link_updated')::integer AS updated
     FROM logged`,
    [actor.personId, actor.label],
  );
  return result.rows[0]!;
}
