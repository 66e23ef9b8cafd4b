import { sql } from 'drizzle-orm';
import type { SectionSpec } from '../privacy/data-section.ts';

/**
 * What subject access shows of Targeted Support (privacy/person-references.ts): the partnerships a person
 * is the Intensive Support Partner of (with the credentials recorded), the referrals they made or
 * decided, and the items they added to plans.
 */
export function targetedSupportDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'targetedSupport',
      title: 'Targeted Support: partnerships, referrals and plans',
      purpose:
        'Targeted Support in Mathematics: the partnerships you work on as Intensive Support Partner, with your credentials as recorded, and the referrals and plan items you recorded.',
      columns: [
        { key: 'yearCode', label: 'Year' },
        { key: 'school', label: 'School' },
        { key: 'role', label: 'You' },
        { key: 'detail', label: 'Recorded' },
      ],
      query: sql`SELECT tp.year_code AS "yearCode", s.name AS school, 'Intensive Support Partner' AS role,
          tp.isp_credentials AS detail
        FROM ts_partnerships tp JOIN schools s ON s.urn = tp.school_urn WHERE tp.isp_person_id = ${personId}
        UNION ALL
        SELECT r.year_code, s.name, concat_ws(' and ', CASE WHEN r.referred_by_person_id = ${personId} THEN 'referred it' END,
            CASE WHEN r.decided_by_person_id = ${personId} THEN 'decided it' END), r.status
        FROM ts_referrals r JOIN schools s ON s.urn = r.school_urn
        WHERE r.referred_by_person_id = ${personId} OR r.decided_by_person_id = ${personId}
        UNION ALL
        SELECT tp.year_code, s.name, 'added to the plan', i.description
        FROM ts_plan_items i JOIN ts_partnerships tp ON tp.id = i.partnership_id JOIN schools s ON s.urn = tp.school_urn
        WHERE i.added_by_person_id = ${personId}
        ORDER BY 1, 2`,
    },
  ];
}
