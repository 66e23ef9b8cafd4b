import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds, academicYearOf } from '../../platform/dates.ts';
import { hubForSchoolSql } from '../schools/search-schools.ts';
import type { PartnershipPhase, PlanItemKind, PlanPhase, ReferralSource, ReferralStatus } from './rules.ts';

/** How many hubs the demonstration gives Targeted Support records (the first by id). */
const DEMO_HUBS = 3;

const barriers = [
  'Low attainment at KS2 and a new maths lead',
  'High staff turnover; no maths lead in post',
  'Leaders’ capacity after an Ofsted inspection',
  'Fluency gaps across KS1; little shared planning time',
  'Falling attainment; leadership stretched across two sites',
];

/** What becomes of each of a hub's five referrals. */
const fates: { status: ReferralStatus; source: ReferralSource; phase?: PartnershipPhase }[] = [
  { status: 'waiting', source: 'cold_spots' },
  { status: 'waiting', source: 'school_page' },
  { status: 'enhanced', source: 'cold_spots' },
  { status: 'intensive', source: 'school_page', phase: 'plan' },
  { status: 'intensive', source: 'cold_spots', phase: 'deliver' },
];

const planOf = (phase: PartnershipPhase) => {
  const items: { phase: PlanPhase; kind: PlanItemKind; description: string; owner: string | null }[] = [
    {
      phase: 'explore',
      kind: 'priority',
      description: 'Leaders share one picture of how maths is taught across the school',
      owner: null,
    },
    {
      phase: 'explore',
      kind: 'evidence',
      description: 'Book looks and pupil voice in Years 2 and 5',
      owner: null,
    },
    {
      phase: 'plan',
      kind: 'action',
      description: 'Plan a fluency session each day in Key Stage 1',
      owner: 'Maths subject leader',
    },
  ];
  return phase === 'plan' || phase === 'deliver' ? items : items.slice(0, 2);
};

/**
 * Targeted Support in the demonstration (issue 16), in today's academic year, written directly as the
 * other demonstration loaders do (one event for the whole load): in each of the first hubs, one LLME is
 * also an Intensive Support Partner, and five schools of the hub's area taking part in nothing this year
 * are referred: two wait for a decision, one is accepted for Enhanced support, and two are partnerships
 * (one in its plan phase, one delivering), each held by a Targeted Support activity of the hub (the
 * school its one school, the ISP its lead) as the use cases make them. Run before the demonstration's
 * funding, so the hubs' statements include the partnerships. Deterministic (ids and URNs) and quick.
 */
export async function loadDemoTargetedSupport(
  tx: Executor,
  today: string,
): Promise<{ referrals: number; partnerships: number }> {
  const year = academicYearOf(today);
  const { startsOn, endsOn } = academicYearBounds(year);
  const { rows: ncps } = await tx.execute<{ id: number }>(
    sql`SELECT id FROM ncps WHERE year_code = ${year} AND type = 'intensive_support' ORDER BY code LIMIT 1`,
  );
  const ncpId = ncps[0]?.id;
  if (!ncpId) return { referrals: 0, partnerships: 0 };
  const { rows: hubs } = await tx.execute<{ id: number; isp: number | null }>(sql`
    SELECT h.id, (SELECT r.person_id FROM role_assignments r WHERE r.hub_id = h.id AND r.role = 'llme'
                    AND (r.ends_on IS NULL OR r.ends_on > ${today}) ORDER BY r.person_id LIMIT 1) AS isp
    FROM hubs h ORDER BY h.id LIMIT ${DEMO_HUBS}`);
  let referrals = 0;
  let partnerships = 0;
  for (const hub of hubs) {
    if (hub.isp === null) continue;
    await tx.execute(sql`INSERT INTO role_assignments (person_id, role, title, hub_id, starts_on)
      VALUES (${hub.isp}, 'intensive_support_partner', 'Intensive Support Partner', ${hub.id}, ${startsOn})`);
    const { rows: schools } = await tx.execute<{ urn: number; name: string }>(sql`
      SELECT s.urn, s.name FROM schools s
      WHERE s.is_open AND s.is_state_funded AND s.phase = 'primary'
        AND s.la_code IN (SELECT a.la_code FROM hub_areas a WHERE a.hub_id = ${hub.id})
        AND ${hubForSchoolSql({ laCode: sql`s.la_code`, districtCode: sql`s.district_code` })} = ${hub.id}
        AND NOT EXISTS (SELECT 1 FROM activity_schools x JOIN hub_activities a ON a.id = x.activity_id
                        WHERE x.school_urn = s.urn AND a.year_code = ${year})
      ORDER BY s.urn LIMIT ${fates.length}`);
    for (const [i, school] of schools.entries()) {
      const fate = fates[i]!;
      const decided = fate.status !== 'waiting';
      const { rows } = await tx.execute<{ id: number }>(sql`
        INSERT INTO ts_referrals (hub_id, school_urn, year_code, barriers, source, status, decision_note, decided_at)
        VALUES (${hub.id}, ${school.urn}, ${year}, ${barriers[i]!}, ${fate.source}, ${fate.status},
                ${fate.status === 'enhanced' ? 'Times tables and staff confidence' : null},
                ${decided ? sql`(${startsOn}::date + 14)::timestamptz` : null})
        RETURNING id`);
      referrals += 1;
      if (!fate.phase) continue;
      const { rows: activity } = await tx.execute<{ id: number }>(sql`
        INSERT INTO hub_activities (hub_id, ncp_id, year_code, kind, title, status, starts_on, ends_on)
        VALUES (${hub.id}, ${ncpId}, ${year}, 'targeted_support', ${`Targeted Support: ${school.name}`},
                'running', (${startsOn}::date + 14), ${endsOn})
        RETURNING id`);
      const activityId = activity[0]!.id;
      await tx.execute(sql`INSERT INTO activity_leads (activity_id, person_id, title)
        VALUES (${activityId}, ${hub.isp}, 'Intensive Support Partner')`);
      await tx.execute(
        sql`INSERT INTO activity_schools (activity_id, school_urn) VALUES (${activityId}, ${school.urn})`,
      );
      const { rows: made } = await tx.execute<{ id: number }>(sql`
        INSERT INTO ts_partnerships (referral_id, hub_id, school_urn, year_code, isp_person_id, isp_credentials,
                                     school_leaders, activity_id, phase, started_on)
        VALUES (${rows[0]!.id}, ${hub.id}, ${school.urn}, ${year}, ${hub.isp},
                'NCETM-accredited primary Mastery Specialist; former deputy head teacher',
                'Head teacher; maths subject leader', ${activityId}, ${fate.phase}, (${startsOn}::date + 14))
        RETURNING id`);
      for (const item of planOf(fate.phase))
        await tx.execute(sql`INSERT INTO ts_plan_items (partnership_id, phase, kind, description, owner, due_on)
          VALUES (${made[0]!.id}, ${item.phase}, ${item.kind}, ${item.description}, ${item.owner},
                  ${item.owner ? endsOn : null})`);
      partnerships += 1;
    }
  }
  return { referrals, partnerships };
}
