import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ActivityFacts, computeGrant, totalOf } from './compute-grant.ts';
import {
  breakdownAt,
  type GrantRule,
  grantRuleSchema,
  itemise,
  parseGrantRules,
  type VariableBySchools,
  variableGrant,
} from './grant-rules.ts';
import { formatPence, parsePounds } from './money.ts';
import { rulesMap, shippedRules } from './shipped-rules.ts';

const rules = rulesMap(shippedRules('2019/20'));
const rulesOf = (code: string) => {
  const found = rules.get(code);
  if (!found) throw new Error(`no rules for ${code}`);
  return found;
};
function ruleOf<K extends GrantRule['kind']>(code: string, kind: K): Extract<GrantRule, { kind: K }> {
  const found = rulesOf(code).find((r) => r.kind === kind);
  if (!found) throw new Error(`no ${kind} rule for ${code}`);
  return found as Extract<GrantRule, { kind: K }>;
}
let nextId = 1;
const activity = (ncpCode: string, over: Partial<ActivityFacts> = {}): ActivityFacts => ({
  id: nextId++,
  title: `Work Group ${nextId}`,
  ncpCode,
  kind: 'work_group',
  status: 'running',
  schools: 7,
  participants: 14,
  leads: 1,
  fundingRole: null,
  ...over,
});
const grantFor = (a: ActivityFacts) => totalOf(computeGrant([a], rules).lines);

