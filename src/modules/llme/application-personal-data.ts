import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import type { SectionSpec } from '../privacy/personal-data-sections.ts';

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
  ];
}

/** Erasure: the applications stay (they count in the workforce's figures); the applicant's statement goes. */
export async function eraseApplicationStatements(tx: Executor, personId: number): Promise<number> {
  const result = await tx.execute(
    sql`UPDATE programme_applications SET statement = '(erased)' WHERE person_id = ${personId}`,
  );
  return result.rowCount ?? 0;
}

/** Merging person `from` into `to` (registration/merge-people.ts): `from`'s applications become `to`'s. */
export async function movePersonRecords(tx: Executor, from: number, to: number): Promise<void> {
  await tx.execute(sql`UPDATE programme_applications SET person_id = ${to} WHERE person_id = ${from}`);
}
