import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/audit.ts';
import { recordEvent } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Executor } from '../../platform/database.ts';
import { type FieldError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { checkDocumentFile, createDocument, type DocumentFile } from '../documents/documents.ts';
import { type MentionServices, queueMentionMails } from './mention-mail.ts';
import {
  checkBody,
  markRead,
  nextMorningSql,
  type PostingTime,
  publish,
  recordMentions,
  type ThreadContext,
  TITLE_MAX,
} from './messages.ts';
import { communityMessages, communityThreads } from './schema.ts';
import { ensureSpaceRow, type Space, spaceOwner } from './spaces.ts';

/**
 * Posting: starting a thread and replying (now, at 8am or as a draft), with a document of the space
 * attached, or a file uploaded with the message: the file becomes a new document of the space (checked
 * by the documents module: its kind by its content, 20 MB) in the message's transaction, so either
 * both are kept or neither. People mentioned are emailed when the message goes out (mention-mail.ts).
 */

/** What posting needs: the mailer (mentions) and the document store (a file sent with the message). */
export interface PostServices extends MentionServices {
  documentStore: BlobStore;
}

interface Attachment {
  /** A document already in the space. */
  documentId?: number | null;
  /** Or a file uploaded with the message. */
  file?: DocumentFile | null;
}

/** A document attached to a message must be one of the space's own (not deleted). */
async function checkDocument(
  tx: Executor,
  spaceId: number,
  documentId: number | null | undefined,
): Promise<void> {
  if (!documentId) return;
  const { rows } = await tx.execute(sql`SELECT 1 FROM documents WHERE id = ${documentId}
    AND owner_kind = 'community_space' AND owner_id = ${String(spaceId)} AND deleted_at IS NULL`);
  if (!rows.length)
    throw new ValidationError([{ field: 'document', message: 'Choose one of this space’s documents' }]);
}

/** Checks what is attached before anything is written: one of the two, and a file that may be uploaded. */
function checkAttachment(input: Attachment): void {
  if (input.file && input.documentId)
    throw new ValidationError([
      {
        field: 'file',
        message: 'Upload a file or choose a document of the space, not both',
      },
    ]);
  if (input.file) checkDocumentFile(input.file);
}

/** Every problem the checks find, together (a form shows them all at once), or none. */
function problemsOf(...checks: (() => void)[]): FieldError[] {
  const problems: FieldError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(...error.errors);
    }
  }
  return problems;
}

async function insertMessage(
  tx: Executor,
  actor: Actor,
  input: {
    threadId: number;
    body: string;
    when: PostingTime;
    quoteOfMessageId?: number | null;
    documentId?: number | null;
  },
): Promise<number> {
  const [row] = await tx
    .insert(communityMessages)
    .values({
      threadId: input.threadId,
      authorPersonId: actor.personId!,
      body: input.body,
      isDraft: input.when === 'draft',
      scheduledFor: input.when === 'morning' ? sql`${nextMorningSql}` : null,
      quoteOfMessageId: input.quoteOfMessageId ?? null,
      documentId: input.documentId ?? null,
    })
    .returning({ id: communityMessages.id });
  return row!.id;
}

/**
 * Runs `write` in one transaction with the document it attaches: a new document of the space from the
 * uploaded file (its bytes removed again if the write fails), or the chosen one (checked to be the space's).
 */
async function withAttachment<T>(
  db: Executor,
  actor: Actor,
  space: { spaceId: number; hubId: number | null },
  attachment: Attachment,
  services: PostServices,
  write: (tx: Executor, documentId: number | null) => Promise<T>,
): Promise<T> {
  if (attachment.file) {
    const created = await createDocument(
      db,
      actor,
      { ...spaceOwner(space.spaceId), file: attachment.file, hubId: space.hubId },
      { store: services.documentStore },
      (tx, { documentId }) => write(tx, documentId),
    );
    return created.written as T;
  }
  return db.transaction(async (tx) => {
    await checkDocument(tx, space.spaceId, attachment.documentId);
    return write(tx, attachment.documentId ?? null);
  });
}