describe('the 2019/20 grant rules reproduce every worked figure of section J', () => {
  it('ships rules for every NCP of 2019/20 (19-01 to 19-25)', () => {
    expect([...rules.keys()]).toEqual(
      Array.from({ length: 25 }, (_, i) => `NCP 19-${String(i + 1).padStart(2, '0')}`),
    );
  });

  it('NCP 19-01: 15 days of supply cover for each Specialist’s school (7 + 2/3 + the rest), travel claimable', () => {
    const days = ruleOf('NCP 19-01', 'costed_days');
    expect(days.items.map((i) => i.days)).toEqual([7, 2, 5]);
    expect(days.items.reduce((s, i) => s + i.days, 0)).toBe(14);
    expect(days.items.reduce((s, i) => s + (i.upToDays ?? i.days), 0)).toBe(16);
    // 7 days, then 2 or 3, then the remaining days: 15 in all, which the items allow.
    expect(days.totalDays).toBe(15);
    expect(grantRuleSchema.safeParse({ ...days, totalDays: 17 }).success).toBe(false);
    expect(days.label).toContain('15 days');
    expect(ruleOf('NCP 19-01', 'travel_claimable').source).toBe('mhnf');
    expect(grantFor(activity('NCP 19-01'))).toBe(0);
  });

  it('NCP 19-02: unit grants by role, primary £8,800, secondary hosting £6,000, non-hosting £3,300', () => {
    expect(grantFor(activity('NCP 19-02', { fundingRole: 'primary' }))).toBe(880_000);
    expect(grantFor(activity('NCP 19-02', { fundingRole: 'secondary_hosting' }))).toBe(600_000);
    expect(grantFor(activity('NCP 19-02', { fundingRole: 'secondary_non_hosting' }))).toBe(330_000);
    const { lines, checks } = computeGrant([activity('NCP 19-02')], rules);
    expect(lines).toEqual([]);
    expect(checks.find((c) => c.ruleKind === 'grant_by_role')).toMatchObject({ met: false });
    expect(computeGrant([activity('NCP 19-02', { fundingRole: 'primary' })], rules).lines[0]!.source).toBe(
      'dfe',
    );
    // The DfE's own costs of the exchange are stated, not paid to hubs: 70 + 37 teachers out, 70 + 24 in.
    const dfe = rulesOf('NCP 19-02').find(
      (r) => r.kind === 'condition' && r.label.startsWith('The DfE funds'),
    );
    expect(dfe && 'label' in dfe ? dfe.label.match(/\d+/g) : null).toEqual(['70', '37', '70', '24']);
  });

  it('NCP 19-03 and 19-04: £3,000 for each Secondary Mastery Specialist’s school, for 15 days’ time', () => {
    for (const code of ['NCP 19-03', 'NCP 19-04']) {
      const { lines } = computeGrant([activity(code, { kind: 'programme_cohort', participants: 3 })], rules);
      expect(lines).toEqual([
        expect.objectContaining({
          amountPence: 900_000,
          payee: 'school',
          counts: { participants: 3, days: 45 },
        }),
      ]);
      expect(ruleOf(code, 'per_head_payment')).toMatchObject({ amountPence: 300_000, days: 15 });
    }
  });

  it('NCP 19-05 and 19-06: £800 for four days of release time for each sponsored participant', () => {
    for (const code of ['NCP 19-05', 'NCP 19-06']) {
      expect(ruleOf(code, 'per_head_payment')).toMatchObject({ amountPence: 80_000, days: 4 });
      expect(grantFor(activity(code, { kind: 'programme_cohort', participants: 1 }))).toBe(80_000);
      expect(grantFor(activity(code, { kind: 'programme_cohort', participants: 5 }))).toBe(400_000);
    }
  });

  it('NCP 19-06: PCT members £400 a day and Cohort Leads £350 a day, with travel, through the MHNF', () => {
    const rates = rulesOf('NCP 19-06').filter((r) => r.kind === 'day_rate');
    expect(rates.map((r) => [r.role, r.ratePence, r.source])).toEqual([
      ['pct', 40_000, 'mhnf'],
      ['cohort_lead', 35_000, 'mhnf'],
    ]);
    expect(ruleOf('NCP 19-06', 'travel_claimable').source).toBe('mhnf');
  });

  it('NCP 19-07: a unit grant of £3,500 for each hub’s LLME community, once however many activities', () => {
    const { lines } = computeGrant(
      [activity('NCP 19-07', { kind: 'community' }), activity('NCP 19-07', { kind: 'community' })],
      rules,
    );
    expect(lines.map((l) => l.amountPence)).toEqual([350_000]);
  });

  it('NCP 19-08: costed days, 3 + 3–4 + 2 + 1, and no money on the statement', () => {
    const days = ruleOf('NCP 19-08', 'costed_days');
    expect(days.items.map((i) => [i.days, i.upToDays ?? i.days])).toEqual([
      [3, 3],
      [3, 4],
      [2, 2],
      [1, 1],
    ]);
    expect(grantFor(activity('NCP 19-08'))).toBe(0);
  });

  it('NCP 19-09: £17,800 for a seven-school Work Group, itemised exactly, and ±£2,050 a school', () => {
    const rule = ruleOf('NCP 19-09', 'variable_by_schools');
    expect(itemise(rule, 7).map((i) => [i.quantity, i.ratePence, i.amountPence])).toEqual([
      [6, 35_000, 210_000], // 6 TRGs @ £350 = £2,100
      [21, 35_000, 735_000], // 3 x 7 school visits @ £350 = £7,350
      [6, 20_000, 120_000], // 6 development days @ £200 = £1,200
      [7, 100_000, 700_000], // £1,000 release for each of 7 schools = £7,000
      [1, 15_000, 15_000], // £150 travel
    ]);
    expect(breakdownAt(rule.breakdown!, 7)).toBe(1_780_000);
    expect(grantFor(activity('NCP 19-09', { schools: 7 }))).toBe(1_780_000);
    expect(grantFor(activity('NCP 19-09', { schools: 6 }))).toBe(1_780_000 - 205_000);
    expect(grantFor(activity('NCP 19-09', { schools: 8 }))).toBe(1_780_000 + 205_000);
    // The breakdown explains every size, not just seven.
    for (const n of [5, 6, 8, 9]) expect(breakdownAt(rule.breakdown!, n)).toBe(variableGrant(rule, n));
    const [line] = computeGrant([activity('NCP 19-09', { schools: 6 })], rules).lines;
    expect(line!.explanation).toBe('£17,800 for 7 schools, − £2,050 × 1 school');
    expect(line!.counts).toEqual({ schools: 6 });
  });

  it('NCP 19-10 and 19-16: a unit grant of £3,500 for each Work Group', () => {
    expect(grantFor(activity('NCP 19-10'))).toBe(350_000);
    expect(grantFor(activity('NCP 19-16', { participants: 8 }))).toBe(350_000);
  });

  it('NCP 19-11: £14,150 for seven schools, £1,000 a school: six → £13,150, eight → £15,150', () => {
    expect(grantFor(activity('NCP 19-11', { schools: 7 }))).toBe(1_415_000);
    expect(grantFor(activity('NCP 19-11', { schools: 6 }))).toBe(1_315_000);
    expect(grantFor(activity('NCP 19-11', { schools: 8 }))).toBe(1_515_000);
    expect(rulesOf('NCP 19-11').some((r) => r.kind === 'per_head_payment')).toBe(false); // no grants to schools
  });

  it('NCP 19-12 to 19-14, 19-17 to 19-20 and 19-25: a unit grant of £4,200 for each Work Group', () => {
    for (const n of ['12', '13', '14', '17', '18', '19', '20', '25']) {
      expect(grantFor(activity(`NCP 19-${n}`))).toBe(420_000);
    }
    expect(ruleOf('NCP 19-20', 'travel_claimable').source).toBe('mhnf');
  });

  it('NCP 19-15: section J’s three sums, separately: £9,250 a Work Group, £5,250 a Specialist, £2,000 a school', () => {
    // "a unit grant of £9250 for each Work Group … £5250 funding for each Secondary Mastery Specialist …
    // The participating schools each receive £2000": three sums, not one breakdown of £9,250.
    const { lines } = computeGrant([activity('NCP 19-15', { schools: 2, leads: 1 })], rules);
    expect(lines.map((l) => [l.ruleKind, l.payee, l.amountPence, l.counts])).toEqual([
      ['unit_grant', 'hub', 925_000, {}],
      ['per_head_payment', 'hub', 525_000, { leads: 1 }],
      ['per_head_payment', 'school', 400_000, { schools: 2 }],
    ]);
    expect(grantFor(activity('NCP 19-15', { schools: 2, leads: 1 }))).toBe(925_000 + 525_000 + 400_000);
    expect(grantFor(activity('NCP 19-15', { schools: 3, leads: 1 }))).toBe(925_000 + 525_000 + 600_000);
    expect(rulesOf('NCP 19-15').some((r) => r.kind === 'variable_by_schools')).toBe(false);
    expect(ruleOf('NCP 19-15', 'travel_claimable').source).toBe('mhnf');
  });

  it('NCP 19-21 to 19-23: £4,200 a Work Group = £2,100 AMSP + £2,100 Maths Hub, AMSP share from the AMSP', () => {
    for (const code of ['NCP 19-21', 'NCP 19-22', 'NCP 19-23']) {
      const { lines } = computeGrant([activity(code)], rules);
      expect(lines.map((l) => [l.source, l.amountPence])).toEqual([
        ['maths_hub', 210_000],
        ['amsp', 210_000],
      ]);
      expect(totalOf(lines)).toBe(420_000);
    }
  });

  it('NCP 19-24: £3,500 for each programme; an average of at least 15 participants; no charging', () => {
    const cohorts = [
      activity('NCP 19-24', { kind: 'programme_cohort', participants: 14 }),
      activity('NCP 19-24', { kind: 'programme_cohort', participants: 16 }),
    ];
    const { lines, checks } = computeGrant(cohorts, rules);
    expect(totalOf(lines)).toBe(700_000);
    expect(checks.find((c) => c.ruleKind === 'average_participants')).toMatchObject({ met: true });
    expect(checks.find((c) => c.ruleKind === 'no_charging')).toMatchObject({ met: null });
    const short = computeGrant(
      [activity('NCP 19-24', { kind: 'programme_cohort', participants: 14 })],
      rules,
    );
    expect(short.checks.find((c) => c.ruleKind === 'average_participants')).toMatchObject({
      met: false,
      message: 'An average of 14 participants on 1 programme; the specification expects at least 15',
    });
  });

  it('checks minimum group sizes (Years 5–8 Continuity: at least 5 teachers)', () => {
    const { checks } = computeGrant([activity('NCP 19-18', { participants: 4 })], rules);
    expect(checks).toEqual([expect.objectContaining({ ruleKind: 'min_group_size', met: false })]);
  });

  it('gives a cancelled activity no grant', () => {
    expect(grantFor(activity('NCP 19-12', { status: 'cancelled' }))).toBe(0);
  });
});

