import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { BlobStore } from '../../platform/blob-store.ts';
import type { Executor } from '../../platform/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { acceptedFileTypesText, fileTypeOf, sizeText } from '../../platform/file-types.ts';
import type { LoadedActivity } from '../activities/load-activity.ts';
import { people } from '../people/schema.ts';
import { happiFiles, happiForms } from './happi-schema.ts';

/** The largest evidence file (10 MB), and the most files a form holds. */
export const happiFileLimits = { bytes: 10 * 1024 * 1024, perForm: 50 } as const;

export interface HappiFileRow {
  id: number;
  outcomeKey: string;
  fileName: string;
  contentType: string;
  size: number;
  sizeText: string;
  uploadedAt: Date;
  byName: string | null;
}

/** The evidence files of a form (without their bytes), oldest first. */
export async function happiFilesOf(db: Executor, formId: number): Promise<HappiFileRow[]> {
  const rows = await db
    .select({
      id: happiFiles.id,
      outcomeKey: happiFiles.outcomeKey,
      fileName: happiFiles.fileName,
      contentType: happiFiles.contentType,
      size: happiFiles.size,
      uploadedAt: happiFiles.uploadedAt,
      byName: sql<string | null>`${people.givenName} || ' ' || ${people.familyName}`,
    })
    .from(happiFiles)
    .leftJoin(people, eq(people.id, happiFiles.uploadedByPersonId))
    .where(eq(happiFiles.formId, formId))
    .orderBy(asc(happiFiles.uploadedAt), asc(happiFiles.id));
  return rows.map((r) => ({ ...r, sizeText: sizeText(r.size) }));
}

/** One evidence file of an activity's form (its metadata); another form's is not found. */
export async function happiFileOf(db: Executor, q: { activityId: number; fileId: number }) {
  const [row] = await db
    .select({ file: happiFiles })
    .from(happiFiles)
    .innerJoin(happiForms, eq(happiForms.id, happiFiles.formId))
    .where(and(eq(happiFiles.id, q.fileId), eq(happiForms.activityId, q.activityId)));
  if (!row) throw new NotFoundError('There is no such file');
  return row.file;
}

/** One evidence file with its bytes from the document store (to download). */
export async function readHappiFile(
  db: Executor,
  q: { activityId: number; fileId: number },
  { store }: { store: BlobStore },
) {
  const file = await happiFileOf(db, q);
  const bytes = await store.get(file.blobKey);
  if (!bytes) throw new NotFoundError('The file’s content is missing from the document store');
  return { ...file, bytes };
}

/** The form's state that allows evidence to change: the impact section, written (draft or returned). */
async function formForEvidence(tx: Executor, actor: Actor, loaded: LoadedActivity) {
  if (actor.personId === null || !loaded.leadPersonIds.includes(actor.personId))
    throw new ForbiddenError('Only the activity’s leads write its HAPPI form');
  const [form] = await tx
    .select()
    .from(happiForms)
    .where(eq(happiForms.activityId, loaded.activity.id))
    .for('update');
  if (form?.section !== 'impact')
    throw new ConflictError('Evidence of impact is added once the hub has accepted the plan');
  if (form.status === 'submitted')
    throw new ConflictError(
      'The impact has been submitted: evidence can be added again if the hub returns it',
    );
  if (form.status === 'accepted')
    throw new ConflictError('The impact has been accepted: it can no longer be changed');
  return form;
}

/**
 * Adds a file as evidence against one intended outcome: checked by its content (a PDF, Office file,
 * image or text), at most 10 MB, at most 50 to a form; the form's version is raised (an open edit of
 * the evidence is then stale) and the event log says so (the file's name, not its content).
 */
