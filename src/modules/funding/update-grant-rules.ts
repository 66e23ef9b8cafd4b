import { and, eq } from 'drizzle-orm';
import { type Actor, recordEvent } from '../../platform/audit.ts';
import type { Database } from '../../platform/database.ts';
import { assertVersion, StaleEditError, updateAtVersion } from '../../platform/edit-versions.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { unstorableInJson } from '../../platform/text.ts';
import { hubActivities } from '../activities/schema.ts';
import { ncps } from '../catalogue/schema.ts';
import { type GrantRule, parseGrantRules } from './grant-rules.ts';
import { refreshStatements } from './refresh-statements.ts';
import { grantRuleSets } from './schema.ts';

/** Reads the rules typed into the page (JSON), or the problems with them for the error summary. */
export function rulesFromText(text: string): GrantRule[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ValidationError([
      { field: 'rules', message: `The rules are not valid JSON: ${(error as Error).message}` },
    ]);
  }
  const unstorable = unstorableInJson(data);
  if (unstorable) throw new ValidationError([{ field: 'rules', message: unstorable }]);
  const parsed = parseGrantRules(data);
  if (!parsed.ok) throw new ValidationError(parsed.problems.map((message) => ({ field: 'rules', message })));
  return parsed.rules;
}

export interface UpdateGrantRulesInput {
  /** The academic year, like `2019/20`. */
  year: string;
  /** The NCP's code in that year's catalogue. */
  code: string;
  /** The rules as typed (JSON). */
  rules: string;
  /** The version the editor saw (0: there were no rules). */
  version: number;
}

/**
 * Replaces the grant rules of an NCP of a year's catalogue, with an event recording before and after.
 * `version` is the one the editor saw (0: there were no rules): if someone saved since,
 * `StaleEditError` and nothing is changed.
 */
export async function updateGrantRules(
  db: Database,
  actor: Actor,
  input: UpdateGrantRulesInput,
): Promise<{ changed: boolean }> {
  const { year, code, version } = input;
  const key = { year, code };
  const rules = rulesFromText(input.rules);
  return db.transaction(async (tx) => {
    const [ncp] = await tx
      .select({ id: ncps.id })
      .from(ncps)
      .where(and(eq(ncps.yearCode, key.year), eq(ncps.code, key.code)));
    if (!ncp) throw new NotFoundError(`There is no ${key.code} in the ${key.year} catalogue`);
    const [before] = await tx
      .select()
      .from(grantRuleSets)
      .where(and(eq(grantRuleSets.yearCode, key.year), eq(grantRuleSets.ncpCode, key.code)))
      .for('update');
    if (before && JSON.stringify(before.rules) === JSON.stringify(rules)) return { changed: false };
    assertVersion(version, before?.version ?? 0);
    let id: number;
    if (before) {
      await updateAtVersion(tx, grantRuleSets, before.id, version, { rules, updatedAt: new Date() });
      id = before.id;
    } else {
      // No rules yet: the first to save makes them; a second made from "none" finds them made.
      const [made] = await tx
        .insert(grantRuleSets)
        .values({ yearCode: key.year, ncpCode: key.code, rules })
        .onConflictDoNothing()
        .returning({ id: grantRuleSets.id });
      if (!made) throw new StaleEditError(version, null);
      id = made.id;
    }
    await recordEvent(tx, actor, {
      action: 'funding.rules_updated',
      subjectType: 'grant_rule_set',
      subjectId: id,
      changes: { year: key.year, ncpCode: key.code, rules: [before?.rules ?? [], rules] },
    });
    // The statements of the hubs that run the NCP that year follow the new rules from now.
    const running = await tx
      .selectDistinct({ hubId: hubActivities.hubId })
      .from(hubActivities)
      .where(and(eq(hubActivities.yearCode, key.year), eq(hubActivities.ncpId, ncp.id)));
    if (running.length)
      await refreshStatements(
        tx,
        actor,
        key.year,
        running.map((r) => r.hubId),
      );
    return { changed: true };
  });
}
