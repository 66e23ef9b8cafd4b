import { documentBlobs } from '../../src/modules/documents/schema.ts';
import { happiFiles, happiForms } from '../../src/modules/evaluation/happi-schema.ts';
import type { Database } from '../../src/platform/database.ts';

/**
 * An activity's HAPPI form in its impact section (a draft) with one intended outcome and one evidence
 * file (a small PDF) uploaded by `personId`: the records the pages of evidence files need.
 */
export async function makeHappiEvidenceFile(
  db: Database,
  input: { activityId: number; hubId: number; yearCode: string; personId: number },
) {
  const [form] = await db
    .insert(happiForms)
    .values({
      activityId: input.activityId,
      hubId: input.hubId,
      yearCode: input.yearCode,
      section: 'impact',
      status: 'draft',
      outcomes: [{ key: 'o1', lens: 'pupils', text: 'Pupils reason aloud', evidence: '', links: [] }],
    })
    .returning();
  await db
    .insert(documentBlobs)
    .values({ key: `happi/test-${input.activityId}`, bytes: Buffer.from('%PDF-1.4\n'), size: 9, sha256: '' })
    .onConflictDoNothing();
  const [file] = await db
    .insert(happiFiles)
    .values({
      formId: form!.id,
      outcomeKey: 'o1',
      fileName: 'evidence.pdf',
      contentType: 'application/pdf',
      size: 9,
      blobKey: `happi/test-${input.activityId}`,
      uploadedByPersonId: input.personId,
    })
    .returning();
  return { formId: form!.id, fileId: file!.id };
}
