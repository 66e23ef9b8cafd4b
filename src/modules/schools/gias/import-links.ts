import type { Actor } from '../../../platform/audit.ts';
import { copyRows, fieldColumns } from '../../../platform/copy-rows.ts';
import type { Database } from '../../../platform/database.ts';
import { silentProgress } from '../../../platform/progress.ts';
import { applyLinks, linksStaging } from './apply-links.ts';
import { decodeGiasText } from './decode-gias-text.ts';
import { type LinkRow, readLinks } from './read-links.ts';
import { type RegisterImportInput, readRegisterFile } from './register-file.ts';
import { type RegisterImportResult, recordRegisterImport } from './register-imports.ts';
import { inRegisterTransaction } from './register-transaction.ts';

const linkColumns: { column: string; field: keyof LinkRow }[] = [
  { column: 'urn', field: 'urn' },
  { column: 'linked_urn', field: 'linkedUrn' },
  { column: 'link_name', field: 'linkName' },
  { column: 'link_type', field: 'linkType' },
  { column: 'established_on', field: 'establishedOn' },
];

/**
 * Imports the GIAS links file (predecessor and successor URNs), so that a school's history survives
 * academy conversions and mergers. All or nothing, like the establishments import; re-importing the
 * same file changes nothing.
 */
export async function importGiasLinks(
  db: Database,
  actor: Actor,
  input: RegisterImportInput,
): Promise<RegisterImportResult> {
  const { progress = silentProgress } = input;
  const { fileName, bytes } = await readRegisterFile(input);
  const links = readLinks(decodeGiasText(bytes));
  progress.start('Importing links', links.length);
  try {
    const result = await inRegisterTransaction(db, async (client, tx) => {
      await client.query(`CREATE TEMP TABLE ${linksStaging} (LIKE school_links) ON COMMIT DROP`);
      await copyRows(client, linksStaging, fieldColumns(linkColumns), links);
      await client.query(`ANALYZE ${linksStaging}`);
      const { added, updated } = await applyLinks(client, actor);
      const counts = {
        kind: 'gias-links' as const,
        fileName,
        rowCount: links.length,
        added,
        updated,
        unchanged: links.length - added - updated,
        closed: 0,
        openNotInFile: 0,
      };
      const importId = await recordRegisterImport(tx, actor, counts);
      return { importId, ...counts, warnings: [] };
    });
    progress.advance(links.length);
    return result;
  } finally {
    progress.done();
  }
}
