import type { SQL } from 'drizzle-orm';

/**
 * The shape of a person's data as subject access shows it: each module that holds records about people
 * describes its sections in these terms (its personal-data.ts), and the privacy module gathers them
 * (personal-data-sections.ts). Apart from the gathering, so that the modules do not import it back.
 */
export type ColumnKind = 'text' | 'date' | 'dateTime';
export type Value = string | number | boolean | Date | string[] | null;

/** One kind of record held about a person: a table on the page, a list in the JSON file. */
export interface DataSection {
  key: string;
  title: string;
  /** Why the platform holds it, in plain English. */
  purpose: string;
  columns: { key: string; label: string; kind?: ColumnKind }[];
  rows: Record<string, Value>[];
}

/** A section of subject access: what it shows, and the query that finds its rows for one person. */
export type SectionSpec = Omit<DataSection, 'rows'> & { query: SQL };