/** Starts a thread in a space the actor is in: its first message now, at 8am, or as a draft. */
export async function startThread(
  db: Executor,
  actor: Actor,
  input: { space: Space; title: string; body: string; when: PostingTime } & Attachment,
  services: PostServices,
): Promise<{ threadId: number; messageId: number; documentId: number | null }> {
  const problems = [];
  if (!input.title.trim()) problems.push({ field: 'title', message: 'Enter a title' });
  if (input.title.length > TITLE_MAX)
    problems.push({ field: 'title', message: `The title must be ${TITLE_MAX} characters or fewer` });
  problems.push(
    ...problemsOf(
      () => checkBody(input.body),
      () => checkAttachment(input),
    ),
  );
  if (problems.length) throw new ValidationError(problems);
  const spaceId = await db.transaction((tx) => ensureSpaceRow(tx, input.space, actor.personId));
  let mailed = 0;
  const posted = await withAttachment(
    db,
    actor,
    { spaceId, hubId: input.space.hubId },
    input,
    services,
    async (tx, documentId) => {
      const [thread] = await tx
        .insert(communityThreads)
        .values({ spaceId, title: input.title, authorPersonId: actor.personId! })
        .returning({ id: communityThreads.id });
      const messageId = await insertMessage(tx, actor, {
        threadId: thread!.id,
        body: input.body,
        when: input.when,
        documentId,
      });
      await recordMentions(tx, input.space, messageId, input.body);
      if (input.when === 'now') {
        await publish(tx, [messageId]);
        await markRead(tx, actor.personId!, thread!.id);
        mailed = await queueMentionMails(tx, services, [messageId]);
      }
      await recordEvent(tx, actor, {
        action: 'community_thread.started',
        subjectType: 'community_thread',
        subjectId: thread!.id,
        hubId: input.space.hubId,
        changes: { spaceId, messageId, when: input.when },
      });
      return { threadId: thread!.id, messageId, documentId };
    },
  );
  if (mailed) services.mailer.kick();
  return posted;
}

/** Replies in a thread (optionally quoting one of its messages): now, at 8am, or as a draft. */
export async function replyToThread(
  db: Executor,
  actor: Actor,
  input: {
    thread: ThreadContext;
    hubId: number | null;
    body: string;
    when: PostingTime;
    quoteOfMessageId?: number | null;
  } & Attachment,
  services: PostServices,
): Promise<{ messageId: number; documentId: number | null }> {
  const problems = problemsOf(
    () => checkBody(input.body),
    () => checkAttachment(input),
  );
  if (problems.length) throw new ValidationError(problems);
  if (!input.thread.published) throw new NotFoundError('There is no such thread');
  let mailed = 0;
  const posted = await withAttachment(
    db,
    actor,
    { spaceId: input.thread.spaceId, hubId: input.hubId },
    input,
    services,
    async (tx, documentId) => {
      if (input.quoteOfMessageId) {
        const [quoted] = await tx
          .select({ threadId: communityMessages.threadId })
          .from(communityMessages)
          .where(
            and(
              eq(communityMessages.id, input.quoteOfMessageId),
              sql`${communityMessages.publishedAt} IS NOT NULL`,
            ),
          );
        if (quoted?.threadId !== input.thread.threadId)
          throw new ValidationError([{ field: 'quote', message: 'Quote a message of this thread' }]);
      }
      const messageId = await insertMessage(tx, actor, {
        threadId: input.thread.threadId,
        body: input.body,
        when: input.when,
        quoteOfMessageId: input.quoteOfMessageId,
        documentId,
      });
      await recordMentions(tx, input.thread.space, messageId, input.body);
      if (input.when === 'now') {
        await publish(tx, [messageId]);
        await markRead(tx, actor.personId!, input.thread.threadId);
        mailed = await queueMentionMails(tx, services, [messageId]);
      }
      await recordEvent(tx, actor, {
        action: 'community_message.posted',
        subjectType: 'community_message',
        subjectId: messageId,
        hubId: input.hubId,
        changes: { threadId: input.thread.threadId, when: input.when },
      });
      return { messageId, documentId };
    },
  );
  if (mailed) services.mailer.kick();
  return posted;
}
