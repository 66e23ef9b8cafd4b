import type { schoolLinks } from '../schema.ts';
import { allRows, openGiasFile } from './gias-file.ts';
import { giasDate, requiredText, text, urn } from './gias-values.ts';

export type LinkRow = Required<typeof schoolLinks.$inferInsert>;

/** The columns a GIAS links file must have; LinkName and LinkEstablishedDate are read when present. */
export const requiredLinkColumns = ['URN', 'LinkURN', 'LinkType'] as const;

/**
 * Reads the GIAS links file (predecessor and successor URNs: academy conversions, mergers, closures).
 * Throws ImportRejectedError listing every problem by line.
 */
export function readLinks(fileText: string): LinkRow[] {
  const seen = new Map<string, number>();
  const file = openGiasFile(
    fileText,
    {
      contents: 'links',
      required: requiredLinkColumns,
      otherFile: {
        column: 'EstablishmentName',
        message: 'this looks like a GIAS establishments file: import it as establishments instead',
      },
    },
    (cells, line): LinkRow => {
      const link: LinkRow = {
        urn: cells.value('URN', urn) ?? 0,
        linkedUrn: cells.value('LinkURN', urn) ?? 0,
        linkName: text(cells.raw('LinkName')),
        linkType: cells.value('LinkType', requiredText) ?? '',
        establishedOn: cells.value('LinkEstablishedDate', giasDate),
      };
      const key = `${link.urn} ${link.linkedUrn} ${link.linkType}`;
      const firstLine = seen.get(key);
      if (firstLine !== undefined) {
        cells.problem(
          `the link from ${link.urn} to ${link.linkedUrn} (${link.linkType}) is also on line ${firstLine}`,
        );
      } else seen.set(key, line);
      return link;
    },
  );
  return allRows(file);
}
