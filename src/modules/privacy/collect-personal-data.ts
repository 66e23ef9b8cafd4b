import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { roleNames } from '../people/schema.ts';
import { type DataSection, personalDataSections, type Value } from './personal-data-sections.ts';

export type { ColumnKind, DataSection, Value } from './personal-data-sections.ts';

export interface PersonalData {
  personId: number;
  generatedAt: Date;
  profile: {
    givenName: string;
    familyName: string;
    email: string;
    school: string | null;
    schoolUrn: number | null;
    yearGroups: string[];
    password: 'set' | 'not set';
    createdAt: Date;
    disabledAt: Date | null;
    erasedAt: Date | null;
    mergedIntoPersonId: number | null;
  };
  sections: DataSection[];
}

/**
 * Everything the platform holds about a person (UK GDPR subject access), their
 * profile, and a section per kind of record (person-references.ts lists every table referring to a
 * person; records found by their email address are included too). Secrets (password and token
 * hashes, sign-in codes) are never shown, only that they exist and when.
 */
export async function collectPersonalData(db: Executor, personId: number): Promise<PersonalData> {
  const { rows: found } = await db.execute<Record<string, unknown>>(sql`
    SELECT p.*, s.name AS school_name FROM people p LEFT JOIN schools s ON s.urn = p.school_urn
    WHERE p.id = ${personId}`);
  const p = found[0];
  if (!p) throw new NotFoundError('There is no such person');
  const email = String(p.email);
  const specs = personalDataSections(personId, email);
  const sections: DataSection[] = [];
  for (const { query, ...spec } of specs) {
    const { rows } = await db.execute<Record<string, Value>>(query);
    if (spec.key === 'roles') {
      for (const r of rows) r.role = roleNames[r.role as keyof typeof roleNames] ?? r.role;
    }
    sections.push({ ...spec, rows });
  }
  return {
    personId,
    generatedAt: new Date(),
    profile: {
      givenName: String(p.given_name),
      familyName: String(p.family_name),
      email,
      school: (p.school_name as string | null) ?? null,
      schoolUrn: (p.school_urn as number | null) ?? null,
      yearGroups: (p.year_groups as string[] | null) ?? [],
      password: p.password_hash ? 'set' : 'not set',
      createdAt: p.created_at as Date,
      disabledAt: (p.disabled_at as Date | null) ?? null,
      erasedAt: (p.erased_at as Date | null) ?? null,
      mergedIntoPersonId: (p.merged_into_person_id as number | null) ?? null,
    },
    sections,
  };
}

/** The machine-readable file: the profile and each section's rows, keyed by section. */
export function personalDataJson(data: PersonalData): string {
  return JSON.stringify(
    {
      about: 'Everything the Maths Hubs Platform holds about one person (UK GDPR subject access)',
      personId: data.personId,
      generatedAt: data.generatedAt,
      profile: data.profile,
      ...Object.fromEntries(data.sections.map((s) => [s.key, s.rows])),
    },
    null,
    2,
  );
}
