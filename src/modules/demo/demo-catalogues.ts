import { and, desc, eq } from 'drizzle-orm';
import { eventLog } from '../../platform/audit-schema.ts';
import type { Executor } from '../../platform/database.ts';
import { DEMO_TEMPLATE_YEAR } from './demo-delivery.ts';

/**
 * The years whose catalogue the demonstration made (the shipped 2023/24 catalogue with that year's
 * codes), as its `demo.loaded` event lists them: no column marks them, the one load records them.
 */
export async function demonstrationCatalogueYears(db: Executor): Promise<Set<string>> {
  const [loaded] = await db
    .select({ changes: eventLog.changes })
    .from(eventLog)
    .where(and(eq(eventLog.action, 'demo.loaded'), eq(eventLog.subjectType, 'demo')))
    .orderBy(desc(eventLog.id))
    .limit(1);
  const years = loaded?.changes?.demonstrationCatalogues;
  return new Set(Array.isArray(years) ? years.filter((y): y is string => typeof y === 'string') : []);
}

/** What a catalogue year's page says of a year the demonstration made, or null for a real catalogue. */
export async function demonstrationCatalogueNotice(db: Executor, year: string): Promise<string | null> {
  if (!(await demonstrationCatalogueYears(db)).has(year)) return null;
  return year > DEMO_TEMPLATE_YEAR
    ? `Demonstration data: the ${DEMO_TEMPLATE_YEAR} catalogue carried forward with this year’s codes. It is not the NCETM’s catalogue for ${year}.`
    : `Demonstration data: the ${DEMO_TEMPLATE_YEAR} catalogue copied back with this year’s codes. It is not the NCETM’s catalogue for ${year}.`;
}
