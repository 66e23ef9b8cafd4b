import type { ActivityKind, ActivityStatus } from '../activities/schema.ts';
import {
  type FundingSource,
  type GrantRule,
  type GrantRuleKind,
  itemise,
  type Payee,
  sharesOf,
  variableGrant,
} from './grant-rules.ts';
import { formatPence } from './money.ts';

/** What the records say about one activity: the counts a grant rule may use. */
export interface ActivityFacts {
  id: number;
  title: string;
  ncpCode: string;
  kind: ActivityKind;
  status: ActivityStatus;
  /** Schools taking part (not withdrawn). */
  schools: number;
  /** Participants enrolled (not withdrawn). */
  participants: number;
  leads: number;
  /** The hub's role, for rules that pay by role (the China exchange), if one has been recorded. */
  fundingRole: string | null;
}

/** An approved or paid claim, which the statement shows as money owed from its source. */
export interface ClaimFacts {
  id: number;
  ncpCode: string | null;
  description: string;
  amountPence: number;
  days: number | null;
}

export interface LineCounts {
  schools?: number;
  participants?: number;
  leads?: number;
  days?: number;
}

/** One line of a grant statement, traceable to its activity (or claim), its NCP rule and the counts used. */
export interface GrantLine {
  /** Stable identity of the line across revisions: what it pays for, under which rule, from which source. */
  key: string;
  activityId: number | null;
  activityTitle: string;
  claimId: number | null;
  ncpCode: string;
  ruleKind: GrantRuleKind | 'claim';
  ruleLabel: string;
  source: FundingSource;
  payee: Payee;
  amountPence: number;
  counts: LineCounts;
  /** How the amount was reached, in words ("£17,800 for 7 schools, − £2,050 × 1 school"). */
  explanation: string;
  items?: { label: string; quantity: number; ratePence: number; amountPence: number }[];
}

/** An expectation that is not money: met (true), not met (false), or stated only (null: no records show it). */
export interface GrantCheck {
  ncpCode: string;
  activityId: number | null;
  ruleKind: GrantRuleKind;
  met: boolean | null;
  message: string;
}

