import { define, type LoggedRow, quoted } from '../audit-vocabulary.ts';

/** Who a document or shared page belongs to, as a sentence says it. */
const ownerText = (kind: unknown, id: unknown) =>
  kind ? ` (${String(kind).replace(/_/g, ' ')} ${String(id ?? '')})` : '';

/**
 * The event log's actions for documents and shared pages (issue 18, modules/documents). The subject is
 * the document or the page; its owner (an event, a community space…) is in the payload. Titles are
 * kept (written by the people sharing them, about the work, not about a person); file contents never.
 */
export const documentsActions = {
  'document.created': define(
    'document',
    'Documents: document uploaded',
    (
      r: LoggedRow<{ ownerKind: string; ownerId: string; title: string; versionId: number; size: number }>,
    ) => [
      r.actor,
      ` uploaded the document${quoted(r.changes.title)}${ownerText(r.changes.ownerKind, r.changes.ownerId)}`,
    ],
  ),
  'document.version_added': define(
    'document',
    'Documents: new version uploaded',
    (r: LoggedRow<{ number: number; versionId: number; size: number }>) => [
      r.actor,
      ` uploaded version ${r.changes.number ?? ''} of document ${r.subjectId}`,
    ],
  ),
  'document.deleted': define('document', 'Documents: document deleted', (r: LoggedRow<{ title: string }>) => [
    r.actor,
    ` deleted the document${quoted(r.changes.title)} (its versions are kept)`,
  ]),
  'shared_page.created': define(
    'shared_page',
    'Documents: shared page started',
    (r: LoggedRow<{ ownerKind: string; ownerId: string; title: string }>) => [
      r.actor,
      ` started the shared page${quoted(r.changes.title)}${ownerText(r.changes.ownerKind, r.changes.ownerId)}`,
    ],
  ),
  'shared_page.edited': define(
    'shared_page',
    'Documents: shared page edited',
    (r: LoggedRow<{ revision: number }>) => [
      r.actor,
      ` edited shared page ${r.subjectId} (revision ${r.changes.revision ?? ''})`,
    ],
  ),
};
