import { z } from 'zod';

/**
 * The grant rules of an NCP in a year, as section J ("Finances") of the specifications states them, held
 * as data that the national team edits. Every amount is in integer pence. The kinds of rule are those
 * the 2019/20 specifications use:
 *  - `unit_grant`: a sum for each Work Group or programme cohort the hub runs;
 *  - `co_funded_unit_grant`: a unit grant split between funding sources (Level 3: £2,100 AMSP + £2,100 hub);
 *  - `variable_by_schools`: a base for a reference number of schools, plus or minus a step a school,
 *    with the itemised breakdown that explains it (Primary TfM Development: £17,800 for seven, ±£2,050);
 *  - `per_head_payment`: a payment for each school, participant or lead (often passed on to schools);
 *  - `fixed_per_hub`: one grant to each hub that runs the NCP (the LLME community's £3,500);
 *  - `grant_by_role`: a grant by the part a hub plays (the China exchange: primary, hosting, non-hosting);
 *  - `day_rate` and `travel_claimable`: what hubs may claim from the Maths Hubs Network Fund;
 *  - `costed_days`: time the specification costs in days without a rate (no money on a statement);
 *  - expectations that are not money but are checked or stated: `min_group_size`,
 *    `average_participants`, `no_charging`, `condition`.
 */

export const fundingSources = ['maths_hub', 'amsp', 'mhnf', 'dfe'] as const;
export type FundingSource = (typeof fundingSources)[number];
export const fundingSourceNames: Record<FundingSource, string> = {
  maths_hub: 'Maths Hubs core grant',
  amsp: 'AMSP co-funding (claimable from the AMSP via MEI)',
  mhnf: 'Maths Hubs Network Fund',
  dfe: 'Department for Education',
};

export const payees = ['hub', 'school'] as const;
export type Payee = (typeof payees)[number];

export const headUnits = ['school', 'participant', 'lead'] as const;
export type HeadUnit = (typeof headUnits)[number];

export const claimRoles = ['pct', 'cohort_lead'] as const;
export type ClaimRole = (typeof claimRoles)[number];
export const claimRoleNames: Record<ClaimRole, string> = {
  pct: 'Project Co-ordination Team member',
  cohort_lead: 'Cohort Lead',
};

/** At most £1,000,000 in pence: larger is a typing mistake. */
const pence = z
  .number({ error: 'Enter an amount in pence, as a whole number' })
  .int('Amounts are whole numbers of pence')
  .min(0, 'Amounts cannot be negative')
  .max(100_000_000, 'Amounts must be £1,000,000 or less');
const label = z
  .string({ error: 'Give the rule a label' })
  .trim()
  .min(1, 'Give the rule a label')
  .max(200, 'Labels must be 200 characters or fewer');
const source = z.enum(fundingSources, { error: `The source must be one of ${fundingSources.join(', ')}` });
const count = z.number().int().min(1).max(1000);

const unitGrant = z.object({ kind: z.literal('unit_grant'), label, amountPence: pence, source }).strict();

const share = z.object({ source, amountPence: pence }).strict();
const coFundedUnitGrant = z
  .object({
    kind: z.literal('co_funded_unit_grant'),
    label,
    totalPence: pence,
    shares: z.array(share).min(2, 'A co-funded grant has at least two shares'),
  })
  .strict()
  .refine((r) => r.shares.reduce((sum, s) => sum + s.amountPence, 0) === r.totalPence, {
    message: 'The shares must add up to the total',
    path: ['shares'],
  })
  .refine((r) => new Set(r.shares.map((s) => s.source)).size === r.shares.length, {
    message: 'Each source may have one share only',
    path: ['shares'],
  });

const breakdownItem = z
  .object({
    label,
    /** How many (days, visits, items); for a per-school item, how many for each school. */
    quantity: z.number().int().min(0).max(1000),
    ratePence: pence,
    perSchool: z.boolean(),
  })
  .strict();

const variableBySchools = z
  .object({
    kind: z.literal('variable_by_schools'),
    label,
    source,
    referenceSchools: count,
    basePence: pence,
    stepPence: pence,
    breakdown: z.array(breakdownItem).min(1).optional(),
  })
  .strict()
  .refine((r) => r.basePence >= r.stepPence * r.referenceSchools, {
    message:
      'The base must be at least the step times the reference number of schools, or a small group would get less than nothing',
    path: ['stepPence'],
  })
  .refine((r) => !r.breakdown || breakdownAt(r.breakdown, r.referenceSchools) === r.basePence, {
    message: 'The breakdown must add up to the base at the reference number of schools',
    path: ['breakdown'],
  })
  .refine((r) => !r.breakdown || breakdownAt(r.breakdown, 1) - breakdownAt(r.breakdown, 0) === r.stepPence, {
    message: 'The per-school items of the breakdown must add up to the step',
    path: ['breakdown'],
  });

const perHeadPayment = z
  .object({
    kind: z.literal('per_head_payment'),
    label,
    per: z.enum(headUnits),
    amountPence: pence,
    payee: z.enum(payees),
    source,
    /** The days of release the payment is for (£800 for four days), when the specification says. */
    days: count.optional(),
  })
  .strict();

const fixedPerHub = z
  .object({ kind: z.literal('fixed_per_hub'), label, amountPence: pence, source })
  .strict();

const roleCode = z
  .string()
  .regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'A role code is lower-case words joined by underscores');
