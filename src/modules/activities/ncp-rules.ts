import { z } from 'zod';
import type { NcpType } from '../catalogue/schema.ts';
import type { ActivityKind } from './schema.ts';

/**
 * The part of an NCP's `rules` (jsonb) that activities enforce: the size of a group of schools and the
 * accreditations a lead needs. An adapter over the catalogue's rules, so that it can be swapped for
 * the catalogue module's own checks (src/modules/catalogue/rules.ts) later.
 */
const rulesShape = z
  .object({
    groupSize: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(1).optional() })
      .optional(),
    leadRequires: z.array(z.string()).optional(),
  })
  .passthrough();

export interface ActivityRules {
  groupSize?: { min?: number; max?: number };
  leadRequires?: string[];
}

export type Check = { ok: true } | { ok: false; reasons: string[] };

/** The rules an activity needs from the jsonb (unknown or malformed parts are ignored). */
export function activityRulesOf(rules: unknown): ActivityRules {
  const parsed = rulesShape.safeParse(rules ?? {});
  if (!parsed.success) return {};
  return { groupSize: parsed.data.groupSize, leadRequires: parsed.data.leadRequires };
}

/** Whether a group of `count` schools is within the maximum (adding schools is refused above it). */
export function checkGroupSize(rules: ActivityRules, count: number): Check {
  const max = rules.groupSize?.max;
  if (max !== undefined && count > max) {
    return { ok: false, reasons: [`A group of this project has at most ${max} schools`] };
  }
  return { ok: true };
}

/** A warning when a group is under its minimum size (allowed, but worth saying), else null. */
export function groupSizeWarning(rules: ActivityRules, count: number): string | null {
  const min = rules.groupSize?.min;
  if (min !== undefined && count < min) {
    return `The group has ${count} ${count === 1 ? 'school' : 'schools'}: this project expects at least ${min}`;
  }
  return null;
}

export const accreditationNames: Record<string, string> = {
  mastery_specialist: 'primary Mastery Specialist',
  secondary_mastery_specialist: 'secondary Mastery Specialist',
  post_16_mastery_specialist: 'post-16 Mastery Specialist',
  pd_lead: 'PD Lead',
  school_development_lead: 'School Development Lead',
  work_group_lead: 'Work Group Lead',
};

/** A lead needs one of the accreditations the rules list (none listed: anyone may lead). */
export function checkLead(rules: ActivityRules, accreditations: readonly string[]): Check {
  const required = rules.leadRequires ?? [];
  if (!required.length || required.some((kind) => accreditations.includes(kind))) return { ok: true };
  const names = required.map((k) => `an accredited ${accreditationNames[k] ?? k}`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0];
  return { ok: false, reasons: [`The lead of this project must be ${list}`] };
}

/** The kinds of activity each type of NCP is run as. */
export const kindsForNcpType: Record<NcpType, readonly ActivityKind[]> = {
  work_group: ['work_group'],
  programme: ['programme_cohort'],
  community: ['community'],
  intensive_support: ['targeted_support'],
};
