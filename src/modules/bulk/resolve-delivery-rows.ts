/** The delivery importer's first checks (import-delivery.ts): what each row names, and rows named twice. */
import type pg from 'pg';
import type { RowProblem } from '../../platform/errors.ts';
import type { ImportScope, Resolved } from './delivery-staging.ts';
import type { DeliveryKind, RowsOf } from './formats.ts';

/**
 * The hub and, for enrolments and attendance, the activity each row names, found with one query each for
 * the file's few distinct values; problems where they are missing or not the importer's, or where the
 * row's year's catalogue is still a draft (no delivery under it until it is published). Rows refused here
 * go no further, so that they raise no other problems (nor say what another hub has).
 */
export async function resolveHubAndActivity<R extends RowsOf[DeliveryKind]>(
  client: pg.PoolClient,
  kind: DeliveryKind,
  scope: ImportScope,
  rows: R[],
  problems: RowProblem[],
): Promise<Resolved<R>[]> {
  const slugs = [...new Set(rows.map((r) => r.hub))];
  const hubIds = new Map(
    (
      await client.query<{ id: number; slug: string }>(
        'SELECT id, slug FROM hubs WHERE slug = ANY($1::text[])',
        [slugs],
      )
    ).rows.map((h) => [h.slug, h.id]),
  );
  const allowed = scope.allHubs ? null : new Set(scope.hubIds);
  const drafts = await draftYearsOf(client, [...new Set(rows.map((r) => r.year))]);
  const inScope: Resolved<R>[] = [];
  for (const row of rows) {
    const hubId = hubIds.get(row.hub);
    if (hubId === undefined) {
      problems.push({
        line: row.line,
        message: `Hub ‘${row.hub}’ is not a Maths Hub: use the hub’s short name, as in its address on the platform`,
      });
    } else if (allowed && !allowed.has(hubId)) {
      problems.push({
        line: row.line,
        message: `Hub ‘${row.hub}’ is not your hub: you may import only your own hub’s records`,
      });
    } else if (drafts.has(row.year)) {
      // The planning page's rule (activities/plan-activity.ts): a draft catalogue is the national team's.
      problems.push({
        line: row.line,
        message: `The ${row.year} catalogue has not been published yet: its delivery can be imported once the NCETM publishes it`,
      });
    } else {
      // The parsed rows are this import's own: each gains its ids in place (no copy of 60,000 rows).
      const found = row as Resolved<R>;
      found.hubId = hubId;
      found.activityId = null;
      inScope.push(found);
    }
  }
  if (kind === 'activities') return inScope;
  const key = (hubId: number, year: string, reference: string) => `${hubId}\t${year}\t${reference}`;
  const wanted = [...new Map(inScope.map((r) => [key(r.hubId, r.year, r.reference), r])).values()];
  const { rows: found } = await client.query<{
    id: number;
    hub_id: number;
    year_code: string;
    reference: string;
  }>(
    `SELECT a.id, a.hub_id, a.year_code, a.reference FROM hub_activities a
     JOIN unnest($1::int[], $2::text[], $3::text[]) AS w(hub_id, year_code, reference)
       ON a.hub_id = w.hub_id AND a.year_code = w.year_code AND a.reference = w.reference`,
    [wanted.map((r) => r.hubId), wanted.map((r) => r.year), wanted.map((r) => r.reference)],
  );
  const activityIds = new Map(found.map((a) => [key(a.hub_id, a.year_code, a.reference), a.id]));
  const resolved: Resolved<R>[] = [];
  for (const row of inScope) {
    const activityId = activityIds.get(key(row.hubId, row.year, row.reference));
    if (activityId === undefined) {
      problems.push({
        line: row.line,
        message: `Activity reference ‘${row.reference}’ is not an activity of ${row.hub} in ${row.year}: import it in an activities file first`,
      });
    } else {
      row.activityId = activityId;
      resolved.push(row);
    }
  }
  return resolved;
}

/** Rows that repeat an earlier row's key: each row may appear once. */
function duplicates<R extends { line: number }>(
  rows: R[],
  keyOf: (row: R) => string,
  what: string,
): RowProblem[] {
  const first = new Map<string, number>();
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const key = keyOf(row);
    const line = first.get(key);
    if (line === undefined) first.set(key, row.line);
    else
      problems.push({
        line: row.line,
        message: `${what} is also on line ${line}: each may appear once in a file`,
      });
  }
  return problems;
}

export const duplicateChecks: { [K in DeliveryKind]: (rows: RowsOf[K][]) => RowProblem[] } = {
  activities: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}`,
      'The activity reference for this hub and year',
    ),
  enrolments: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}\t${r.email}`,
      'This participant’s enrolment in the activity',
    ),
  attendance: (rows) =>
    duplicates(
      rows,
      (r) => `${r.hub}\t${r.year}\t${r.reference}\t${r.sessionDate}\t${r.email}`,
      'This participant’s mark for the activity’s session on this date',
    ),
};

/**
 * Of the file's years, those whose catalogue is still a draft (catalogue/publication.ts: a
 * `catalogue_years` row not yet published), in one query.
 */
async function draftYearsOf(client: pg.PoolClient, years: string[]): Promise<Set<string>> {
  const { rows } = await client.query<{ year_code: string }>(
    'SELECT year_code FROM catalogue_years WHERE published_at IS NULL AND year_code = ANY($1::text[])',
    [years],
  );
  return new Set(rows.map((r) => r.year_code));
}
