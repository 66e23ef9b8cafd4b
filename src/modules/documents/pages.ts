import { and, desc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { renderSafeText } from '../../platform/safe-text.ts';
import { people } from '../people/schema.ts';
import { sharedPageRevisions, sharedPages } from './schema.ts';

/**
 * Shared pages (issue 18): a page of text several people edit, every revision kept. An edit carries the
 * version (the revision number) it was made from; one made from an older revision is refused with a
 * StaleEditError, so two editors never lose a write (ARCHITECTURE "Edits: no lost updates"). The body
 * is plain text with light formatting, shown with `renderSafeText` (platform/safe-text.ts).
 */

export const sharedPageLimits = { title: 200, body: 100_000 } as const;

function checkPage(input: { title?: string; body?: string }): void {
  const problems = [];
  if (input.title !== undefined && !input.title.trim())
    problems.push({ field: 'title', message: 'Enter a title for the page' });
  if (input.title !== undefined && input.title.trim().length > sharedPageLimits.title)
    problems.push({
      field: 'title',
      message: `The title must be ${sharedPageLimits.title} characters or fewer`,
    });
  if (input.body !== undefined && input.body.length > sharedPageLimits.body)
    problems.push({
      field: 'body',
      message: `The page must be ${sharedPageLimits.body.toLocaleString('en-GB')} characters or fewer`,
    });
  if (problems.length) throw new ValidationError(problems);
}

/** Starts a shared page for an owner (an event, a community space…), with its first revision. */
export async function createSharedPage(
  db: Executor,
  actor: Actor,
  input: { ownerKind: string; ownerId: string | number; title: string; body?: string; hubId?: number | null },
): Promise<{ pageId: number; version: number }> {
  checkPage({ title: input.title, body: input.body ?? '' });
  const title = input.title.trim();
  const ownerId = String(input.ownerId);
  return db.transaction(async (tx) => {
    const [page] = await tx
      .insert(sharedPages)
      .values({ ownerKind: input.ownerKind, ownerId, title, createdByPersonId: actor.personId })
      .returning({ id: sharedPages.id, version: sharedPages.version });
    await tx
      .insert(sharedPageRevisions)
      .values({ pageId: page!.id, number: 1, body: input.body ?? '', editedByPersonId: actor.personId });
    await recordEvent(tx, actor, {
      action: 'shared_page.created',
      subjectType: 'shared_page',
      subjectId: page!.id,
      hubId: input.hubId ?? null,
      changes: { ownerKind: input.ownerKind, ownerId, title },
    });
    return { pageId: page!.id, version: page!.version };
  });
}

/**
 * Saves a new revision of a page, made from revision `version`; refused (StaleEditError, nothing saved)
 * when someone else saved one since. Returns the new version.
 */
export async function editSharedPage(
  db: Executor,
  actor: Actor,
  input: { pageId: number; version: number; body: string; title?: string; hubId?: number | null },
): Promise<{ version: number }> {
  checkPage({ title: input.title, body: input.body });
  return db.transaction(async (tx) => {
    const [page] = await tx
      .select({ id: sharedPages.id })
      .from(sharedPages)
      .where(eq(sharedPages.id, input.pageId));
    if (!page) throw new NotFoundError('There is no such page');
    const version = await updateAtVersion(
      tx,
      sharedPages,
      input.pageId,
      input.version,
      input.title !== undefined ? { title: input.title.trim() } : {},
    );
    await tx.insert(sharedPageRevisions).values({
      pageId: input.pageId,
      number: version,
      body: input.body,
      editedByPersonId: actor.personId,
    });
    await recordEvent(tx, actor, {
      action: 'shared_page.edited',
      subjectType: 'shared_page',
      subjectId: input.pageId,
      hubId: input.hubId ?? null,
      changes: { revision: version },
    });
    return { version };
  });
}

export interface RevisionView {
  id: number;
  number: number;
  body: string;
  /** The body as safe HTML. */
  html: string;
  editedAt: Date;
  editedByPersonId: number | null;
  editedByName: string | null;
}

export interface SharedPageView {
  id: number;
  ownerKind: string;
  ownerId: string;
  title: string;
  createdAt: Date;
  /** The current revision's number: an edit form carries it. */
  version: number;
  current: RevisionView;
  /** Every revision, newest first (the current one first). */
  revisions: Omit<RevisionView, 'body' | 'html'>[];
}

const revisionColumns = {
  id: sharedPageRevisions.id,
  number: sharedPageRevisions.number,
  editedAt: sharedPageRevisions.editedAt,
  editedByPersonId: sharedPageRevisions.editedByPersonId,
  editedByName: sql<string | null>`${people.givenName} || ' ' || ${people.familyName}`,
};

const sameOwner = (
  p: { ownerKind: string; ownerId: string },
  q: { ownerKind?: string; ownerId?: string | number },
) =>
  (q.ownerKind === undefined || q.ownerKind === p.ownerKind) &&
  (q.ownerId === undefined || String(q.ownerId) === p.ownerId);

/** A page with its current text and its history; one of another owner (when given) is not found. */
export async function getSharedPage(
  db: Executor,
  query: { pageId: number; ownerKind?: string; ownerId?: string | number },
): Promise<SharedPageView> {
  const [page] = await db.select().from(sharedPages).where(eq(sharedPages.id, query.pageId));
  if (!page || !sameOwner(page, query)) throw new NotFoundError('There is no such page');
  const revisions = await db
    .select(revisionColumns)
    .from(sharedPageRevisions)
    .leftJoin(people, eq(people.id, sharedPageRevisions.editedByPersonId))
    .where(eq(sharedPageRevisions.pageId, page.id))
    .orderBy(desc(sharedPageRevisions.number));
  const current = await getRevision(db, { pageId: page.id, number: revisions[0]!.number });
  return {
    id: page.id,
    ownerKind: page.ownerKind,
    ownerId: page.ownerId,
    title: page.title,
    createdAt: page.createdAt,
    version: page.version,
    current,
    revisions,
  };
}

/** One revision of a page, by its number, with its text. */
export async function getRevision(
  db: Executor,
  query: { pageId: number; number: number },
): Promise<RevisionView> {
  const [row] = await db
    .select({ ...revisionColumns, body: sharedPageRevisions.body })
    .from(sharedPageRevisions)
    .leftJoin(people, eq(people.id, sharedPageRevisions.editedByPersonId))
    .where(and(eq(sharedPageRevisions.pageId, query.pageId), eq(sharedPageRevisions.number, query.number)));
  if (!row) throw new NotFoundError('There is no such revision');
  return { ...row, html: renderSafeText(row.body) };
}

/** The shared pages of an owner, oldest first. */
export async function listSharedPages(
  db: Executor,
  query: { ownerKind: string; ownerId: string | number },
): Promise<{ id: number; title: string; version: number; createdAt: Date }[]> {
  return db
    .select({
      id: sharedPages.id,
      title: sharedPages.title,
      version: sharedPages.version,
      createdAt: sharedPages.createdAt,
    })
    .from(sharedPages)
    .where(and(eq(sharedPages.ownerKind, query.ownerKind), eq(sharedPages.ownerId, String(query.ownerId))))
    .orderBy(sharedPages.createdAt, sharedPages.id);
}
