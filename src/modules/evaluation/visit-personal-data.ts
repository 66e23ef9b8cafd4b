import { sql } from 'drizzle-orm';
import type { SectionSpec } from '../privacy/data-section.ts';

/**
 * What subject access shows of records of visits (privacy/person-references.ts): the visits a person
 * made or recorded, and the actions agreed on visits that they own.
 */
export function visitDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'schoolVisits',
      title: 'Visits to schools you made or recorded',
      purpose: 'Records of visits to schools for the activities you lead, for their evaluation.',
      columns: [
        { key: 'visitedOn', label: 'Date', kind: 'date' },
        { key: 'school', label: 'School' },
        { key: 'activity', label: 'Activity' },
        { key: 'role', label: 'You' },
        { key: 'focus', label: 'Focus' },
      ],
      query: sql`SELECT v.visited_on::text AS "visitedOn", coalesce(s.name, 'URN ' || v.school_urn) AS school,
          a.title AS activity,
          concat_ws(' and ', CASE WHEN EXISTS (SELECT 1 FROM school_visit_visitors w WHERE w.visit_id = v.id AND w.person_id = ${personId}) THEN 'visited' END,
            CASE WHEN v.recorded_by_person_id = ${personId} THEN 'recorded it' END) AS role,
          v.focus
        FROM school_visits v JOIN hub_activities a ON a.id = v.activity_id LEFT JOIN schools s ON s.urn = v.school_urn
        WHERE v.recorded_by_person_id = ${personId}
          OR EXISTS (SELECT 1 FROM school_visit_visitors w WHERE w.visit_id = v.id AND w.person_id = ${personId})
        ORDER BY v.visited_on, v.id`,
    },
    {
      key: 'schoolVisitActions',
      title: 'Actions agreed on visits to schools that you own',
      purpose: 'What you agreed to do after a visit to a school, and whether it is done.',
      columns: [
        { key: 'description', label: 'What' },
        { key: 'dueOn', label: 'By when', kind: 'date' },
        { key: 'status', label: 'Status' },
        { key: 'school', label: 'School' },
      ],
      query: sql`SELECT x.description, x.due_on::text AS "dueOn", x.status, coalesce(s.name, 'URN ' || v.school_urn) AS school
        FROM school_visit_actions x JOIN school_visits v ON v.id = x.visit_id LEFT JOIN schools s ON s.urn = v.school_urn
        WHERE x.owner_person_id = ${personId} ORDER BY v.visited_on, x.position`,
    },
  ];
}
