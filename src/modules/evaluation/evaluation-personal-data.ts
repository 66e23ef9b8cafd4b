import { sql } from 'drizzle-orm';
import type { SectionSpec } from '../privacy/data-section.ts';
import { surveySubjectAccessSections } from './survey-privacy.ts';
import { visitDataSections } from './visit-personal-data.ts';

/**
 * What subject access shows of the evaluation module's records (privacy/person-references.ts): HAPPI
 * entries a person wrote, visits, evaluation reports they co-wrote and actions they own, surveys.
 */
export function evaluationDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'happiEntries',
      title: 'HAPPI form entries you wrote',
      purpose:
        'Progress updates, submissions and reviews of activities’ Hub Activity Plan, Progress and Impact forms.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'kind', label: 'Entry' },
        { key: 'writtenOn', label: 'Date', kind: 'date' },
        { key: 'text', label: 'Text' },
      ],
      query: sql`SELECT a.title AS activity, e.kind, e.written_on AS "writtenOn", e.text FROM happi_entries e
        JOIN happi_forms f ON f.id = e.form_id JOIN hub_activities a ON a.id = f.activity_id
        WHERE e.person_id = ${personId} ORDER BY e.id`,
    },
    {
      key: 'happiFiles',
      title: 'Files you gave as evidence on HAPPI forms',
      purpose: 'Files uploaded as evidence of an activity’s impact against one of its intended outcomes.',
      columns: [
        { key: 'activity', label: 'Activity' },
        { key: 'fileName', label: 'File' },
        { key: 'uploadedAt', label: 'Added', kind: 'date' },
      ],
      query: sql`SELECT a.title AS activity, x.file_name AS "fileName", x.uploaded_at AS "uploadedAt" FROM happi_files x
        JOIN happi_forms f ON f.id = x.form_id JOIN hub_activities a ON a.id = f.activity_id
        WHERE x.uploaded_by_person_id = ${personId} ORDER BY x.id`,
    },
    ...visitDataSections(personId),
    {
      key: 'evaluationReports',
      title: 'Evaluation reports you co-wrote and actions from them you own',
      purpose:
        'Hubs’ evaluation reports name their co-authors, and each possible implication of a published report is an action followed up by its owner.',
      columns: [
        { key: 'report', label: 'Report' },
        { key: 'role', label: 'As' },
        { key: 'action', label: 'Action' },
        { key: 'dueOn', label: 'Due', kind: 'date' },
        { key: 'status', label: 'Status' },
        { key: 'closingNote', label: 'Closing note' },
      ],
      query: sql`SELECT r.title AS report, 'Co-author' AS role, NULL AS action, NULL AS "dueOn", NULL AS status,
          NULL AS "closingNote"
        FROM evaluation_report_coauthors c JOIN evaluation_reports r ON r.id = c.report_id WHERE c.person_id = ${personId}
        UNION ALL
        SELECT r.title, 'Owner of an action', a.implication, a.due_on::text, a.status, a.closing_note
        FROM evaluation_report_actions a JOIN evaluation_reports r ON r.id = a.report_id
        WHERE a.owner_person_id = ${personId}
        ORDER BY 1, 2`,
    },
    ...surveySubjectAccessSections(personId),
  ];
}
