import { sql } from 'drizzle-orm';
import type { SectionSpec } from '../privacy/data-section.ts';

/** What subject access shows of documents and shared pages (privacy/person-references.ts). */
export function documentDataSections(personId: number): SectionSpec[] {
  return [
    {
      key: 'documents',
      title: 'Documents you uploaded and shared pages you edited',
      purpose:
        'Files shared with others on the platform (each version kept), and pages several people write together (each revision kept).',
      columns: [
        { key: 'kind', label: 'What' },
        { key: 'title', label: 'Title' },
        { key: 'detail', label: 'Version or file' },
        { key: 'at', label: 'When', kind: 'dateTime' },
      ],
      query: sql`SELECT 'Document started' AS kind, d.title, NULL AS detail, d.created_at AS at
          FROM documents d WHERE d.created_by_person_id = ${personId}
        UNION ALL
        SELECT 'Document version uploaded', d.title, 'Version ' || v.number || ': ' || v.filename
            || CASE WHEN v.bytes_erased_at IS NULL THEN '' ELSE ' (the file was erased after the document was deleted)' END,
            v.uploaded_at
          FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE v.uploaded_by_person_id = ${personId}
        UNION ALL
        SELECT 'Shared page started', p.title, NULL, p.created_at
          FROM shared_pages p WHERE p.created_by_person_id = ${personId}
        UNION ALL
        SELECT 'Shared page edited', p.title, 'Revision ' || r.number, r.edited_at
          FROM shared_page_revisions r JOIN shared_pages p ON p.id = r.page_id WHERE r.edited_by_person_id = ${personId}
        ORDER BY at`,
    },
  ];
}