describe('validation of grant rules', () => {
  it('refuses co-funded shares that do not add up, a breakdown that does not explain the base, and negatives', () => {
    const bad = parseGrantRules([
      {
        kind: 'co_funded_unit_grant',
        label: 'x',
        totalPence: 420_000,
        shares: [
          { source: 'maths_hub', amountPence: 210_000 },
          { source: 'amsp', amountPence: 200_000 },
        ],
      },
      { kind: 'unit_grant', label: 'y', amountPence: -1, source: 'maths_hub' },
      {
        kind: 'variable_by_schools',
        label: 'z',
        source: 'maths_hub',
        referenceSchools: 7,
        basePence: 1_780_000,
        stepPence: 205_000,
        breakdown: [{ label: 'TRGs', quantity: 6, ratePence: 35_000, perSchool: false }],
      },
      { kind: 'unit_grant', label: 'w', amountPence: 10.5, source: 'maths_hub' },
    ]);
    expect(bad).toEqual({
      ok: false,
      problems: [
        'Rule 1 (shares): The shares must add up to the total',
        'Rule 2 (amountPence): Amounts cannot be negative',
        'Rule 3 (breakdown): The breakdown must add up to the base at the reference number of schools',
        'Rule 3 (breakdown): The per-school items of the breakdown must add up to the step',
        'Rule 4 (amountPence): Amounts are whole numbers of pence',
      ],
    });
  });

  it('refuses a step so large that a small group would get less than nothing', () => {
    const r = grantRuleSchema.safeParse({
      kind: 'variable_by_schools',
      label: 'x',
      source: 'maths_hub',
      referenceSchools: 7,
      basePence: 100_000,
      stepPence: 20_000,
    });
    expect(r.success).toBe(false);
  });
});

