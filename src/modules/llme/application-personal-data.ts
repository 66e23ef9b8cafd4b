import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { SectionSpec } from '../privacy/data-section.ts';

/** What subject access shows of the development programme applications (privacy/person-references.ts). */
export function llmeDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'programmeApplications',
      title: 'Applications to LLME development programmes',
      purpose:
        'Applications (or nominations by your hub) to the NCETM’s Mastery Specialist, PD Lead and School Development Lead programmes, with the hub’s sponsorship and the national team’s decision.',
      columns: [
        { key: 'programme', label: 'Programme' },
        { key: 'yearCode', label: 'Year' },
        { key: 'status', label: 'Status' },
        { key: 'statement', label: 'Why' },
        { key: 'sponsorReason', label: 'Hub’s reason' },
        { key: 'decisionReason', label: 'National team’s reason' },
        { key: 'cohort', label: 'Cohort' },
      ],
      query: sql`SELECT programme, year_code AS "yearCode", status, statement, sponsor_reason AS "sponsorReason",
          decision_reason AS "decisionReason", cohort
        FROM programme_applications WHERE person_id = ${personId} ORDER BY id`,
    },
    {
      key: 'llmeCommunity',
      title: 'Your hub’s LLME community',
      purpose: 'The years you were an LLME Community Lead of a hub, and the community meetings you attended.',
      columns: [
        { key: 'what', label: 'What' },
        { key: 'hub', label: 'Hub' },
        { key: 'when', label: 'When' },
      ],
      query: sql`SELECT 'LLME Community Lead' AS what, h.name AS hub, l.year_code AS "when"
          FROM llme_community_leads l JOIN hubs h ON h.id = l.hub_id WHERE l.person_id = ${personId}
        UNION ALL
        SELECT 'Attended: ' || m.title, h.name, m.held_on::text
          FROM llme_community_attendance a JOIN llme_community_meetings m ON m.id = a.meeting_id
          JOIN hubs h ON h.id = m.hub_id WHERE a.person_id = ${personId}
        ORDER BY 3, 1`,
    },
  ];
}

/** Erasure: the applications stay (they count in the workforce's figures); the applicant's statement goes. */
export async function eraseApplicationStatements(tx: Executor, personId: number): Promise<number> {
  const result = await tx.execute(
    sql`UPDATE programme_applications SET statement = '(erased)' WHERE person_id = ${personId}`,
  );
  return result.rowCount ?? 0;
}

/**
 * Merging person `from` into `to` (registration/merge-people.ts): `from`'s applications, community leads
 * and community attendance become `to`'s (one both held is kept once).
 */
export async function movePersonRecords(tx: Executor, from: number, to: number): Promise<void> {
  await tx.execute(sql`UPDATE programme_applications SET person_id = ${to} WHERE person_id = ${from}`);
  await tx.execute(sql`DELETE FROM llme_community_leads l WHERE l.person_id = ${from} AND EXISTS (
    SELECT 1 FROM llme_community_leads k WHERE k.person_id = ${to} AND k.hub_id = l.hub_id AND k.year_code = l.year_code)`);
  await tx.execute(sql`UPDATE llme_community_leads SET person_id = ${to} WHERE person_id = ${from}`);
  await tx.execute(sql`DELETE FROM llme_community_attendance a WHERE a.person_id = ${from} AND EXISTS (
    SELECT 1 FROM llme_community_attendance k WHERE k.person_id = ${to} AND k.meeting_id = a.meeting_id)`);
  await tx.execute(sql`UPDATE llme_community_attendance SET person_id = ${to} WHERE person_id = ${from}`);
}
