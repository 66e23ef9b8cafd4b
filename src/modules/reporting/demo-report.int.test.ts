import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/support/test-app.ts';
import { silentProgress } from '../../platform/progress.ts';
import { loadDemoData } from '../demo/load-demo.ts';
import { type AnnualReport, buildAnnualReport } from './annual-report.ts';

/**
 * The figures of the Maths Hubs Programme Annual Report 2023/24 (seed 001), by the report's own words.
 * "1,500+", "13,900+" and "nearly 900" are taken as 1,500, 13,900 and 900.
 */
const seed2023: [key: string, value: number, words: string][] = [
  ['schools_engaged', 58, '58% Schools in England engaged with their Maths Hub in 2023/24'],
  ['hubs', 40, '40 Maths Hubs'],
  ['cumulative_tfm', 13_900, '13,900+ Schools have engaged with teaching for mastery'],
  ['ncps', 33, '33 Network Collaborative Projects'],
  ['primary_tfm', 7_576, '7,576 schools were involved in Teaching for Mastery Work Groups'],
  [
    'mastering_number_reception_ks1',
    1_349,
    '1,349 Schools involved in Mastering Number at Reception and KS1',
  ],
  ['mastering_number_ks2', 1_111, '1,111 Schools involved in Mastering Number at KS2'],
  ['primary_sktm', 4_582, 'Primary SKTM programmes attracted 4,582 participants'],
  ['secondary_engaged', 2_037, '2,037 [secondary] schools actively participating'],
  ['secondary_tfm_development', 243, '243 schools were at the Development stage'],
  ['secondary_tfm_embedding_sustaining', 986, '986 were embedding or sustaining'],
  ['secondary_non_specialist_sktm', 407, '407 Participants in Secondary Non-specialists SKTM Programme'],
  ['secondary_ta_sktm', 285, '285 Participants in the SKTM Programme for Secondary Teaching Assistants'],
  ['post_16_engaged', 141, '141 schools, colleges and other post-16 institutions'],
  ['post_16_specialists_starting', 52, '52 Post-16 Mastery Specialists beginning training'],
  ['targeted_support', 900, 'nearly 900 schools received Targeted Support'],
  ['llmes', 1_500, '1,500+ Active LLMEs'],
  ['mastery_specialists', 960, '960 Active Mastery Specialists'],
  ['llmes_starting_development', 852, '852 LLMEs starting development programmes'],
  ['riwg_schools', 983, '983 Schools participating in RIWGs'],
  ['riwgs', 108, '108 Research and Innovation Work Groups'],
];

describe('the demonstration network’s annual report 2023/24 against the real one (seed 001)', () => {
  let t: TestContext;
  let report: AnnualReport;

  beforeAll(async () => {
    t = await createTestApp();
    // Pinned to a day when 2023/24 is the demonstration's latest year, complete.
    await loadDemoData(t.services, silentProgress, { today: '2024-08-31' });
    report = await buildAnnualReport(t.db, { yearCode: '2023/24' });
  }, 180_000);
  afterAll(() => t.close());

  it.each(seed2023)('%s is within five per cent of the report’s %d (%s)', (key, expected) => {
    const figure = report.figures.find((f) => f.key === key)!;
    const actual = key === 'schools_engaged' ? figure.percent! : figure.value;
    expect(
      Math.abs(actual - expected) / expected,
      `${key}: ${actual} against ${expected}`,
    ).toBeLessThanOrEqual(0.05);
  });

  it('has registers in every year, so that earlier years compare', () => {
    for (const key of ['schools_engaged', 'primary_tfm', 'primary_sktm', 'llmes']) {
      expect(report.figures.find((f) => f.key === key)!.previous).toBeGreaterThan(0);
    }
  });
});