describe('money', () => {
  it('shows pence as pounds and reads pounds typed into a form', () => {
    expect(formatPence(1_780_000)).toBe('£17,800');
    expect(formatPence(1_050)).toBe('£10.50');
    expect(formatPence(-205_000)).toBe('−£2,050');
    expect(parsePounds('£1,234.5')).toBe(123_450);
    expect(parsePounds('12.345')).toBeNull();
    expect(parsePounds('abc')).toBeNull();
  });

  it('groups the pounds by thousands as en-GB writes them, for any whole number of pence', () => {
    expect(formatPence(0)).toBe('£0');
    expect(formatPence(99_999)).toBe('£999.99');
    expect(formatPence(100_000)).toBe('£1,000');
    expect(formatPence(123_456_789_00)).toBe('£123,456,789');
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (pence) => {
        const pounds = Math.floor(Math.abs(pence) / 100).toLocaleString('en-GB');
        expect(formatPence(pence)).toMatch(new RegExp(`^−?£${pounds}(\\.\\d\\d)?$`));
      }),
    );
  });
});

describe('properties of the rules', () => {
  const variableRule = fc
    .record({
      referenceSchools: fc.integer({ min: 1, max: 20 }),
      stepPence: fc.integer({ min: 0, max: 500_000 }),
      extra: fc.integer({ min: 0, max: 5_000_000 }),
    })
    .map(
      ({ referenceSchools, stepPence, extra }): VariableBySchools => ({
        kind: 'variable_by_schools',
        label: 'Variable funding',
        source: 'maths_hub',
        referenceSchools,
        stepPence,
        basePence: stepPence * referenceSchools + extra,
      }),
    )
    .filter((r) => grantRuleSchema.safeParse(r).success);

  it('a Work Group’s variable grant is never negative, whatever its size, for any valid rule', () => {
    fc.assert(
      fc.property(variableRule, fc.integer({ min: 0, max: 60 }), (rule, schools) => {
        expect(variableGrant(rule, schools)).toBeGreaterThanOrEqual(0);
        expect(Number.isSafeInteger(variableGrant(rule, schools))).toBe(true);
      }),
    );
  });

  it('adding a school changes the grant by exactly the step (shipped rules and any valid rule)', () => {
    const shipped = ['NCP 19-09', 'NCP 19-11'].map((c) => ruleOf(c, 'variable_by_schools'));
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...shipped), variableRule),
        fc.integer({ min: 0, max: 60 }),
        (rule, schools) => {
          const a = activity('X', { schools });
          const b = { ...a, schools: schools + 1 };
          const map = new Map([['X', [rule]]]);
          expect(totalOf(computeGrant([b], map).lines) - totalOf(computeGrant([a], map).lines)).toBe(
            rule.stepPence,
          );
        },
      ),
    );
  });

  it('the parts of a co-funded grant always add up to its total, and each part is a line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (hub, amsp) => {
          const rule = grantRuleSchema.parse({
            kind: 'co_funded_unit_grant',
            label: 'Level 3',
            totalPence: hub + amsp,
            shares: [
              { source: 'maths_hub', amountPence: hub },
              { source: 'amsp', amountPence: amsp },
            ],
          });
          const { lines } = computeGrant([activity('L3')], new Map([['L3', [rule]]]));
          expect(lines).toHaveLength(2);
          expect(totalOf(lines)).toBe(hub + amsp);
        },
      ),
    );
  });

  it('a statement’s total is the sum of its lines, and adding activities never lowers it', () => {
    const codes = [...rules.keys()];
    const facts = fc.record({
      ncpCode: fc.constantFrom(...codes),
      schools: fc.integer({ min: 0, max: 12 }),
      participants: fc.integer({ min: 0, max: 40 }),
      leads: fc.integer({ min: 0, max: 3 }),
      fundingRole: fc.constantFrom(null, 'primary', 'secondary_hosting'),
    });
    fc.assert(
      fc.property(fc.array(facts, { maxLength: 12 }), facts, (list, more) => {
        const all = list.map((f) => activity(f.ncpCode, f));
        const before = totalOf(computeGrant(all, rules).lines);
        const after = totalOf(computeGrant([...all, activity(more.ncpCode, more)], rules).lines);
        expect(after).toBeGreaterThanOrEqual(before);
        expect(computeGrant(all, rules).lines.every((l) => l.amountPence >= 0)).toBe(true);
      }),
    );
  });
});
