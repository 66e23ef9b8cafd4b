import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { Column } from '../../platform/exports.ts';
import type { HubScope } from '../../platform/hub-scope.ts';
import { activityLeads, hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { hubs } from '../hubs/schema.ts';
import { people } from '../people/schema.ts';
import {
  type HappiState,
  happiDeadlines,
  lensNames,
  methodNames,
  stateName,
  stateOf,
} from './happi-rules.ts';
import {
  type HappiOutcome,
  type HappiSection,
  type HappiStatus,
  happiEntries,
  happiForms,
} from './happi-schema.ts';

/** The HAPPI forms of a year's activities within a hub scope: the national team's and the hubs' list. */

export interface HappiListRow {
  activityId: number;
  activityTitle: string;
  hubId: number;
  hubSlug: string;
  hubName: string;
  ncpCode: string;
  ncpTitle: string;
  leads: string | null;
  state: HappiState;
  stateName: string;
  outcomes: HappiOutcome[];
  methods: string[];
  methodsNotes: string | null;
  progressCount: number;
  planSubmittedAt: Date | null;
  impactSubmittedAt: Date | null;
  reviewedAt: Date | null;
  updatedAt: Date | null;
}

/** Every activity of the year in the scope (cancelled ones aside), with its form's state (or none). */
export async function listHappiForms(
  db: Executor,
  input: { scope: HubScope; yearCode: string },
): Promise<HappiListRow[]> {
  const { scope } = input;
  const scoped =
    scope.kind === 'all'
      ? sql`true`
      : scope.kind === 'hubs' && scope.hubIds.length
        ? sql`a.hub_id IN (${sql.join(
            scope.hubIds.map((id) => sql`${id}`),
            sql`, `,
          )})`
        : sql`false`;
  const rows = await db.execute<{
    activityId: number;
    activityTitle: string;
    hubId: number;
    hubSlug: string;
    hubName: string;
    ncpCode: string;
    ncpTitle: string;
    leads: string | null;
    section: HappiSection | null;
    status: HappiStatus | null;
    outcomes: HappiOutcome[] | null;
    methods: string[] | null;
    methodsNotes: string | null;
    progressCount: number;
    planSubmittedAt: string | null;
    impactSubmittedAt: string | null;
    reviewedAt: string | null;
    updatedAt: string | null;
  }>(sql`
    SELECT a.id AS "activityId", a.title AS "activityTitle", h.id AS "hubId", h.slug AS "hubSlug",
      h.name AS "hubName", n.code AS "ncpCode", n.title AS "ncpTitle",
      (SELECT string_agg(p.given_name || ' ' || p.family_name, ', ' ORDER BY p.family_name, p.given_name)
         FROM ${activityLeads} l JOIN ${people} p ON p.id = l.person_id WHERE l.activity_id = a.id) AS leads,
      f.section, f.status, f.outcomes, f.methods, f.methods_notes AS "methodsNotes",
      (SELECT count(*)::int FROM ${happiEntries} e WHERE e.form_id = f.id AND e.kind = 'progress') AS "progressCount",
      f.plan_submitted_at AS "planSubmittedAt", f.impact_submitted_at AS "impactSubmittedAt",
      f.reviewed_at AS "reviewedAt", f.updated_at AS "updatedAt"
    FROM ${hubActivities} a
    JOIN ${hubs} h ON h.id = a.hub_id
    JOIN ${ncps} n ON n.id = a.ncp_id
    LEFT JOIN ${happiForms} f ON f.activity_id = a.id
    WHERE a.year_code = ${input.yearCode} AND a.status <> 'cancelled' AND ${scoped}
    ORDER BY h.name, n.code, a.title, a.id`);
  const date = (v: string | null) => (v ? new Date(v) : null);
  return rows.rows.map((r) => {
    const state = stateOf(r.section && r.status ? { section: r.section, status: r.status } : null);
    return {
      ...r,
      state,
      stateName: stateName(state),
      outcomes: r.outcomes ?? [],
      methods: r.methods ?? [],
      planSubmittedAt: date(r.planSubmittedAt),
      impactSubmittedAt: date(r.impactSubmittedAt),
      reviewedAt: date(r.reviewedAt),
      updatedAt: date(r.updatedAt),
    };
  });
}

const outcomesText = (r: HappiListRow, lens: 'pupils' | 'practice') =>
  r.outcomes
    .filter((o) => o.lens === lens)
    .map((o) => `- ${o.text}`)
    .join('\n');

const evidenceText = (r: HappiListRow) =>
  r.outcomes
    .filter((o) => o.evidence || o.links.length)
    .map((o) => `${o.text}: ${o.evidence}${o.links.length ? ` (${o.links.join(', ')})` : ''}`)
    .join('\n');

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** The columns of the list's CSV and Excel downloads: one row per activity, the form in full. */
export function happiColumns(yearCode: string): Column<HappiListRow>[] {
  const due = happiDeadlines(yearCode);
  return [
    { header: 'Maths Hub', value: (r) => r.hubName },
    { header: 'NCP', value: (r) => r.ncpCode },
    { header: 'NCP title', value: (r) => r.ncpTitle },
    { header: 'Activity', value: (r) => r.activityTitle },
    { header: 'Activity id', value: (r) => r.activityId },
    { header: 'Leads', value: (r) => r.leads },
    { header: 'State', value: (r) => r.stateName },
    { header: 'Plan due', value: () => due.plan },
    { header: 'Plan submitted', value: (r) => day(r.planSubmittedAt) },
    { header: 'Impact due', value: () => due.impact },
    { header: 'Impact submitted', value: (r) => day(r.impactSubmittedAt) },
    { header: 'Last reviewed', value: (r) => day(r.reviewedAt) },
    { header: lensNames.pupils, value: (r) => outcomesText(r, 'pupils') },
    { header: lensNames.practice, value: (r) => outcomesText(r, 'practice') },
    {
      header: 'Data collection methods',
      value: (r) => r.methods.map((m) => methodNames[m as keyof typeof methodNames] ?? m).join(', '),
    },
    { header: 'Notes on data collection', value: (r) => r.methodsNotes },
    { header: 'Progress updates', value: (r) => r.progressCount },
    { header: 'Evidence of impact', value: (r) => evidenceText(r) },
  ];
}
