import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/views.ts';
import { type GrantRule, type GrantRulesFile, grantRulesFileSchema } from './grant-rules.ts';

/** The grant rules the product ships, in reference/funding (section J of each year's specifications). */
export const shippedRuleYears = ['2019/20'] as const;

export const shippedRulesFile = (year: string) =>
  path.join(projectRoot, 'reference', 'funding', `${year.replace('/', '-')}.json`);

/** A shipped rules file, read and validated. */
export function shippedRules(year: (typeof shippedRuleYears)[number]): GrantRulesFile {
  return grantRulesFileSchema.parse(JSON.parse(readFileSync(shippedRulesFile(year), 'utf8')));
}

/** A rules file as a map from NCP code to its rules. */
export const rulesMap = (file: GrantRulesFile): Map<string, GrantRule[]> =>
  new Map(file.ncps.map((n) => [n.code, n.rules]));
