import type pg from 'pg';
import { type Actor, actionSql, EVENT_LOG_COLUMNS, subjectTypeSql } from '../../../platform/audit.ts';
import { type RegisterColumn, registerColumns } from './register-row.ts';

/** The temporary table a batch of establishments is copied into before it is applied. */
export const establishmentsStaging = 'gias_establishments';

/**
 * What an event for an added school records: who the school is. The whole record would cost more than
 * the rest of a first import put together (51,000 schools); the school's row holds the rest, and every
 * later change is recorded in full.
 */
const addedSummary = registerColumns.filter((c) =>
  ['name', 'laCode', 'typeName', 'statusName', 'phase', 'isStateFunded'].includes(c.field),
);

const quoted = (column: string) => `"${column}"`;
const fieldName = (c: RegisterColumn) => `'${c.field}'`;

/** Open GIAS schools in the register that are not among these URNs (a file's establishments). */
export async function countOpenSchoolsNotIn(client: pg.PoolClient, urns: number[]): Promise<number> {
  const result = await client.query<{ n: number }>(
    `SELECT count(*)::integer AS n FROM schools WHERE is_open AND source = 'gias' AND urn <> ALL($1::integer[])`,
    [urns],
  );
  return result.rows[0]!.n;
}

/**
 * Applies the staged batch of establishments to the register in one statement: adds new schools, updates those that
 * differ in a column the file has, and writes one event per added or changed school with the fields
 * that changed as { field: [before, after] } (for an added school, its identifying fields). Schools the
 * file leaves as they are get no write and no event, which makes re-importing a file a no-op.
 */
export async function applyEstablishments(
  client: pg.PoolClient,
  actor: Actor,
  written: RegisterColumn[],
): Promise<{ added: number; updated: number; closed: number }> {
  const all = registerColumns.map((c) => quoted(c.column)).join(', ');
  const compare = (a: string, b: string) =>
    `(${written.map((c) => `${a}.${quoted(c.column)}`).join(', ')}, ${a}.source) IS DISTINCT FROM ` +
    `(${written.map((c) => `${b}.${quoted(c.column)}`).join(', ')}, 'gias')`;
  const changes = [
    ...written.map(
      (c) => `CASE WHEN held.${quoted(c.column)} IS DISTINCT FROM s.${quoted(c.column)}
        THEN jsonb_build_object(${fieldName(c)}, jsonb_build_array(held.${quoted(c.column)}, s.${quoted(c.column)}))
        ELSE '{}'::jsonb END`,
    ),
    `CASE WHEN held.source <> 'gias' THEN jsonb_build_object('source', jsonb_build_array(held.source, 'gias')) ELSE '{}'::jsonb END`,
  ].join(' || ');
  const added = addedSummary
    .map((c) => `${fieldName(c)}, jsonb_build_array(NULL, w.${quoted(c.column)})`)
    .join(', ');
  const result = await client.query<{ added: number; updated: number; closed: number }>(
    `WITH changed AS (
       SELECT s.urn, held.is_open AND NOT s.is_open AS closing, ${changes} AS changes
       FROM ${establishmentsStaging} s
       -- OFFSET 0 keeps this a primary-key lookup per staged row: the planner knows little of a fresh
       -- staging table and would otherwise scan the whole register for every batch.
       CROSS JOIN LATERAL (SELECT * FROM schools WHERE schools.urn = s.urn OFFSET 0) held
       WHERE ${compare('held', 's')}
     ),
     written AS (
       INSERT INTO schools AS held (${all}, source, updated_at)
       SELECT ${all}, 'gias', now() FROM ${establishmentsStaging}
       ON CONFLICT (urn) DO UPDATE SET
         ${written.map((c) => `${quoted(c.column)} = excluded.${quoted(c.column)}`).join(', ')},
         source = 'gias', updated_at = now()
       WHERE ${compare('held', 'excluded')}
       RETURNING held.urn, ${addedSummary.map((c) => `held.${quoted(c.column)}`).join(', ')}
     ),
     logged AS (
       INSERT INTO event_log (${EVENT_LOG_COLUMNS})
       SELECT $1::integer, $2::text,
              ${actionSql(
                [
                  ['c.urn IS NULL', 'school.added'],
                  ['c.closing', 'school.closed'],
                ],
                'school.updated',
              )},
              ${subjectTypeSql('school.added')}, w.urn::text, NULL::integer, COALESCE(c.changes, jsonb_build_object(${added}))
       FROM written w
       LEFT JOIN changed c ON c.urn = w.urn
       RETURNING action
     )
     SELECT count(*) FILTER (WHERE action = 'school.added')::integer AS added,
            count(*) FILTER (WHERE action <> 'school.added')::integer AS updated,
            count(*) FILTER (WHERE action = 'school.closed')::integer AS closed
     FROM logged`,
    [actor.personId, actor.label],
  );
  return result.rows[0]!;
}