export async function addHappiFile(
  db: Executor,
  actor: Actor,
  input: { loaded: LoadedActivity; outcomeKey: string; file: { fileName: string; bytes: Buffer } | null },
  { store }: { store: BlobStore },
): Promise<{ fileId: number }> {
  // The bytes go to the document store first (ADR 0010), and are removed again if the change fails.
  const blobKey = `happi/${randomUUID()}`;
  let stored = false;
  try {
    return await db.transaction(async (tx) => {
      const form = await formForEvidence(tx, actor, input.loaded);
      const problems = [];
      if (!form.outcomes.some((o) => o.key === input.outcomeKey))
        problems.push({
          field: 'outcomeKey',
          message: 'Select the intended outcome the file is evidence of',
        });
      const type = input.file ? fileTypeOf(input.file.fileName, input.file.bytes) : null;
      if (!input.file) problems.push({ field: 'file', message: 'Select a file to upload' });
      else if (!type)
        problems.push({
          field: 'file',
          message: `${input.file.fileName} is not a kind of file that can be uploaded here: upload ${acceptedFileTypesText}`,
        });
      else if (input.file.bytes.length > happiFileLimits.bytes)
        problems.push({ field: 'file', message: 'The file is larger than 10 MB: upload a smaller file' });
      if (problems.length) throw new ValidationError(problems);
      const [{ n }] = (
        await tx.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM happi_files WHERE form_id = ${form.id}`,
        )
      ).rows as [{ n: number }];
      if (n >= happiFileLimits.perForm)
        throw new ValidationError([
          {
            field: 'file',
            message: `A form holds at most ${happiFileLimits.perForm} files: remove one first`,
          },
        ]);
      await store.put(blobKey, input.file!.bytes, type!.contentType);
      stored = true;
      const [row] = await tx
        .insert(happiFiles)
        .values({
          formId: form.id,
          outcomeKey: input.outcomeKey,
          fileName: input.file!.fileName.slice(0, 200),
          contentType: type!.contentType,
          size: input.file!.bytes.length,
          blobKey,
          uploadedByPersonId: actor.personId,
        })
        .returning({ id: happiFiles.id });
      await tx
        .update(happiForms)
        .set({ updatedAt: sql`now()`, version: sql`${happiForms.version} + 1` })
        .where(eq(happiForms.id, form.id));
      await recordEvent(tx, actor, {
        action: 'happi.file_added',
        subjectType: 'hub_activity',
        subjectId: input.loaded.activity.id,
        hubId: form.hubId,
        changes: { outcomeKey: input.outcomeKey, fileId: row!.id, size: input.file!.bytes.length },
      });
      return { fileId: row!.id };
    });
  } catch (error) {
    if (stored) await store.delete(blobKey).catch(() => undefined);
    throw error;
  }
}

/** Removes an evidence file (after the page that asks first), while the impact is being written. */
export async function removeHappiFile(
  db: Executor,
  actor: Actor,
  input: { loaded: LoadedActivity; fileId: number },
  { store }: { store: BlobStore },
): Promise<{ fileName: string }> {
  const removed = await db.transaction(async (tx) => {
    const form = await formForEvidence(tx, actor, input.loaded);
    const [gone] = await tx
      .delete(happiFiles)
      .where(and(eq(happiFiles.id, input.fileId), eq(happiFiles.formId, form.id)))
      .returning({
        fileName: happiFiles.fileName,
        outcomeKey: happiFiles.outcomeKey,
        blobKey: happiFiles.blobKey,
      });
    if (!gone) throw new NotFoundError('There is no such file');
    await tx
      .update(happiForms)
      .set({ updatedAt: sql`now()`, version: sql`${happiForms.version} + 1` })
      .where(eq(happiForms.id, form.id));
    await recordEvent(tx, actor, {
      action: 'happi.file_removed',
      subjectType: 'hub_activity',
      subjectId: input.loaded.activity.id,
      hubId: form.hubId,
      changes: { outcomeKey: gone.outcomeKey, fileId: input.fileId },
    });
    return gone;
  });
  // The bytes go once the row has (a failed delete leaves bytes nobody refers to, never a row without them).
  await store.delete(removed.blobKey).catch(() => undefined);
  return { fileName: removed.fileName };
}