const grantByRole = z
  .object({
    kind: z.literal('grant_by_role'),
    label,
    source,
    roles: z.array(z.object({ role: roleCode, label, amountPence: pence }).strict()).min(1),
  })
  .strict()
  .refine((r) => new Set(r.roles.map((x) => x.role)).size === r.roles.length, {
    message: 'Each role may appear once',
    path: ['roles'],
  });

const dayRate = z
  .object({ kind: z.literal('day_rate'), role: z.enum(claimRoles), label, ratePence: pence, source })
  .strict();
const travelClaimable = z.object({ kind: z.literal('travel_claimable'), label, source }).strict();
const costedDays = z
  .object({
    kind: z.literal('costed_days'),
    label,
    items: z.array(z.object({ label, days: count, upToDays: count.optional() }).strict()).min(1),
    /** The days in all, when the specification gives a total ("15 days of supply cover"). */
    totalDays: count.optional(),
  })
  .strict()
  .refine(
    (r) =>
      r.totalDays === undefined ||
      (r.items.reduce((s, i) => s + i.days, 0) <= r.totalDays &&
        r.totalDays <= r.items.reduce((s, i) => s + (i.upToDays ?? i.days), 0)),
    { message: 'The total days must be within what the items add up to', path: ['totalDays'] },
  );
const minGroupSize = z
  .object({ kind: z.literal('min_group_size'), min: count, unit: z.enum(['schools', 'participants']) })
  .strict();
const averageParticipants = z.object({ kind: z.literal('average_participants'), atLeast: count }).strict();
const noCharging = z.object({ kind: z.literal('no_charging'), label }).strict();
const condition = z.object({ kind: z.literal('condition'), label }).strict();

export const grantRuleSchema = z.discriminatedUnion('kind', [
  unitGrant,
  coFundedUnitGrant,
  variableBySchools,
  perHeadPayment,
  fixedPerHub,
  grantByRole,
  dayRate,
  travelClaimable,
  costedDays,
  minGroupSize,
  averageParticipants,
  noCharging,
  condition,
]);
export type GrantRule = z.infer<typeof grantRuleSchema>;
export type GrantRuleKind = GrantRule['kind'];
export type VariableBySchools = z.infer<typeof variableBySchools>;
export type BreakdownItem = z.infer<typeof breakdownItem>;

export const grantRuleKindNames: Record<GrantRuleKind, string> = {
  unit_grant: 'Unit grant',
  co_funded_unit_grant: 'Co-funded unit grant',
  variable_by_schools: 'Variable funding by number of schools',
  per_head_payment: 'Payment per school, participant or lead',
  fixed_per_hub: 'Fixed grant per hub',
  grant_by_role: 'Grant by the hub’s role',
  day_rate: 'Day rate (claimed)',
  travel_claimable: 'Travel (claimed)',
  costed_days: 'Costed days',
  min_group_size: 'Minimum group size',
  average_participants: 'Average participants',
  no_charging: 'No charging',
  condition: 'Condition',
};

export const grantRuleListSchema = z.array(grantRuleSchema).max(30, 'An NCP may have at most 30 rules');

const yearCode = z.string().regex(/^\d{4}\/\d{2}$/, 'The year is written like 2019/20');
export const grantRulesFileSchema = z
  .object({
    year: yearCode,
    source: z.string().trim().min(1).max(1000),
    ncps: z.array(z.object({ code: z.string().trim().min(1).max(30), rules: grantRuleListSchema }).strict()),
  })
  .strict()
  .refine((f) => new Set(f.ncps.map((n) => n.code)).size === f.ncps.length, {
    message: 'Each NCP may appear once',
    path: ['ncps'],
  });
export type GrantRulesFile = z.infer<typeof grantRulesFileSchema>;

/** The total of a breakdown for a number of schools. */
export function breakdownAt(items: readonly BreakdownItem[], schools: number): number {
  return items.reduce(
    (sum, item) => sum + item.quantity * item.ratePence * (item.perSchool ? schools : 1),
    0,
  );
}

/** Variable funding for a number of schools: the base, plus or minus the step for each school of difference. */
export function variableGrant(rule: VariableBySchools, schools: number): number {
  if (!Number.isInteger(schools) || schools < 0) throw new Error(`Not a number of schools: ${schools}`);
  return rule.basePence + rule.stepPence * (schools - rule.referenceSchools);
}

/** The itemised breakdown of variable funding for a number of schools, each item with its amount. */
export function itemise(
  rule: VariableBySchools,
  schools: number,
): { label: string; quantity: number; ratePence: number; amountPence: number }[] {
  return (rule.breakdown ?? []).map((item) => {
    const quantity = item.quantity * (item.perSchool ? schools : 1);
    return { label: item.label, quantity, ratePence: item.ratePence, amountPence: quantity * item.ratePence };
  });
}

/** The amount of a unit grant's shares by source (a plain unit grant has one share). */
export function sharesOf(
  rule: Extract<GrantRule, { kind: 'unit_grant' | 'co_funded_unit_grant' }>,
): { source: FundingSource; amountPence: number }[] {
  return rule.kind === 'unit_grant' ? [{ source: rule.source, amountPence: rule.amountPence }] : rule.shares;
}

/** Reads rules from a form or the database, or returns the problems in words with where they are. */
export function parseGrantRules(
  input: unknown,
): { ok: true; rules: GrantRule[] } | { ok: false; problems: string[] } {
  const parsed = grantRuleListSchema.safeParse(input);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const where = issue.path.length
        ? `Rule ${Number(issue.path[0]) + 1}${issue.path.length > 1 ? ` (${issue.path.slice(1).join('.')})` : ''}: `
        : '';
      return `${where}${issue.message}`;
    }),
  };
}
