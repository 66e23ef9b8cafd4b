import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type { Executor } from '../../platform/database.ts';
import { academicYearOf } from '../../platform/dates.ts';
import * as schema from '../../schema.ts';
import { codeForYear } from '../catalogue/catalogue-file.ts';
import { addDays } from '../demo/demo-dates.ts';
import type { DemoYears } from '../demo/demo-delivery.ts';
import { SHOWCASE_HUB } from '../demo/demo-network.ts';
import type { GrantRule, GrantRulesFile } from './grant-rules.ts';
import { grantRuleSets } from './schema.ts';
import { shippedRules } from './shipped-rules.ts';

/**
 * Demonstration grant rules for a later year: no specification after 2019/20 is shipped with its
 * finances, so the demonstration copies 2019/20's rules forward to the NCP of the same strand; an NCP
 * with no 2019/20 counterpart gets the commonest 2019/20 rule of its type (£4,200 a Work Group, £3,500
 * a programme with an average of 15 participants and no charging, £3,500 a community). Programmes also
 * carry 2019/20's MHNF day rates (PCT £400, Cohort Lead £350) and travel, so that demo claims can be made.
 * Demonstration data only: not the NCETM's rules for those years.
 */
export function demoRulesFor(
  year: string,
  catalogue: readonly { code: string; strand: string | null; type: string }[],
  base: GrantRulesFile,
  baseStrands: ReadonlyMap<string, string>,
): GrantRulesFile {
  const byStrand = new Map<string, GrantRule[]>();
  for (const n of base.ncps) {
    const strand = baseStrands.get(n.code);
    if (strand && !byStrand.has(strand)) byStrand.set(strand, n.rules);
  }
  const claimable: GrantRule[] = [
    {
      kind: 'day_rate',
      role: 'pct',
      label: 'Project Co-ordination Team members, a day',
      ratePence: 40_000,
      source: 'mhnf',
    },
    {
      kind: 'day_rate',
      role: 'cohort_lead',
      label: 'Cohort Leads, a day',
      ratePence: 35_000,
      source: 'mhnf',
    },
    { kind: 'travel_claimable', label: 'Travel to national workshops', source: 'mhnf' },
  ];
  const fallback = (type: string): GrantRule[] =>
    type === 'work_group'
      ? [
          {
            kind: 'unit_grant',
            label: 'Unit grant for each Work Group the hub leads',
            amountPence: 420_000,
            source: 'maths_hub',
          },
        ]
      : type === 'programme'
        ? [
            {
              kind: 'unit_grant',
              label: 'Unit grant for each programme the hub runs',
              amountPence: 350_000,
              source: 'maths_hub',
            },
            { kind: 'average_participants', atLeast: 15 },
            { kind: 'no_charging', label: 'Hubs may not charge participants for these programmes' },
          ]
        : type === 'community'
          ? [
              {
                kind: 'fixed_per_hub',
                label: 'Unit grant for the community',
                amountPence: 350_000,
                source: 'maths_hub',
              },
            ]
          : type === 'intensive_support'
            ? [
                {
                  kind: 'unit_grant',
                  label:
                    'Release time for the school’s leaders to work with the Intensive Support Partner, for each partnership',
                  amountPence: 120_000,
                  source: 'dfe',
                },
              ]
            : [];
  return {
    year,
    source: `Demonstration only: the 2019/20 rules copied forward to ${year} by strand`,
    ncps: catalogue.map((n) => {
      const rules = (n.strand && byStrand.get(n.strand)) || fallback(n.type);
      const withClaims =
        n.type === 'programme'
          ? [...rules.filter((r) => r.kind !== 'day_rate' && r.kind !== 'travel_claimable'), ...claimable]
          : rules;
      return { code: n.code, rules: withClaims };
    }),
  };
}

