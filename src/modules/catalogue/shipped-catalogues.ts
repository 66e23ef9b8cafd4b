import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/views.ts';
import { type CatalogueFile, catalogueFileSchema, yearToSlug } from './catalogue-file.ts';

/** The catalogues the product ships, in reference/catalogue (see its README for the sources). */
export const shippedYears = ['2019/20', '2023/24'] as const;
export type ShippedYear = (typeof shippedYears)[number];

export const shippedCatalogueFile = (year: string) =>
  path.join(projectRoot, 'reference', 'catalogue', `${yearToSlug(year)}.json`);

/** A shipped catalogue, read and validated. */
export function shippedCatalogue(year: ShippedYear): CatalogueFile {
  return catalogueFileSchema.parse(JSON.parse(readFileSync(shippedCatalogueFile(year), 'utf8')));
}
