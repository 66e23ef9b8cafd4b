import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { type GrantRule, grantRuleListSchema } from './grant-rules.ts';
import { grantRuleSets } from './schema.ts';

/** A year's grant rules by NCP code (an NCP without a rule set earns nothing on a statement). */
export async function rulesForYear(db: Executor, yearCode: string): Promise<Map<string, GrantRule[]>> {
  const rows = await db
    .select({ ncpCode: grantRuleSets.ncpCode, rules: grantRuleSets.rules })
    .from(grantRuleSets)
    .where(eq(grantRuleSets.yearCode, yearCode))
    .orderBy(asc(grantRuleSets.ncpCode));
  // Rules were validated when they were written; parsing again keeps a hand-edited row from paying wrongly.
  return new Map(rows.map((r) => [r.ncpCode, grantRuleListSchema.parse(r.rules)]));
}