/** Stores a rules file as it is (the demonstration is one event, `demo.loaded`, not one per rule set). */
async function storeRules(db: Executor, file: GrantRulesFile): Promise<void> {
  await db
    .insert(grantRuleSets)
    .values(file.ncps.map((n) => ({ yearCode: file.year, ncpCode: n.code, rules: n.rules })))
    .onConflictDoNothing();
}

/**
 * The demonstration's grant rules (2019/20 as shipped, each year of the delivery copied forward, today's
 * too) and a few claims of the showcase hub in every state, made in the last month (in the academic
 * year of six weeks ago, so that a claim is never dated before its year). Like the rest of the
 * demonstration, recorded by the one `demo.loaded` event (a demo claim's page shows its dates, not a
 * history of events).
 */
export async function loadDemoFunding(client: pg.PoolClient, { years, today }: DemoYears): Promise<void> {
  const db = drizzle(client, { schema }) as unknown as Executor;
  const base = shippedRules('2019/20');
  const { rows: baseNcps } = await client.query<{ code: string; strand: string | null }>(
    `SELECT code, strand FROM ncps WHERE year_code = '2019/20'`,
  );
  await storeRules(db, base);
  const strands = new Map(baseNcps.filter((n) => n.strand).map((n) => [n.code, n.strand!]));
  for (const year of years) {
    const { rows } = await client.query<{ code: string; strand: string | null; type: string }>(
      'SELECT code, strand, type FROM ncps WHERE year_code = $1 ORDER BY code',
      [year],
    );
    if (rows.length) await storeRules(db, demoRulesFor(year, rows, base, strands));
  }
  const { rows: hubRows } = await client.query<{ id: number }>('SELECT id FROM hubs WHERE slug = $1', [
    SHOWCASE_HUB,
  ]);
  const hubId = hubRows[0]?.id;
  if (!hubId) return;
  const claimYear = academicYearOf(addDays(today, -42));
  const [submitted, decided, paid] = [-28, -20, -12].map((d) => `${addDays(today, d)}T10:00:00Z`);
  const claims = [
    {
      ncp: 'NCP23-26',
      kind: 'day_rate',
      role: 'pct',
      name: 'Demo PCT Member',
      days: 3,
      status: 'submitted',
      description: 'PCT planning days for the spring national workshop',
    },
    {
      ncp: 'NCP23-26',
      kind: 'day_rate',
      role: 'cohort_lead',
      name: 'Demo Cohort Lead',
      days: 2,
      status: 'approved',
      description: 'Cohort Lead days for cohort 1',
    },
    {
      ncp: 'NCP23-01',
      kind: 'travel',
      role: null,
      name: 'Demo Mastery Specialist',
      pence: 8_640,
      status: 'paid',
      description: 'Rail fare to the second residential',
    },
    {
      ncp: 'NCP23-01',
      kind: 'travel',
      role: null,
      name: 'Demo Mastery Specialist',
      pence: 25_000,
      status: 'rejected',
      description: 'Hotel for the launch',
      reason: 'Accommodation is booked centrally',
    },
  ] as const;
  for (const c of claims) {
    const rate = c.kind === 'day_rate' ? (c.role === 'pct' ? 40_000 : 35_000) : null;
    const amount = c.kind === 'day_rate' ? rate! * c.days : c.pence;
    await client.query(
      `INSERT INTO funding_claims (hub_id, year_code, ncp_code, kind, role, claimant_name, days, rate_pence, amount_pence,
         description, status, reason, submitted_at, decided_at, paid_at)
       VALUES ($1, $12, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13,
         CASE WHEN $10 <> 'submitted' THEN $14::timestamptz END,
         CASE WHEN $10 = 'paid' THEN $15::timestamptz END)
`,
      [
        hubId,
        codeForYear(c.ncp, '2023/24', claimYear),
        c.kind,
        c.role,
        c.name,
        c.kind === 'day_rate' ? c.days : null,
        rate,
        amount,
        c.description,
        c.status,
        'reason' in c ? c.reason : null,
        claimYear,
        submitted,
        decided,
        paid,
      ],
    );
  }
}
