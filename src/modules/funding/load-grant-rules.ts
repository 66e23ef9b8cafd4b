import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Executor } from '../../platform/database.ts';
import { academicYearBounds } from '../../platform/dates.ts';
import { ValidationError } from '../../platform/errors.ts';
import { academicYears } from '../hubs/schema.ts';
import { type GrantRulesFile, grantRulesFileSchema } from './grant-rules.ts';
import { grantRuleSets } from './schema.ts';

/**
 * Loads a year's grant rules (one rule set per NCP), adding or replacing each NCP's set when it differs
 * and recording each change in the event log. NCPs the file does not name keep their rules.
 */
export async function loadGrantRules(
  db: Executor,
  actor: Actor,
  file: GrantRulesFile,
): Promise<{ year: string; added: number; changed: number; unchanged: number }> {
  const result = { year: file.year, added: 0, changed: 0, unchanged: 0 };
  await db
    .insert(academicYears)
    .values({ code: file.year, ...academicYearBounds(file.year) })
    .onConflictDoNothing();
  for (const ncp of file.ncps) {
    const [before] = await db
      .select()
      .from(grantRuleSets)
      .where(and(eq(grantRuleSets.yearCode, file.year), eq(grantRuleSets.ncpCode, ncp.code)));
    if (before && JSON.stringify(before.rules) === JSON.stringify(ncp.rules)) {
      result.unchanged++;
      continue;
    }
    const [row] = await db
      .insert(grantRuleSets)
      .values({ yearCode: file.year, ncpCode: ncp.code, rules: ncp.rules })
      .onConflictDoUpdate({
        target: [grantRuleSets.yearCode, grantRuleSets.ncpCode],
        set: { rules: ncp.rules, updatedAt: new Date() },
      })
      .returning({ id: grantRuleSets.id });
    await recordEvent(db, actor, {
      action: before ? 'funding.rules_updated' : 'funding.rules_added',
      subjectType: 'grant_rule_set',
      subjectId: row!.id,
      changes: { year: file.year, ncpCode: ncp.code, rules: ncp.rules.length },
    });
    if (before) result.changed++;
    else result.added++;
  }
  return result;
}

/** Reads and validates a rules file (like reference/funding/2019-20.json). */
export async function readGrantRulesFile(file: string): Promise<GrantRulesFile> {
  const parsed = grantRulesFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'file', message: i.message })),
    );
  }
  return parsed.data;
}
