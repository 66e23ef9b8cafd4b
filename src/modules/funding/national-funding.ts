import { asc } from 'drizzle-orm';
import { type Executor, readsAtOnce } from '../../platform/database.ts';
import { hubs } from '../hubs/schema.ts';
import { activityFacts, claimFacts } from './activity-facts.ts';
import { computeGrant, type GrantLine, totalOf } from './compute-grant.ts';
import { type FundingSource, fundingSources } from './grant-rules.ts';
import { rulesForYear } from './rules-for-year.ts';

export interface HubFunding {
  hubId: number;
  slug: string;
  name: string;
  lines: GrantLine[];
  totalPence: number;
  bySource: Record<FundingSource, number>;
  unmetChecks: number;
}

const bySource = (lines: readonly GrantLine[]) =>
  Object.fromEntries(fundingSources.map((s) => [s, totalOf(lines.filter((l) => l.source === s))])) as Record<
    FundingSource,
    number
  >;

/**
 * Every hub's grant for a year, recomputed from the records in three queries (activities with their
 * counts, approved claims, the year's rules): the national team's totals by hub, NCP and source.
 */
export async function nationalFunding(db: Executor, yearCode: string) {
  const [rules, facts, claims, hubRows] = await readsAtOnce(db, [
    () => rulesForYear(db, yearCode),
    () => activityFacts(db, { yearCode }),
    () => claimFacts(db, { yearCode }),
    () => db.select({ id: hubs.id, slug: hubs.slug, name: hubs.name }).from(hubs).orderBy(asc(hubs.name)),
  ]);
  // Each hub's activities and claims, in their order (rather than all of them filtered for each hub).
  const factsOf = Map.groupBy(facts, (f) => f.hubId);
  const claimsOf = Map.groupBy(claims, (c) => c.hubId);
  const perHub: HubFunding[] = hubRows.map((hub) => {
    const { lines, checks } = computeGrant(factsOf.get(hub.id) ?? [], rules, claimsOf.get(hub.id) ?? []);
    return {
      hubId: hub.id,
      slug: hub.slug,
      name: hub.name,
      lines,
      totalPence: totalOf(lines),
      bySource: bySource(lines),
      unmetChecks: checks.filter((c) => c.met === false).length,
    };
  });
  const all = perHub.flatMap((h) => h.lines);
  const byNcp = new Map<string, Record<FundingSource, number>>();
  for (const l of all) {
    const row =
      byNcp.get(l.ncpCode) ??
      (Object.fromEntries(fundingSources.map((s) => [s, 0])) as Record<FundingSource, number>);
    row[l.source] += l.amountPence;
    byNcp.set(l.ncpCode, row);
  }
  return {
    year: yearCode,
    hubs: perHub,
    byNcp: [...byNcp]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([ncpCode, sources]) => ({
        ncpCode: ncpCode || 'Claims',
        sources,
        totalPence: Object.values(sources).reduce((s, n) => s + n, 0),
      })),
    bySource: bySource(all),
    /** The AMSP's co-funding share of Level 3 Work Groups, claimable from the AMSP via MEI. */
    amspOwesPence: totalOf(all.filter((l) => l.source === 'amsp')),
    totalPence: totalOf(all),
  };
}