const activityNouns: Record<ActivityKind, string> = {
  work_group: 'Work Group',
  programme_cohort: 'programme',
  community: 'community',
  targeted_support: 'partnership',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function line(
  activity: ActivityFacts,
  rule: GrantRule & { label: string },
  source: FundingSource,
  rest: Omit<
    GrantLine,
    'key' | 'activityId' | 'activityTitle' | 'claimId' | 'ncpCode' | 'ruleKind' | 'ruleLabel' | 'source'
  >,
): GrantLine {
  return {
    key: `activity:${activity.id}|${rule.kind}|${rule.label}|${source}`,
    activityId: activity.id,
    activityTitle: activity.title,
    claimId: null,
    ncpCode: activity.ncpCode,
    ruleKind: rule.kind,
    ruleLabel: rule.label,
    source,
    ...rest,
  };
}

function variableExplanation(base: number, step: number, reference: number, schools: number): string {
  const difference = schools - reference;
  const start = `${formatPence(base)} for ${plural(reference, 'school')}`;
  if (difference === 0) return start;
  return `${start}, ${difference > 0 ? '+' : '−'} ${formatPence(step)} × ${plural(Math.abs(difference), 'school')}`;
}

/** The lines and checks one rule gives for one activity (rules of the whole hub are handled apart). */
function activityLines(activity: ActivityFacts, rule: GrantRule, checks: GrantCheck[]): GrantLine[] {
  switch (rule.kind) {
    case 'unit_grant':
    case 'co_funded_unit_grant': {
      const shares = sharesOf(rule);
      const total = shares.reduce((sum, s) => sum + s.amountPence, 0);
      return shares.map((share) =>
        line(activity, rule, share.source, {
          payee: 'hub',
          amountPence: share.amountPence,
          counts: {},
          explanation:
            shares.length > 1
              ? `${formatPence(share.amountPence)} of the ${formatPence(total)} for each Work Group`
              : `${formatPence(share.amountPence)} for each ${activityNouns[activity.kind]}`,
        }),
      );
    }
    case 'variable_by_schools':
      return [
        line(activity, rule, rule.source, {
          payee: 'hub',
          amountPence: variableGrant(rule, activity.schools),
          counts: { schools: activity.schools },
          explanation: variableExplanation(
            rule.basePence,
            rule.stepPence,
            rule.referenceSchools,
            activity.schools,
          ),
          ...(rule.breakdown ? { items: itemise(rule, activity.schools) } : {}),
        }),
      ];
    case 'per_head_payment': {
      const n =
        rule.per === 'school'
          ? activity.schools
          : rule.per === 'participant'
            ? activity.participants
            : activity.leads;
      const counts: LineCounts = { [`${rule.per}s`]: n };
      if (rule.days) counts.days = rule.days * n;
      return [
        line(activity, rule, rule.source, {
          payee: rule.payee,
          amountPence: rule.amountPence * n,
          counts,
          explanation: `${formatPence(rule.amountPence)} × ${plural(n, rule.per)}${rule.days ? ` (${plural(rule.days, 'day')} each)` : ''}`,
        }),
      ];
    }
    case 'grant_by_role': {
      const role = rule.roles.find((r) => r.role === activity.fundingRole);
      if (!role) {
        checks.push({
          ncpCode: activity.ncpCode,
          activityId: activity.id,
          ruleKind: rule.kind,
          met: false,
          message: `Record the hub’s role for “${activity.title}” (${rule.roles.map((r) => r.label).join(', ')}): no grant is stated until it is recorded`,
        });
        return [];
      }
      return [
        line(activity, rule, rule.source, {
          payee: 'hub',
          amountPence: role.amountPence,
          counts: {},
          explanation: `${role.label}: ${formatPence(role.amountPence)}`,
        }),
      ];
    }
    case 'min_group_size': {
      const n = rule.unit === 'schools' ? activity.schools : activity.participants;
      checks.push({
        ncpCode: activity.ncpCode,
        activityId: activity.id,
        ruleKind: rule.kind,
        met: n >= rule.min,
        message: `“${activity.title}” has ${plural(n, rule.unit.slice(0, -1))}; the specification expects at least ${rule.min}`,
      });
      return [];
    }
    default:
      return [];
  }
}

/**
 * A hub's grant for a year from what it ran: every activity that is not cancelled, under its NCP's rules,
 * plus approved and paid claims. Pure and exact (integer pence): the same records give the same lines.
 */
export function computeGrant(
  activities: readonly ActivityFacts[],
  rulesByNcp: ReadonlyMap<string, readonly GrantRule[]>,
  claims: readonly ClaimFacts[] = [],
): { lines: GrantLine[]; checks: GrantCheck[] } {
  const lines: GrantLine[] = [];
  const checks: GrantCheck[] = [];
  const counted = activities.filter((a) => a.status !== 'cancelled');
  const byNcp = new Map<string, ActivityFacts[]>();
  for (const a of [...counted].sort((x, y) => x.id - y.id)) {
    const group = byNcp.get(a.ncpCode);
    if (group) group.push(a);
    else byNcp.set(a.ncpCode, [a]);
  }
  for (const [ncpCode, group] of [...byNcp].sort(([a], [b]) => a.localeCompare(b))) {
    const rules = rulesByNcp.get(ncpCode) ?? [];
    for (const activity of group) {
      for (const rule of rules) lines.push(...activityLines(activity, rule, checks));
    }
    for (const rule of rules) {
      if (rule.kind === 'fixed_per_hub') {
        // Once for the hub, traced to the first activity of the NCP that earns it.
        const first = group[0]!;
        lines.push({
          ...line(first, rule, rule.source, {
            payee: 'hub',
            amountPence: rule.amountPence,
            counts: {},
            explanation: `${formatPence(rule.amountPence)} for the hub`,
          }),
          key: `hub|${ncpCode}|${rule.kind}|${rule.label}|${rule.source}`,
        });
      } else if (rule.kind === 'average_participants') {
        const total = group.reduce((sum, a) => sum + a.participants, 0);
        // Compared without division: total ≥ atLeast × count is average ≥ atLeast, exactly.
        const met = total >= rule.atLeast * group.length;
        const average = Math.round((total / group.length) * 10) / 10;
        checks.push({
          ncpCode,
          activityId: null,
          ruleKind: rule.kind,
          met,
          message: `An average of ${average} participants on ${plural(group.length, 'programme')}; the specification expects at least ${rule.atLeast}`,
        });
      } else if (rule.kind === 'no_charging' || rule.kind === 'condition') {
        checks.push({ ncpCode, activityId: null, ruleKind: rule.kind, met: null, message: rule.label });
      }
    }
  }
  for (const claim of claims) {
    lines.push({
      key: `claim:${claim.id}`,
      activityId: null,
      activityTitle: `Claim ${claim.id}: ${claim.description}`,
      claimId: claim.id,
      ncpCode: claim.ncpCode ?? '',
      ruleKind: 'claim',
      ruleLabel: 'Approved claim',
      source: 'mhnf',
      payee: 'hub',
      amountPence: claim.amountPence,
      counts: claim.days ? { days: claim.days } : {},
      explanation: claim.days ? `${plural(claim.days, 'day')}` : 'Travel',
    });
  }
  return { lines, checks };
}

export const totalOf = (lines: readonly { amountPence: number }[]) =>
  lines.reduce((sum, l) => sum + l.amountPence, 0);

/** Totals of lines by a key (source, NCP…), in the order first seen. */
export function totalsBy<T extends { amountPence: number }>(lines: readonly T[], keyOf: (line: T) => string) {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(keyOf(l), (totals.get(keyOf(l)) ?? 0) + l.amountPence);
  return [...totals].map(([key, amountPence]) => ({ key, amountPence }));
}
