import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database, Executor } from '../../platform/database.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { people, roleAssignments } from '../people/schema.ts';
import { catalogueCounts } from './list-ncps.ts';
import { catalogueYears, ncps } from './schema.ts';

/**
 * Whether a year's catalogue is published. The national team copies a year's catalogue forward to
 * start the next (a draft, seen only by them), changes what differs, then publishes it: from then on
 * hubs plan their activities under it. A catalogue loaded from a file (the shipped ones, `catalogue
 * load`) is published as it loads. A year with NCPs and no `catalogue_years` row counts as published
 * (NCPs added directly, as before migration 0020); a year with no NCPs has no catalogue ('none').
 */
export type CatalogueStatus = 'published' | 'draft' | 'none';

/** A year's catalogue status, and its number of NCPs. */
export async function catalogueStatus(
  db: Executor,
  yearCode: string,
): Promise<{ status: CatalogueStatus; ncpCount: number }> {
  const counted = await catalogueCounts(db, yearCode);
  // The NCPs as the handbook counts them (list-ncps.ts countCatalogue); none at all: no catalogue.
  const ncpCount = counted.ncps;
  if (!counted.entries) return { status: 'none', ncpCount };
  const [row] = await db
    .select({ publishedAt: catalogueYears.publishedAt })
    .from(catalogueYears)
    .where(eq(catalogueYears.yearCode, yearCode));
  return { status: row && !row.publishedAt ? 'draft' : 'published', ncpCount };
}

/** The years whose catalogue is a draft (for the catalogue pages' tags). */
export async function draftYears(db: Executor): Promise<Set<string>> {
  const rows = await db
    .select({ year: catalogueYears.yearCode })
    .from(catalogueYears)
    .where(isNull(catalogueYears.publishedAt));
  return new Set(rows.map((r) => r.year));
}

/** The latest year before or at `yearCode` whose catalogue is published, if any (a way on for hubs). */
export async function latestPublishedYear(db: Executor, notAfter?: string): Promise<string | null> {
  const drafts = await draftYears(db);
  const rows = await db
    .selectDistinct({ year: ncps.yearCode })
    .from(ncps)
    .orderBy(sql`${ncps.yearCode} desc`);
  return rows.map((r) => r.year).find((y) => !drafts.has(y) && (!notAfter || y <= notAfter)) ?? null;
}

/** Starts a year's catalogue as a draft (copy forward): in the transaction that adds its NCPs. */
export async function startDraftCatalogue(tx: Executor, yearCode: string): Promise<void> {
  await tx
    .insert(catalogueYears)
    .values({ yearCode, publishedAt: null })
    .onConflictDoUpdate({
      target: catalogueYears.yearCode,
      set: { publishedAt: null, publishedByPersonId: null },
    });
}

/**
 * Marks a year's catalogue published, in the caller's transaction: the catalogue loader calls it for
 * every file it loads (the shipped catalogues count as published), the demo loader may too, and
 * `publishCatalogue` does for the national team. Logs `catalogue.published` only when the year was not
 * published already (loading the same file again records nothing). Returns whether it changed.
 */
export async function markCataloguePublished(tx: Executor, actor: Actor, yearCode: string): Promise<boolean> {
  const [existing] = await tx
    .select()
    .from(catalogueYears)
    .where(eq(catalogueYears.yearCode, yearCode))
    .for('update');
  if (existing?.publishedAt) return false;
  const [n] = await tx.select({ n: count() }).from(ncps).where(eq(ncps.yearCode, yearCode));
  const ncpCount = Number(n?.n ?? 0);
  // A year with NCPs and no row was already published (it was never a draft): record it quietly.
  const wasPublished = !existing && ncpCount > 0;
  await tx
    .insert(catalogueYears)
    .values({ yearCode, publishedAt: new Date(), publishedByPersonId: actor.personId })
    .onConflictDoUpdate({
      target: catalogueYears.yearCode,
      set: { publishedAt: new Date(), publishedByPersonId: actor.personId },
    });
  if (wasPublished) return false;
  await recordEvent(tx, actor, {
    action: 'catalogue.published',
    subjectType: 'catalogue',
    subjectId: yearCode,
    changes: { year: yearCode, ncps: ncpCount },
  });
  return true;
}

/**
 * The national team publishes a draft catalogue (from the year's page, after confirming): hubs can
 * plan activities under its NCPs from then on. Refuses a year with no NCPs or one already published.
 */
export async function publishCatalogue(
  db: Database,
  actor: Actor,
  input: { year: string },
): Promise<{ year: string; ncps: number }> {
  return db.transaction(async (tx) => {
    const { status, ncpCount } = await catalogueStatus(tx, input.year);
    if (status === 'none')
      throw new ValidationError([
        { field: 'year', message: `There is no catalogue for ${input.year} to publish` },
      ]);
    if (status === 'published')
      throw new ValidationError([
        { field: 'year', message: `The ${input.year} catalogue is already published` },
      ]);
    await markCataloguePublished(tx, actor, input.year);
    return { year: input.year, ncps: ncpCount };
  });
}

/**
 * Who publishes the catalogue: the national administrators (the NCETM's Maths Hubs team), by name and
 * email, for the hubs' planning page to say who to ask.
 */
export async function nationalContacts(db: Executor): Promise<{ name: string; email: string }[]> {
  const rows = await db
    .selectDistinct({ given: people.givenName, family: people.familyName, email: people.email })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.role, 'national_admin'),
        isNull(people.disabledAt),
        isNull(people.erasedAt),
        isNull(people.mergedIntoPersonId),
        sql`(${roleAssignments.endsOn} is null or ${roleAssignments.endsOn} >= current_date)`,
      ),
    )
    .orderBy(asc(people.familyName), asc(people.givenName))
    .limit(5);
  return rows.map((r) => ({ name: `${r.given} ${r.family}`, email: r.email }));
}

/** A draft catalogue is not found by anyone but the national team (who see and publish drafts). */
export async function refuseDraftUnlessNational(db: Executor, seesDrafts: boolean, yearCode: string) {
  if (seesDrafts) return;
  const { status } = await catalogueStatus(db, yearCode);
  if (status === 'draft') throw new NotFoundError(`There is no published catalogue for ${yearCode}`);
}
