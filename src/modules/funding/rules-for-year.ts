import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/database.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { findNcp } from '../catalogue/list-ncps.ts';
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

/**
 * The grant rules of one NCP of a year's catalogue as stored, with their version (0: no rules yet), to
 * edit; an NCP not in the catalogue is "not found".
 */
export async function ruleSetOf(
  db: Executor,
  query: { yearCode: string; ncpCode: string },
): Promise<{ ncp: { code: string; title: string }; rules: GrantRule[]; version: number }> {
  const found = await findNcp(db, query.yearCode, query.ncpCode);
  if (!found) throw new NotFoundError(`There is no ${query.ncpCode} in the ${query.yearCode} catalogue`);
  const [set] = await db
    .select()
    .from(grantRuleSets)
    .where(and(eq(grantRuleSets.yearCode, query.yearCode), eq(grantRuleSets.ncpCode, query.ncpCode)));
  return {
    ncp: { code: found.code, title: found.title },
    rules: set?.rules ?? [],
    version: set?.version ?? 0,
  };
}
